import { type Decimal, formatQuantity, ZERO } from '../decimal.js';
import { apportion, FIXED_ONE, type Fixed, fixedFrom, fixedToDecimal, gcd, mulFixed } from './fixed.js';
import { orderHistory } from './ordering.js';
import { parseSplitRatio, type SplitRatioInput } from './split-ratio.js';
import type { TradeRecord } from './trades.js';
import type { DecimalInput } from './values.js';

export const COST_BASIS_METHODS = ['average', 'fifo'] as const;
export type CostBasisMethod = (typeof COST_BASIS_METHODS)[number];

/** An open FIFO lot: what is left of one buy. */
export interface Lot {
  tradeId: string;
  /** The buy's UTC day. */
  tradeDate: string;
  quantity: Decimal;
  /** The lot's share of the cost basis (buy fee included). */
  costBasis: Decimal;
  /** Cost per share, after any split since the buy. */
  unitCost: Decimal;
}

/** One stock's position derived from a portfolio's trades. */
export interface Holding {
  stockId: string;
  quantity: Decimal;
  /** Cost basis per share, buy fees included (rounded at 10^-18); 0 when no shares are held. */
  averageCost: Decimal;
  /** What the shares held cost (buy prices and fees); unchanged by splits. */
  costBasis: Decimal;
  /** Sell proceeds − sell fees − cost of the shares sold. Dividends are never in here. */
  realizedPnl: Decimal;
  /** Dividend cash received. */
  dividends: Decimal;
  /** Open lots, oldest first: only for FIFO and only when asked for (`ReplayOptions.lots`); else null. */
  lots: Lot[] | null;
}

/** The net cash of one day's trades: negative when money went in (buys and their fees), positive when out. */
export interface DailyCashFlow {
  date: string;
  amount: Decimal;
}

/**
 * The first point where history sells shares that are not held: the sell that goes below zero, whatever
 * change made it so (the sell itself, a back-dated trade, an edit or delete of an earlier buy or split).
 * The application answers it with 422 and `sellRefusal`'s message.
 */
export interface HistoryViolation {
  code: 'INSUFFICIENT_QUANTITY';
  /** The sell that goes below zero. */
  tradeId: string;
  stockId: string;
  /** The sell's (UTC) day. */
  tradeDate: string;
  /** The shares it sells. */
  requested: Decimal;
  /** The shares held just before it. */
  available: Decimal;
}

/**
 * A violation as the person reads it, naming the stock by its symbol (which the caller knows; the history
 * has only ids): "Selling 15 MSFT on 2026-01-06 would leave -5: only 10 are held then".
 */
export function sellRefusal(violation: HistoryViolation, symbol: string): string {
  const { requested, available, tradeDate } = violation;
  const left = available.minus(requested);
  return `Selling ${formatQuantity(requested)} ${symbol} on ${tradeDate} would leave ${formatQuantity(left)}: only ${formatQuantity(available)} are held then`;
}

export interface ReplayOptions {
  /** Return the open FIFO lots (costs a Decimal conversion per lot, so off by default). */
  lots?: boolean;
  /** Return the daily cash flows of the trades (the input of the money-weighted return). */
  cashFlows?: boolean;
}

export type ReplayResult =
  | { ok: true; holdings: Holding[]; cashFlows: DailyCashFlow[]; lastTradeDate: string | null }
  | { ok: false; violation: HistoryViolation };

/**
 * Shares are tracked as exact integer counts of 1 / (10^18 × unit) shares. A split n:d (reduced to integers)
 * multiplies the count by n and the unit by d, so share counts never round, however many splits happen, and
 * FIFO lots and the position always agree. Lots are rescaled lazily: each remembers the position's `growth`
 * (the product of split numerators) its count is expressed in, and is brought up to date when next touched,
 * so a split costs O(1) whatever the number of open lots.
 */
interface LotState {
  tradeId: string;
  day: string;
  count: bigint;
  cost: Fixed;
  growth: bigint;
}

interface PositionState {
  stockId: string;
  unit: bigint;
  growth: bigint;
  count: bigint;
  cost: Fixed;
  realized: Fixed;
  dividends: Fixed;
  lots: LotState[];
  /** Index of the oldest open lot: consumed lots are skipped rather than shifted out (no quadratic work). */
  head: number;
}

interface IntegerRatio {
  numerator: bigint;
  denominator: bigint;
}

function openPosition(stockId: string): PositionState {
  return { stockId, unit: 1n, growth: 1n, count: 0n, cost: 0n, realized: 0n, dividends: 0n, lots: [], head: 0 };
}

function rescale(lot: LotState, growth: bigint): void {
  if (lot.growth !== growth) {
    lot.count *= growth / lot.growth; // exact: growth only ever gains factors
    lot.growth = growth;
  }
}

/** Takes `count` shares from the oldest lots; returns their cost. The caller checked that enough are held. */
function consumeLots(position: PositionState, count: bigint): Fixed {
  let remaining = count;
  let sold: Fixed = 0n;
  while (remaining > 0n) {
    const lot = position.lots[position.head] as LotState;
    rescale(lot, position.growth);
    if (lot.count <= remaining) {
      sold += lot.cost;
      remaining -= lot.count;
      position.head++;
    } else {
      const part = apportion(lot.cost, remaining, lot.count);
      lot.cost -= part;
      lot.count -= remaining;
      sold += part;
      remaining = 0n;
    }
  }
  // Drop consumed lots once they are most of the array: amortized O(1) per lot.
  if (position.head > 64 && position.head * 2 > position.lots.length) {
    position.lots = position.lots.slice(position.head);
    position.head = 0;
  }
  return sold;
}

function toIntegerRatio(input: SplitRatioInput, tradeId: string): IntegerRatio {
  const ratio = parseSplitRatio(input);
  if (ratio === null) throw new TypeError(`Trade ${tradeId} has an invalid split ratio`);
  // Both parts scaled by 10^18 are integers; reducing keeps the counts small.
  const numerator = fixedFrom(ratio.numerator);
  const denominator = fixedFrom(ratio.denominator);
  const divisor = gcd(numerator, denominator);
  return { numerator: numerator / divisor, denominator: denominator / divisor };
}

/** A field its type needs; a stored trade without it is a bug (validation runs before storage). */
function required(value: DecimalInput | null | undefined, trade: TradeRecord, field: string): DecimalInput {
  if (value === null || value === undefined) throw new TypeError(`Trade ${trade.id} (${trade.type}) has no ${field}`);
  return value;
}

function countToDecimal(count: bigint, unit: bigint): Decimal {
  const shares = fixedToDecimal(count);
  return unit === 1n ? shares : shares.div(unit.toString());
}

/**
 * Cost per share, rounded half-up at 10^-18 (prices are shown to 6 places): cost / (count / (unit × 10^18)).
 * Computed on the integers, which is several times cheaper than a 40-digit Decimal division per lot.
 */
function perShare(cost: Fixed, count: bigint, unit: bigint): Decimal {
  return count === 0n ? ZERO : fixedToDecimal(apportion(cost, unit * FIXED_ONE, count));
}

function toHolding(position: PositionState, lots: boolean): Holding {
  return {
    stockId: position.stockId,
    quantity: countToDecimal(position.count, position.unit),
    averageCost: perShare(position.cost, position.count, position.unit),
    costBasis: fixedToDecimal(position.cost),
    realizedPnl: fixedToDecimal(position.realized),
    dividends: fixedToDecimal(position.dividends),
    lots: lots ? position.lots.slice(position.head).map((lot) => toLot(lot, position)) : null,
  };
}

function toLot(lot: LotState, position: PositionState): Lot {
  rescale(lot, position.growth);
  return {
    tradeId: lot.tradeId,
    tradeDate: lot.day,
    quantity: countToDecimal(lot.count, position.unit),
    costBasis: fixedToDecimal(lot.cost),
    unitCost: perShare(lot.cost, lot.count, position.unit),
  };
}

function violation(trade: TradeRecord, day: string, requested: bigint, position: PositionState | undefined) {
  const unit = position?.unit ?? 1n;
  const wanted = countToDecimal(requested, unit);
  const available = position === undefined ? ZERO : countToDecimal(position.count, unit);
  const result: HistoryViolation = {
    code: 'INSUFFICIENT_QUANTITY',
    tradeId: trade.id,
    stockId: trade.stockId,
    tradeDate: day,
    requested: wanted,
    available,
  };
  return { ok: false as const, violation: result };
}

/**
 * Replays a portfolio's trades (in any order: they are put in history order first) into holdings, one per
 * stock in order of first appearance, with either cost-basis method:
 * - average: a sell takes the position's cost basis in proportion to the shares sold;
 * - fifo: a sell takes the cost of the oldest lots first.
 * A buy's fee is part of its cost; a sell's realized P&L is proceeds − its fee − the cost of the shares sold.
 * A split multiplies the shares by numerator/denominator and leaves the cost basis alone (per-share cost,
 * of the position and of every lot, falls accordingly). A full exit resets the position, so a later buy
 * starts a fresh average cost.
 * Decided where the spec is silent: a split while no shares are held changes nothing; a dividend while no
 * shares are held (paid after a sale, or recorded late) is accepted and counted, it is cash that arrived.
 * The first sell of more shares than held at its point in history stops the replay with a violation.
 * Trades are trusted to satisfy `validateTrade`; a stored trade missing a field its type needs throws.
 */
export function replay(
  trades: readonly TradeRecord[],
  method: CostBasisMethod,
  options: ReplayOptions = {},
): ReplayResult {
  const fifo = method === 'fifo';

  const ratios = new Map<string, IntegerRatio>();
  const positions = new Map<string, PositionState>();
  // History is in day order, so a day's flows are contiguous: sum the current day, push it when the day changes.
  const withFlows = options.cashFlows === true;
  const cashFlows: DailyCashFlow[] = [];
  let flowDay: string | null = null;
  let flowSum: Fixed = 0n;
  const addFlow = (day: string, amount: Fixed): void => {
    if (!withFlows) return;
    if (day !== flowDay) {
      if (flowDay !== null) cashFlows.push({ date: flowDay, amount: fixedToDecimal(flowSum) });
      flowDay = day;
      flowSum = 0n;
    }
    flowSum += amount;
  };

  const ordered = orderHistory(trades);
  const days = ordered.days;
  for (let i = 0; i < ordered.trades.length; i++) {
    const trade = ordered.trades[i] as TradeRecord;
    const day = days[i] as string;
    let position = positions.get(trade.stockId);
    switch (trade.type) {
      case 'buy': {
        const quantity = fixedFrom(required(trade.quantity, trade, 'quantity'));
        const cost =
          mulFixed(quantity, fixedFrom(required(trade.price, trade, 'price'))) +
          (trade.fee ? fixedFrom(trade.fee) : 0n);
        if (position === undefined) {
          position = openPosition(trade.stockId);
          positions.set(trade.stockId, position);
        }
        const count = position.unit === 1n ? quantity : quantity * position.unit;
        position.count += count;
        position.cost += cost;
        if (fifo) position.lots.push({ tradeId: trade.id, day, count, cost, growth: position.growth });
        addFlow(day, -cost);
        break;
      }
      case 'sell': {
        const quantity = fixedFrom(required(trade.quantity, trade, 'quantity'));
        const unit = position?.unit ?? 1n;
        const count = unit === 1n ? quantity : quantity * unit;
        if (position === undefined || count > position.count) return violation(trade, day, count, position);
        let sold: Fixed;
        if (count === position.count) {
          // Full exit: everything goes, and the position starts afresh (unit and lots reset).
          sold = position.cost;
          position.lots = [];
          position.head = 0;
          position.unit = 1n;
          position.growth = 1n;
          position.count = 0n;
        } else {
          sold = fifo ? consumeLots(position, count) : apportion(position.cost, count, position.count);
          position.count -= count;
        }
        position.cost -= sold;
        const net =
          mulFixed(quantity, fixedFrom(required(trade.price, trade, 'price'))) -
          (trade.fee ? fixedFrom(trade.fee) : 0n);
        position.realized += net - sold;
        addFlow(day, net);
        break;
      }
      case 'dividend': {
        const amount = fixedFrom(required(trade.amount, trade, 'amount'));
        if (position === undefined) {
          position = openPosition(trade.stockId);
          positions.set(trade.stockId, position);
        }
        position.dividends += amount;
        addFlow(day, amount);
        break;
      }
      case 'split': {
        if (position === undefined || position.count === 0n) break;
        const input = trade.ratio;
        if (input === null || input === undefined) throw new TypeError(`Trade ${trade.id} (split) has no ratio`);
        let ratio = typeof input === 'string' ? ratios.get(input) : undefined;
        if (ratio === undefined) {
          ratio = toIntegerRatio(input, trade.id);
          if (typeof input === 'string') ratios.set(input, ratio);
        }
        position.count *= ratio.numerator;
        position.unit *= ratio.denominator;
        position.growth *= ratio.numerator;
        break;
      }
      default:
        throw new TypeError(`Trade ${(trade as TradeRecord).id} has an unknown type`);
    }
  }

  const withLots = fifo && options.lots === true;
  const holdings = Array.from(positions.values(), (position) => toHolding(position, withLots));
  if (flowDay !== null) cashFlows.push({ date: flowDay, amount: fixedToDecimal(flowSum) });
  return { ok: true, holdings, cashFlows, lastTradeDate: days.length > 0 ? (days[days.length - 1] as string) : null };
}

/**
 * Checks that no sell in the history exceeds the shares held at its point (back-dated trades included):
 * null when the history is valid. Quantities do not depend on the cost-basis method.
 */
export function validateHistory(trades: readonly TradeRecord[]): HistoryViolation | null {
  const result = replay(trades, 'average');
  return result.ok ? null : result.violation;
}
