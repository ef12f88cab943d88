import { type Decimal, sum, ZERO } from '../decimal.js';
import type { Holding } from './holdings.js';
import { asDecimal, type DecimalInput, percentOf } from './values.js';

/** A stock's current price: its latest dated close. */
export interface PriceQuote {
  price: DecimalInput;
  /** `YYYY-MM-DD` of the close. */
  date: string;
}

/** Looks up the quote of a stock id; undefined when the stock has no price. */
export type QuoteLookup = ReadonlyMap<string, PriceQuote> | ((stockId: string) => PriceQuote | undefined);

/** A holding with its valuation (all Decimals; `formatHoldingView` in wire.ts turns it into the §10 shape). */
export interface HoldingView extends Holding {
  currentPrice: Decimal | null;
  priceDate: string | null;
  /** quantity × current price; null without a price. */
  marketValue: Decimal | null;
  /** market value − cost basis; null without a price. */
  unrealizedPnl: Decimal | null;
  /** unrealized P&L / cost basis × 100; null without a price or when the cost basis is 0. */
  unrealizedPnlPct: Decimal | null;
  /** What the holding counts for in the portfolio: its market value, or its cost basis when it has no price. */
  value: Decimal;
  /** value / total value of the listed holdings × 100 (percent); 0 when that total is 0. */
  weight: Decimal;
}

export interface HoldingTotals {
  costBasis: Decimal;
  /** Sum of the holdings' `value`: a holding without a price counts at cost, as in the analytics. */
  marketValue: Decimal;
  realizedPnl: Decimal;
  /** Sum over the priced holdings, so that marketValue − costBasis = unrealizedPnl. */
  unrealizedPnl: Decimal;
  dividends: Decimal;
  /** Holdings with shares (the portfolio list's `position_count`). */
  positionCount: number;
}

export interface ValuedHoldings {
  items: HoldingView[];
  totals: HoldingTotals;
}

/**
 * Whether a holding appears in the holdings list: while shares are held, and after a full sale while it has
 * realized P&L or dividends to show (product.md §10: a holding sold to zero stays listed with quantity "0").
 */
export function isListedHolding(holding: Holding): boolean {
  return !holding.quantity.isZero() || !holding.realizedPnl.isZero() || !holding.dividends.isZero();
}

function quoteOf(quotes: QuoteLookup, stockId: string): PriceQuote | undefined {
  return typeof quotes === 'function' ? quotes(stockId) : quotes.get(stockId);
}

/** Values one holding at a quote (weight is left at 0: it needs the portfolio's total). */
export function valueHolding(holding: Holding, quote: PriceQuote | undefined): HoldingView {
  if (quote === undefined) {
    return {
      ...holding,
      currentPrice: null,
      priceDate: null,
      marketValue: null,
      unrealizedPnl: null,
      unrealizedPnlPct: null,
      value: holding.costBasis,
      weight: ZERO,
    };
  }
  const currentPrice = asDecimal(quote.price);
  const marketValue = holding.quantity.times(currentPrice);
  const unrealizedPnl = marketValue.minus(holding.costBasis);
  return {
    ...holding,
    currentPrice,
    priceDate: quote.date,
    marketValue,
    unrealizedPnl,
    unrealizedPnlPct: holding.costBasis.isZero() ? null : unrealizedPnl.div(holding.costBasis).times(100),
    value: marketValue,
    weight: ZERO,
  };
}

/**
 * Values a portfolio's holdings (from `replay`) at the current prices: the listed holdings (see
 * `isListedHolding`) in the order given, with weights, and the totals of §10.
 */
export function valueHoldings(holdings: readonly Holding[], quotes: QuoteLookup): ValuedHoldings {
  const valued = holdings.filter(isListedHolding).map((h) => valueHolding(h, quoteOf(quotes, h.stockId)));
  const totalValue = sum(valued.map((v) => v.value));
  const items = valued.map((v) => ({ ...v, weight: percentOf(v.value, totalValue) }));
  return { items, totals: totalsOf(items) };
}

/** The totals of valued holdings (also usable over several portfolios' items). */
export function totalsOf(items: readonly HoldingView[]): HoldingTotals {
  return {
    costBasis: sum(items.map((v) => v.costBasis)),
    marketValue: sum(items.map((v) => v.value)),
    realizedPnl: sum(items.map((v) => v.realizedPnl)),
    unrealizedPnl: sum(items.map((v) => v.unrealizedPnl ?? ZERO)),
    dividends: sum(items.map((v) => v.dividends)),
    positionCount: items.filter((v) => !v.quantity.isZero()).length,
  };
}
