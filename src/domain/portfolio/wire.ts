import { type Decimal, formatMoney, formatPercent, formatPrice, formatQuantity } from '../decimal.js';
import type { AllocationItem, PortfolioAnalytics, RiskLevel } from './analytics.js';
import type { Lot } from './holdings.js';
import type { Performance } from './performance.js';
import type { HoldingTotals, HoldingView, ValuedHoldings } from './valuation.js';

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
  average_cost: string;
  cost_basis: string;
  realized_pnl: string;
  dividends: string;
  current_price: string | null;
  price_date: string | null;
  market_value: string | null;
  unrealized_pnl: string | null;
  unrealized_pnl_pct: string | null;
  weight: string;
  /** Present only when the view carries lots (FIFO, asked for). */
  lots?: LotWire[];
}

export interface HoldingTotalsWire {
  cost_basis: string;
  market_value: string;
  realized_pnl: string;
  unrealized_pnl: string;
  dividends: string;
}

export interface AllocationItemWire {
  name: string;
  value: string;
  percentage: string;
}

export interface PerformanceWire {
  twr: string | null;
  mwr: string | null;
  max_drawdown: string | null;
  index_return: string | null;
  excess_return: string | null;
}

export interface AnalyticsWire {
  value: string;
  cost: string;
  realized_pnl: string;
  unrealized_pnl: string;
  dividends: string;
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

/** One item of `GET /portfolios/{id}/holdings`; the symbol comes from the stock. */
export function formatHoldingView(view: HoldingView, symbol: string): HoldingWire {
  const wire: HoldingWire = {
    stock_id: view.stockId,
    symbol,
    quantity: formatQuantity(view.quantity),
    average_cost: formatPrice(view.averageCost),
    cost_basis: formatMoney(view.costBasis),
    realized_pnl: formatMoney(view.realizedPnl),
    dividends: formatMoney(view.dividends),
    current_price: orNull(view.currentPrice, formatPrice),
    price_date: view.priceDate,
    market_value: orNull(view.marketValue, formatMoney),
    unrealized_pnl: orNull(view.unrealizedPnl, formatMoney),
    unrealized_pnl_pct: orNull(view.unrealizedPnlPct, formatPercent),
    weight: formatPercent(view.weight),
  };
  if (view.lots !== null) wire.lots = view.lots.map(formatLot);
  return wire;
}

export function formatHoldingTotals(totals: HoldingTotals): HoldingTotalsWire {
  return {
    cost_basis: formatMoney(totals.costBasis),
    market_value: formatMoney(totals.marketValue),
    realized_pnl: formatMoney(totals.realizedPnl),
    unrealized_pnl: formatMoney(totals.unrealizedPnl),
    dividends: formatMoney(totals.dividends),
  };
}

/** The whole holdings answer: `{items, totals}`. */
export function formatHoldings(
  valued: ValuedHoldings,
  symbolOf: (stockId: string) => string,
): { items: HoldingWire[]; totals: HoldingTotalsWire } {
  return {
    items: valued.items.map((view) => formatHoldingView(view, symbolOf(view.stockId))),
    totals: formatHoldingTotals(valued.totals),
  };
}

function formatAllocationItem(item: AllocationItem): AllocationItemWire {
  return { name: item.name, value: formatMoney(item.value), percentage: formatPercent(item.percentage) };
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

/** `GET /portfolios/{id}/analytics` and `GET /analytics`. */
export function formatAnalytics(analytics: PortfolioAnalytics): AnalyticsWire {
  return {
    value: formatMoney(analytics.value),
    cost: formatMoney(analytics.cost),
    realized_pnl: formatMoney(analytics.realizedPnl),
    unrealized_pnl: formatMoney(analytics.unrealizedPnl),
    dividends: formatMoney(analytics.dividends),
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
  };
}
