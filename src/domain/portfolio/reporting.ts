import type { CurrencyConverter } from '../currency/rates.js';
import { Decimal, sum, ZERO } from '../decimal.js';
import {
  type AnalyticsFigures,
  allocate,
  assessRisk,
  byValueThenName,
  computeAnalytics,
  DEFAULT_CONCENTRATION_LIMIT,
  DIVERSIFIED_FROM,
  findOverweight,
  type StockProfile,
  UNKNOWN_CATEGORY,
} from './analytics.js';
import { toDay } from './dates.js';
import type { DailyCashFlow, Holding } from './holdings.js';
import type { BalanceRow, Performance } from './performance.js';
import type { TradeRecord } from './trades.js';
import {
  type HoldingTotals,
  type HoldingView,
  isListedHolding,
  type PriceQuote,
  totalsOf,
  valueHolding,
} from './valuation.js';
import { asDecimal, percentOf } from './values.js';

/**
 * Holdings reported in one currency (product.md section 14): the portfolio's for its holdings and analytics, the
 * household's base currency for the household's. A stock's trades and prices are in its own (native) currency;
 * cost is converted at each trade's date, value at the valuation date's rate (the date of the price).
 *
 * Converting a stock's trades (price, fee and amount at the trade's rate) and replaying them gives the cost side in
 * the reporting currency with exactly the replay's rules: a sell takes the converted cost of the shares it sells
 * (their buys' rates), and its realized P&L is the proceeds at the sell's rate minus that cost. Valuing that
 * holding at the price times the valuation rate gives the rest, so the reporting view is an ordinary HoldingView.
 * A holding in the reporting currency itself is reported as it is: a single-currency household's numbers are the
 * ones it had before currencies existed.
 */

const ONE = new Decimal(1);

/** One holding, in its own currency and in the reporting currency. */
export interface ReportedHolding {
  stockId: string;
  nativeCurrency: string;
  /** Valued in the stock's own currency (weight left at 0). */
  native: HoldingView;
  /** The cost side in the reporting currency (from the converted trades); null when a trade's rate is missing. */
  cost: Holding | null;
  /** Valued in the reporting currency; null when any rate it needs is missing. */
  view: HoldingView | null;
  /** The price and market value in the reporting currency: they need the valuation rate only. */
  currentPrice: Decimal | null;
  marketValue: Decimal | null;
  /** What it counts for in the reporting currency (market value, at cost when unpriced, 0 sold out); null unknown. */
  value: Decimal | null;
  /** Units of the reporting currency per native unit on the price's date; null without a price or that rate. */
  fxRate: Decimal | null;
  /** (native market value − native cost) × the valuation rate; null without a price or rate. */
  priceEffect: Decimal | null;
  /** native cost × the valuation rate − the cost at the trades' rates; priceEffect + currencyEffect = unrealized P&L. */
  currencyEffect: Decimal | null;
  /** Share of the listed holdings' total value, percent; null when any value is unknown. */
  weight: Decimal | null;
}

export interface ReportedTotals {
  costBasis: Decimal | null;
  marketValue: Decimal | null;
  realizedPnl: Decimal | null;
  unrealizedPnl: Decimal | null;
  dividends: Decimal | null;
  priceEffect: Decimal | null;
  currencyEffect: Decimal | null;
  positionCount: number;
}

export interface ReportedHoldings {
  currency: string;
  items: ReportedHolding[];
  totals: ReportedTotals;
}

/**
 * A stock's trades in the reporting currency: price, fee and amount times the rate of the trade's day (splits and
 * quantities unchanged). Null when any trade's rate is missing (each missing rate is noted by the converter).
 */
export function convertTrades(
  trades: readonly TradeRecord[],
  nativeCurrency: string,
  converter: CurrencyConverter,
): TradeRecord[] | null {
  let complete = true;
  const converted = trades.map((trade) => {
    if (trade.type === 'split') return trade;
    const rate = converter.rateFrom(nativeCurrency, toDay(trade.tradeDate));
    if (rate === null) {
      complete = false;
      return trade;
    }
    const times = (value: TradeRecord['price']) =>
      value === null || value === undefined ? value : asDecimal(value).times(rate);
    return { ...trade, price: times(trade.price), fee: times(trade.fee), amount: times(trade.amount) };
  });
  return complete ? converted : null;
}

export interface HoldingToReport {
  /** The stored position, in the stock's currency. */
  native: Holding;
  nativeCurrency: string;
  quote: PriceQuote | undefined;
  /**
   * The position replayed from the converted trades (`convertTrades`); only read when the native currency is not
   * the reporting one. Null when a trade's rate is missing.
   */
  converted: Holding | null;
}

/**
 * Reports one holding in the converter's currency. The value side (price, market value) needs the valuation date's
 * rate and the cost side (cost, realized P&L, dividends) the trades' rates: each is null without its own rates, and
 * only the unrealized P&L and the currency effect need both. A holding sold out is worth nothing in any currency, so
 * its valuation needs no rate.
 */
export function reportHolding(input: HoldingToReport, converter: CurrencyConverter): ReportedHolding {
  const { native: holding, nativeCurrency, quote } = input;
  const native = valueHolding(holding, quote);
  const base = { stockId: holding.stockId, nativeCurrency, native, weight: null };
  if (nativeCurrency === converter.target) {
    return {
      ...base,
      cost: holding,
      view: native,
      fxRate: quote === undefined ? null : ONE,
      currentPrice: native.currentPrice,
      marketValue: native.marketValue,
      value: native.value,
      priceEffect: native.unrealizedPnl,
      currencyEffect: quote === undefined ? null : ZERO,
    };
  }
  const cost = input.converted;
  const held = !holding.quantity.isZero();
  const fxRate =
    quote === undefined
      ? null
      : held
        ? converter.rateFrom(nativeCurrency, quote.date)
        : converter.rateIfKnown(nativeCurrency, quote.date);
  const convertedQuote =
    quote === undefined || fxRate === null
      ? undefined
      : { price: asDecimal(quote.price).times(fxRate), date: quote.date };
  const currentPrice = convertedQuote === undefined ? null : convertedQuote.price;
  const marketValue = currentPrice === null ? null : holding.quantity.times(currentPrice);
  // Unpriced, a holding counts at cost (as in the analytics); sold out, for nothing.
  const value = !held ? ZERO : quote === undefined ? (cost?.costBasis ?? null) : marketValue;
  const view =
    cost === null || (quote !== undefined && held && convertedQuote === undefined)
      ? null
      : valueHolding(cost, convertedQuote);
  const priceEffect = fxRate === null || native.unrealizedPnl === null ? null : native.unrealizedPnl.times(fxRate);
  const currencyEffect =
    fxRate === null || cost === null ? null : holding.costBasis.times(fxRate).minus(cost.costBasis);
  return { ...base, cost, view, fxRate, currentPrice, marketValue, value, priceEffect, currencyEffect };
}

/** Sums values that may be unknown: unknown when any is. */
function sumKnown(values: readonly (Decimal | null)[]): Decimal | null {
  return values.some((v) => v === null) ? null : sum(values as Decimal[]);
}

/**
 * The listed holdings (see `isListedHolding`) with their weights, and the totals. Weights and totals that need an
 * unknown amount are unknown; when nothing is unknown they are exactly those of `valueHoldings`.
 */
export function reportHoldings(currency: string, holdings: readonly ReportedHolding[]): ReportedHoldings {
  // Listed by its figures in either currency: a round trip at one price can realize a gain in the reporting
  // currency only, and a holding whose converted figures are unknown may have one.
  const listed = holdings.filter((h) => isListedHolding(h.native) || h.cost === null || isListedHolding(h.cost));
  const values = listed.map((h) => h.value);
  const totalValue = sumKnown(values);
  const items = listed.map((h) => ({
    ...h,
    weight: totalValue === null || h.value === null ? null : percentOf(h.value, totalValue),
  }));
  const views = listed.map((h) => h.view);
  const priced = items.filter((h) => h.native.marketValue !== null);
  const known: HoldingTotals | null = views.every((v) => v !== null) ? totalsOf(views as HoldingView[]) : null;
  return {
    currency,
    items,
    totals: {
      costBasis: known?.costBasis ?? sumKnown(items.map((h) => h.cost?.costBasis ?? null)),
      marketValue: known?.marketValue ?? totalValue,
      realizedPnl: known?.realizedPnl ?? sumKnown(items.map((h) => h.cost?.realizedPnl ?? null)),
      unrealizedPnl: known?.unrealizedPnl ?? sumKnown(priced.map((h) => h.view?.unrealizedPnl ?? null)),
      dividends: known?.dividends ?? sumKnown(items.map((h) => h.cost?.dividends ?? null)),
      priceEffect: sumKnown(priced.map((h) => h.priceEffect)),
      currencyEffect: sumKnown(priced.map((h) => h.currencyEffect)),
      positionCount: items.filter((h) => !h.native.quantity.isZero()).length,
    },
  };
}

/** Daily cash flows of several sources summed per day, in day order (the input of the money-weighted return). */
export function mergeCashFlows(sources: readonly (readonly DailyCashFlow[])[]): DailyCashFlow[] {
  const byDay = new Map<string, Decimal>();
  for (const flows of sources)
    for (const flow of flows) byDay.set(flow.date, (byDay.get(flow.date) ?? ZERO).plus(flow.amount));
  return [...byDay].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([date, amount]) => ({ date, amount }));
}

export interface ReportedAnalyticsInput {
  holdings: readonly ReportedHolding[];
  stocks: ReadonlyMap<string, StockProfile>;
  concentrationLimit?: Decimal;
  performance: Performance;
}

export const UNKNOWN_CONCENTRATION_REASON =
  'Concentration is unknown until the missing exchange rates are added: some positions cannot be valued';

/**
 * The analytics of §5 in the reporting currency. With every value known they are `computeAnalytics` of the
 * reported views. Otherwise nothing is summed across an unknown: the totals that need a missing rate are null, each
 * allocation group keeps its name with its value when all of its positions are known and no percentage (the whole
 * is unknown), no position can be called overweight or the portfolio well diversified, and the risk says why.
 */
export function computeReportedAnalytics(input: ReportedAnalyticsInput): AnalyticsFigures {
  const limit = input.concentrationLimit ?? DEFAULT_CONCENTRATION_LIMIT;
  const views = input.holdings.map((h) => h.view);
  if (views.every((v) => v !== null)) {
    return computeAnalytics({
      holdings: views as HoldingView[],
      stocks: input.stocks,
      concentrationLimit: limit,
      performance: input.performance,
    });
  }
  const positions = new Map<string, { stockId: string; profile: StockProfile; value: Decimal | null }>();
  for (const h of input.holdings) {
    if (h.native.quantity.isZero()) continue;
    const existing = positions.get(h.stockId);
    if (existing !== undefined)
      existing.value = existing.value === null || h.value === null ? null : existing.value.plus(h.value);
    else {
      const profile = input.stocks.get(h.stockId) ?? { symbol: h.stockId, sector: null, industryGroup: null };
      positions.set(h.stockId, { stockId: h.stockId, profile, value: h.value });
    }
  }
  const list = [...positions.values()];
  const total = sumKnown(list.map((p) => p.value));
  const costs = {
    cost: sumKnown(input.holdings.map((h) => h.cost?.costBasis ?? null)),
    realizedPnl: sumKnown(input.holdings.map((h) => h.cost?.realizedPnl ?? null)),
    unrealizedPnl: null,
    dividends: sumKnown(input.holdings.map((h) => h.cost?.dividends ?? null)),
    positionCount: list.length,
    concentrationLimit: limit,
    performance: input.performance,
  };
  if (total !== null) {
    // Every value is known (only trade-date rates are missing): allocation and concentration as usual.
    const known = list.map((p) => ({ ...p, value: p.value as Decimal }));
    const byStock = known
      .map((p) => ({
        stockId: p.stockId,
        name: p.profile.symbol,
        value: p.value,
        percentage: percentOf(p.value, total),
      }))
      .sort(byValueThenName);
    const overweight = findOverweight(byStock, limit);
    return {
      ...costs,
      value: total,
      allocation: {
        bySector: allocate(
          known.map((p) => ({ name: p.profile.sector ?? UNKNOWN_CATEGORY, value: p.value })),
          total,
        ),
        byIndustryGroup: allocate(
          known.map((p) => ({ name: p.profile.industryGroup ?? UNKNOWN_CATEGORY, value: p.value })),
          total,
        ),
        byStock,
      },
      overweight,
      wellDiversified: list.length >= DIVERSIFIED_FROM && overweight.length === 0,
      risk: assessRisk(list.length, overweight, limit),
    };
  }
  const group = (name: (p: StockProfile) => string) => {
    const groups = new Map<string, Decimal | null>();
    for (const p of list) {
      const key = name(p.profile);
      const before = groups.has(key) ? (groups.get(key) as Decimal | null) : ZERO;
      groups.set(key, before === null || p.value === null ? null : before.plus(p.value));
    }
    return [...groups]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([groupName, value]) => ({
        name: groupName,
        value,
        percentage: null,
      }));
  };
  const risk = assessRisk(list.length, [], limit);
  return {
    ...costs,
    value: null,
    allocation: {
      bySector: group((p) => p.sector ?? UNKNOWN_CATEGORY),
      byIndustryGroup: group((p) => p.industryGroup ?? UNKNOWN_CATEGORY),
      byStock: list
        .map((p) => ({ stockId: p.stockId, name: p.profile.symbol, value: p.value, percentage: null }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    },
    overweight: [],
    wellDiversified: false,
    risk: { ...risk, reasons: [...risk.reasons, UNKNOWN_CONCENTRATION_REASON] },
  };
}

/** A portfolio's balance rows in the reporting currency, each at its own date's rate; null when a rate is missing. */
export function convertBalances(
  rows: readonly BalanceRow[],
  currency: string,
  converter: CurrencyConverter,
): BalanceRow[] | null {
  if (currency === converter.target) return [...rows];
  let complete = true;
  const converted = rows.map((row) => {
    const rate = converter.rateFrom(currency, row.date);
    if (rate === null) {
      complete = false;
      return row;
    }
    const times = (value: BalanceRow['deposits']) =>
      value === null || value === undefined ? value : asDecimal(value).times(rate);
    return {
      ...row,
      finalBalance: asDecimal(row.finalBalance).times(rate),
      deposits: times(row.deposits),
      withdrawals: times(row.withdrawals),
    };
  });
  return complete ? converted : null;
}
