import type { MissingRate } from '../currency/rates.js';
import { Decimal, formatMoney, formatPercent, formatPrice, formatQuantity } from '../decimal.js';
import type { AllocationFigure, AnalyticsFigures, RiskLevel } from './analytics.js';
import type { Lot } from './holdings.js';
import type { Performance } from './performance.js';
import type { ReportedHolding, ReportedHoldings, ReportedTotals } from './reporting.js';

/**
 * The §10 wire shapes: snake_case names and decimal strings rounded only here, at the edge — money to 2
 * places, prices (average_cost, current_price, unit_cost) up to 6, quantities up to 8, percentages to 2.
 */

export interface LotWire {
  transaction_id: string;
  trade_date: string;
  quantity: string;
  unit_cost: string;
  cost_basis: string;
}

export interface HoldingWire {
  stock_id: string;
  symbol: string;
  quantity: string;
  /** The amounts below are in the answer's currency; null when an exchange rate they need is missing. */
  average_cost: string | null;
  cost_basis: string | null;
  realized_pnl: string | null;
  dividends: string | null;
  current_price: string | null;
  price_date: string | null;
  market_value: string | null;
  unrealized_pnl: string | null;
  unrealized_pnl_pct: string | null;
  weight: string | null;
  /** The same holding in the stock's own currency. */
  native_currency: string;
  native_average_cost: string;
  native_cost_basis: string;
  native_realized_pnl: string;
  native_dividends: string;
  native_current_price: string | null;
  native_market_value: string | null;
  native_unrealized_pnl: string | null;
  /** Units of the answer's currency per native unit on the price's date. */
  fx_rate: string | null;
  price_effect: string | null;
  currency_effect: string | null;
  /** Present only when the view carries lots (FIFO, asked for). */
  lots?: LotWire[];
}

export interface HoldingTotalsWire {
  cost_basis: string | null;
  market_value: string | null;
  realized_pnl: string | null;
  unrealized_pnl: string | null;
  dividends: string | null;
  price_effect: string | null;
  currency_effect: string | null;
}

export interface MissingRateWire {
  base: string;
  quote: string;
  date: string;
}

export interface HoldingsWire {
  currency: string;
  items: HoldingWire[];
  totals: HoldingTotalsWire;
  fx_missing: MissingRateWire[];
}

export interface AllocationItemWire {
  name: string;
  value: string | null;
  percentage: string | null;
}

export interface PerformanceWire {
  twr: string | null;
  mwr: string | null;
  max_drawdown: string | null;
  index_return: string | null;
  excess_return: string | null;
}

export interface AnalyticsWire {
  /** The amounts are in this currency; null when an exchange rate they need is missing (listed in fx_missing). */
  currency: string;
  value: string | null;
  cost: string | null;
  realized_pnl: string | null;
  unrealized_pnl: string | null;
  dividends: string | null;
  position_count: number;
  concentration_limit: string;
  allocation: {
    by_sector: AllocationItemWire[];
    by_industry_group: AllocationItemWire[];
    by_stock: (AllocationItemWire & { stock_id: string })[];
  };
  overweight: { stock_id: string; symbol: string; percentage: string }[];
  well_diversified: boolean;
  risk: { level: RiskLevel; score: number; reasons: string[] };
  performance: PerformanceWire;
  fx_missing: MissingRateWire[];
}

const orNull = (value: Decimal | null, format: (d: Decimal) => string): string | null =>
  value === null ? null : format(value);

export function formatLot(lot: Lot): LotWire {
  return {
    transaction_id: lot.tradeId,
    trade_date: lot.tradeDate,
    quantity: formatQuantity(lot.quantity),
    unit_cost: formatPrice(lot.unitCost),
    cost_basis: formatMoney(lot.costBasis),
  };
}

/**
 * Splits a rounded unrealized P&L into its rounded price effect and the rest, so that the two add up to it exactly
 * on the wire (each rounded alone, they could differ from it by a cent).
 */
function splitEffects(
  unrealized: Decimal | null,
  priceEffect: Decimal | null,
  currencyEffect: Decimal | null,
): { price_effect: string | null; currency_effect: string | null } {
  if (unrealized === null || priceEffect === null || currencyEffect === null)
    return { price_effect: null, currency_effect: null };
  const price = formatMoney(priceEffect);
  return { price_effect: price, currency_effect: formatMoney(new Decimal(formatMoney(unrealized)).minus(price)) };
}

/** One item of `GET /portfolios/{id}/holdings`; the symbol comes from the stock. */
export function formatReportedHolding(holding: ReportedHolding, symbol: string): HoldingWire {
  const { native, view, cost } = holding;
  const wire: HoldingWire = {
    stock_id: holding.stockId,
    symbol,
    quantity: formatQuantity(native.quantity),
    average_cost: orNull(cost?.averageCost ?? null, formatPrice),
    cost_basis: orNull(cost?.costBasis ?? null, formatMoney),
    realized_pnl: orNull(cost?.realizedPnl ?? null, formatMoney),
    dividends: orNull(cost?.dividends ?? null, formatMoney),
    current_price: orNull(holding.currentPrice, formatPrice),
    price_date: native.priceDate,
    market_value: orNull(holding.marketValue, formatMoney),
    unrealized_pnl: orNull(view?.unrealizedPnl ?? null, formatMoney),
    unrealized_pnl_pct: orNull(view?.unrealizedPnlPct ?? null, formatPercent),
    weight: orNull(holding.weight, formatPercent),
    native_currency: holding.nativeCurrency,
    native_average_cost: formatPrice(native.averageCost),
    native_cost_basis: formatMoney(native.costBasis),
    native_realized_pnl: formatMoney(native.realizedPnl),
    native_dividends: formatMoney(native.dividends),
    native_current_price: orNull(native.currentPrice, formatPrice),
    native_market_value: orNull(native.marketValue, formatMoney),
    native_unrealized_pnl: orNull(native.unrealizedPnl, formatMoney),
    fx_rate: orNull(holding.fxRate, formatRate),
    ...splitEffects(view?.unrealizedPnl ?? null, holding.priceEffect, holding.currencyEffect),
  };
  const lots = cost?.lots ?? null;
  if (lots !== null) wire.lots = lots.map(formatLot);
  return wire;
}

export function formatReportedTotals(totals: ReportedTotals): HoldingTotalsWire {
  return {
    cost_basis: orNull(totals.costBasis, formatMoney),
    market_value: orNull(totals.marketValue, formatMoney),
    realized_pnl: orNull(totals.realizedPnl, formatMoney),
    unrealized_pnl: orNull(totals.unrealizedPnl, formatMoney),
    dividends: orNull(totals.dividends, formatMoney),
    ...splitEffects(totals.unrealizedPnl, totals.priceEffect, totals.currencyEffect),
  };
}

/** The whole holdings answer: `{currency, items, totals, fx_missing}`. */
export function formatHoldings(
  reported: ReportedHoldings,
  symbolOf: (stockId: string) => string,
  missing: readonly MissingRate[],
): HoldingsWire {
  return {
    currency: reported.currency,
    items: reported.items.map((h) => formatReportedHolding(h, symbolOf(h.stockId))),
    totals: formatReportedTotals(reported.totals),
    fx_missing: missing.map((m) => ({ base: m.base, quote: m.quote, date: m.date })),
  };
}

/** An exchange rate as shown: up to 10 places, without trailing zeros. */
export function formatRate(rate: Decimal): string {
  const fixed = rate.toDecimalPlaces(10).toFixed();
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

function formatAllocationItem(item: AllocationFigure): AllocationItemWire {
  return {
    name: item.name,
    value: orNull(item.value, formatMoney),
    percentage: orNull(item.percentage, formatPercent),
  };
}

export function formatPerformance(performance: Performance): PerformanceWire {
  return {
    twr: orNull(performance.twr, formatPercent),
    mwr: orNull(performance.mwr, formatPercent),
    max_drawdown: orNull(performance.maxDrawdown, formatPercent),
    index_return: orNull(performance.indexReturn, formatPercent),
    excess_return: orNull(performance.excessReturn, formatPercent),
  };
}

/** `GET /portfolios/{id}/analytics` and `GET /analytics`, in `currency`. */
export function formatAnalytics(
  analytics: AnalyticsFigures,
  currency: string,
  missing: readonly MissingRate[] = [],
): AnalyticsWire {
  return {
    currency,
    value: orNull(analytics.value, formatMoney),
    cost: orNull(analytics.cost, formatMoney),
    realized_pnl: orNull(analytics.realizedPnl, formatMoney),
    unrealized_pnl: orNull(analytics.unrealizedPnl, formatMoney),
    dividends: orNull(analytics.dividends, formatMoney),
    position_count: analytics.positionCount,
    concentration_limit: formatPercent(analytics.concentrationLimit),
    allocation: {
      by_sector: analytics.allocation.bySector.map(formatAllocationItem),
      by_industry_group: analytics.allocation.byIndustryGroup.map(formatAllocationItem),
      by_stock: analytics.allocation.byStock.map((item) => ({
        ...formatAllocationItem(item),
        stock_id: item.stockId,
      })),
    },
    overweight: analytics.overweight.map((o) => ({
      stock_id: o.stockId,
      symbol: o.symbol,
      percentage: formatPercent(o.percentage),
    })),
    well_diversified: analytics.wellDiversified,
    risk: { level: analytics.risk.level, score: analytics.risk.score, reasons: [...analytics.risk.reasons] },
    performance: formatPerformance(analytics.performance),
    fx_missing: missing.map((m) => ({ base: m.base, quote: m.quote, date: m.date })),
  };
}
