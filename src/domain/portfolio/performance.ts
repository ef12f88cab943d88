import { Decimal, HUNDRED, ZERO } from '../decimal.js';
import type { DailyCashFlow } from './holdings.js';
import { asDecimal, asOptionalDecimal, type DecimalInput } from './values.js';
import { xirr } from './xirr.js';

/** A portfolio's balance row (product.md §5 "Balances"). */
export interface BalanceRow {
  /** `YYYY-MM-DD`. */
  date: string;
  finalBalance: DecimalInput;
  deposits?: DecimalInput | null;
  withdrawals?: DecimalInput | null;
  /** The index's change that day, in percent; absent counts as 0. */
  indexChange?: DecimalInput | null;
}

/** The §5 performance block, all in percent (percentage points for `excessReturn`); null when not computable. */
export interface Performance {
  twr: Decimal | null;
  mwr: Decimal | null;
  maxDrawdown: Decimal | null;
  indexReturn: Decimal | null;
  excessReturn: Decimal | null;
}

interface Row {
  date: string;
  final: Decimal;
  deposits: Decimal;
  withdrawals: Decimal;
  indexChange: Decimal | null;
}

const ONE = new Decimal(1);

function rowsByDate(rows: readonly BalanceRow[]): Row[] {
  return rows
    .map((r) => ({
      date: r.date,
      final: asDecimal(r.finalBalance),
      deposits: asOptionalDecimal(r.deposits) ?? ZERO,
      withdrawals: asOptionalDecimal(r.withdrawals) ?? ZERO,
      indexChange: asOptionalDecimal(r.indexChange),
    }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * Time-weighted return, daily-linked over the balance rows, in percent. A row's deposits and withdrawals
 * count at the start of its day: its return is final / (previous final + deposits − withdrawals) − 1.
 * Decided where the spec is silent: before the first row the previous final is 0, so a first row that
 * records the opening deposit earns its first day's return, and a first row without deposits is simply the
 * base. A day that starts with nothing invested (that sum ≤ 0) has no return and is skipped.
 * Null when no day has a return (no rows, or one row without deposits).
 */
export function timeWeightedReturn(balances: readonly BalanceRow[]): Decimal | null {
  return twrOf(rowsByDate(balances));
}

function twrOf(rows: readonly Row[]): Decimal | null {
  // Π final / start, kept as two products and divided once: a Decimal division costs several multiplications.
  let previous = ZERO;
  let finals = ONE;
  let starts = ONE;
  let periods = 0;
  for (const row of rows) {
    const start = previous.plus(row.deposits).minus(row.withdrawals);
    if (start.gt(0)) {
      finals = finals.times(row.final);
      starts = starts.times(start);
      periods++;
    }
    previous = row.final;
  }
  return periods === 0 ? null : finals.div(starts).minus(ONE).times(HUNDRED);
}

/**
 * The largest fall from a running peak of the final balances, as a positive percent (0 when the balance
 * never falls). It reads the balance series as it is, so a withdrawal shows as a fall. Null without rows.
 */
export function maxDrawdown(balances: readonly BalanceRow[]): Decimal | null {
  return maxDrawdownOf(rowsByDate(balances));
}

function maxDrawdownOf(rows: readonly Row[]): Decimal | null {
  if (rows.length === 0) return null;
  let peak: Decimal | null = null;
  // The worst fall so far as the fraction fall / from, compared by cross-multiplying (no division per row).
  let fall = ZERO;
  let from = ONE;
  for (const row of rows) {
    if (peak === null || row.final.gt(peak)) {
      peak = row.final;
    } else if (peak.gt(0)) {
      const drop = peak.minus(row.final);
      if (drop.times(from).gt(fall.times(peak))) {
        fall = drop;
        from = peak;
      }
    }
  }
  return fall.div(from).times(HUNDRED);
}

/** The index changes of the rows compounded: (Π(1 + change/100) − 1) × 100; a missing change counts as 0. Null without rows. */
export function indexReturn(balances: readonly BalanceRow[]): Decimal | null {
  return indexReturnOf(rowsByDate(balances));
}

function indexReturnOf(rows: readonly Row[]): Decimal | null {
  if (rows.length === 0) return null;
  let growth = ONE;
  for (const row of rows) {
    if (row.indexChange !== null) growth = growth.times(ONE.plus(row.indexChange.div(HUNDRED)));
  }
  return growth.minus(ONE).times(HUNDRED);
}

/** A balance row with the returns from the first row up to and including it, in percent. */
export interface PerformancePoint {
  date: string;
  finalBalance: Decimal;
  /** The time-weighted return so far; null until a day has a return. */
  twr: Decimal | null;
  /** The index's changes so far, compounded. */
  indexReturn: Decimal;
}

/**
 * The portfolio against the index on one scale: at each balance row, the time-weighted return and the
 * index return from the first row to that one, by the same rules as `timeWeightedReturn` and `indexReturn`
 * (so the last point is the whole history's `twr` and `index_return`).
 */
export function performanceSeries(balances: readonly BalanceRow[]): PerformancePoint[] {
  let previous = ZERO;
  let finals = ONE;
  let starts = ONE;
  let periods = 0;
  let index = ONE;
  return rowsByDate(balances).map((row) => {
    const start = previous.plus(row.deposits).minus(row.withdrawals);
    if (start.gt(0)) {
      finals = finals.times(row.final);
      starts = starts.times(start);
      periods++;
    }
    previous = row.final;
    if (row.indexChange !== null) index = index.times(ONE.plus(row.indexChange.div(HUNDRED)));
    return {
      date: row.date,
      finalBalance: row.final,
      twr: periods === 0 ? null : finals.div(starts).minus(ONE).times(HUNDRED),
      indexReturn: index.minus(ONE).times(HUNDRED),
    };
  });
}

/** twr − index return, in percentage points; null when either is null. */
export function excessReturn(twr: Decimal | null, index: Decimal | null): Decimal | null {
  return twr === null || index === null ? null : twr.minus(index);
}

/**
 * Money-weighted return in percent: the annualized XIRR (actual/365) of the trades' cash flows (buys and buy
 * fees out, sells net of fees and dividends in; `replay(..., {cashFlows: true})` gives them) plus the
 * portfolio's market value as an inflow on the valuation date. Null when XIRR has no solution.
 */
export function moneyWeightedReturn(
  cashFlows: readonly DailyCashFlow[],
  valuation: { date: string; value: Decimal },
): Decimal | null {
  const rate = xirr([...cashFlows, { date: valuation.date, amount: valuation.value }]);
  return rate === null ? null : rate.times(HUNDRED);
}

/**
 * The valuation date of the money-weighted return (§5): the latest price date among the holdings, else the
 * latest trade date; null when there is neither (no trades).
 */
export function mwrValuationDate(
  holdings: readonly { priceDate: string | null }[],
  lastTradeDate: string | null,
): string | null {
  let latest: string | null = null;
  for (const h of holdings) if (h.priceDate !== null && (latest === null || h.priceDate > latest)) latest = h.priceDate;
  return latest ?? lastTradeDate;
}

export interface PerformanceInput {
  balances: readonly BalanceRow[];
  cashFlows: readonly DailyCashFlow[];
  /** The portfolio's value (holdings without a price at cost), i.e. `valueHoldings(...).totals.marketValue`. */
  marketValue: Decimal;
  /** From `mwrValuationDate`; null means no money-weighted return. */
  valuationDate: string | null;
}

export function computePerformance(input: PerformanceInput): Performance {
  const rows = rowsByDate(input.balances);
  const twr = twrOf(rows);
  const index = indexReturnOf(rows);
  return {
    twr,
    mwr:
      input.valuationDate === null
        ? null
        : moneyWeightedReturn(input.cashFlows, { date: input.valuationDate, value: input.marketValue }),
    maxDrawdown: maxDrawdownOf(rows),
    indexReturn: index,
    excessReturn: excessReturn(twr, index),
  };
}

/**
 * One balance series for several portfolios (the household-wide analytics). Decided where the spec is
 * silent: on each date any portfolio has a row, the final balance is the sum of every portfolio's latest
 * final balance so far (a portfolio without a row that day carries its last one forward, 0 before its first),
 * deposits and withdrawals are the sums of that date's rows, and the index change is the first one given
 * that date (the household follows one index).
 */
export function combineBalances(portfolios: readonly (readonly BalanceRow[])[]): BalanceRow[] {
  const sorted = portfolios.map(rowsByDate);
  const dates = [...new Set(sorted.flatMap((rows) => rows.map((r) => r.date)))].sort();
  const cursor = sorted.map(() => 0);
  const latest = sorted.map(() => ZERO);
  return dates.map((date) => {
    let deposits = ZERO;
    let withdrawals = ZERO;
    let indexChange: Decimal | null = null;
    sorted.forEach((rows, p) => {
      const row = rows[cursor[p] as number];
      if (row !== undefined && row.date === date) {
        latest[p] = row.final;
        deposits = deposits.plus(row.deposits);
        withdrawals = withdrawals.plus(row.withdrawals);
        indexChange ??= row.indexChange;
        cursor[p] = (cursor[p] as number) + 1;
      }
    });
    const finalBalance = latest.reduce((total, v) => total.plus(v), ZERO);
    return { date, finalBalance, deposits, withdrawals, indexChange };
  });
}
