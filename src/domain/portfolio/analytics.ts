import { Decimal, formatPercent, sum, ZERO } from '../decimal.js';
import type { Performance } from './performance.js';
import type { HoldingView } from './valuation.js';
import { percentOf } from './values.js';

/** What analytics needs to know about a stock. */
export interface StockProfile {
  symbol: string;
  sector: string | null;
  industryGroup: string | null;
}

export interface AllocationItem {
  name: string;
  value: Decimal;
  /** Percent of the portfolio's value. */
  percentage: Decimal;
}

export interface StockAllocationItem extends AllocationItem {
  stockId: string;
}

export interface OverweightPosition {
  stockId: string;
  symbol: string;
  percentage: Decimal;
}

export type RiskLevel = 'low' | 'medium' | 'high';

export interface RiskAssessment {
  level: RiskLevel;
  /** 0-100, higher is riskier. */
  score: number;
  reasons: string[];
}

/** The §5/§10 analytics, as Decimals (`formatAnalytics` in wire.ts gives the wire shape). */
export interface PortfolioAnalytics {
  value: Decimal;
  cost: Decimal;
  realizedPnl: Decimal;
  unrealizedPnl: Decimal;
  /** Not in §10's list, added beside it: dividends are never part of realized P&L. */
  dividends: Decimal;
  positionCount: number;
  concentrationLimit: Decimal;
  allocation: { bySector: AllocationItem[]; byIndustryGroup: AllocationItem[]; byStock: StockAllocationItem[] };
  overweight: OverweightPosition[];
  wellDiversified: boolean;
  risk: RiskAssessment;
  performance: Performance;
}

/** An allocation group whose value may be unknown (a missing exchange rate). */
export interface AllocationFigure {
  name: string;
  value: Decimal | null;
  percentage: Decimal | null;
}

/**
 * The analytics as answered: `PortfolioAnalytics`, or, when an exchange rate is missing, the same with the
 * amounts that needed it unknown (see `computeReportedAnalytics`).
 */
export interface AnalyticsFigures
  extends Omit<PortfolioAnalytics, 'value' | 'cost' | 'realizedPnl' | 'unrealizedPnl' | 'dividends' | 'allocation'> {
  value: Decimal | null;
  cost: Decimal | null;
  realizedPnl: Decimal | null;
  unrealizedPnl: Decimal | null;
  dividends: Decimal | null;
  allocation: {
    bySector: AllocationFigure[];
    byIndustryGroup: AllocationFigure[];
    byStock: (AllocationFigure & { stockId: string })[];
  };
}

/** The default concentration limit: a position over 20 % of the value is overweight. */
export const DEFAULT_CONCENTRATION_LIMIT = new Decimal(20);
/** The name under which stocks without a sector (or industry group) are allocated. */
export const UNKNOWN_CATEGORY = 'Unknown';
/** Fewer open positions than this → high risk; fewer than MEDIUM_RISK_BELOW → medium. */
export const HIGH_RISK_BELOW = 3;
export const MEDIUM_RISK_BELOW = 10;
/** Well diversified needs at least this many positions (and none overweight). */
export const DIVERSIFIED_FROM = 5;

/**
 * Risk scores (the spec fixes the levels, not the numbers): a base per level — high 80, medium 50, low 20 —
 * plus 10 per overweight position, at most 100. So a score is always within its level's band and grows
 * with concentration.
 */
const BASE_SCORE: Record<RiskLevel, number> = { high: 80, medium: 50, low: 20 };
const SCORE_PER_OVERWEIGHT = 10;

/** One open position (one stock, possibly merged over several portfolios). */
interface Position {
  stockId: string;
  profile: StockProfile;
  value: Decimal;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Groups positions by a name and gives each group's value and share of the total, largest first (ties by
 * name), so the answer is stable.
 */
export function allocate(items: readonly { name: string; value: Decimal }[], total: Decimal): AllocationItem[] {
  const groups = new Map<string, Decimal>();
  for (const item of items) groups.set(item.name, (groups.get(item.name) ?? ZERO).plus(item.value));
  return [...groups]
    .map(([name, value]) => ({ name, value, percentage: percentOf(value, total) }))
    .sort(byValueThenName);
}

export function byValueThenName(a: AllocationItem, b: AllocationItem): number {
  return b.value.comparedTo(a.value) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** Positions whose share of the value is strictly over the limit (percent), largest first. */
export function findOverweight(byStock: readonly StockAllocationItem[], limit: Decimal): OverweightPosition[] {
  return byStock
    .filter((item) => item.percentage.gt(limit))
    .map((item) => ({ stockId: item.stockId, symbol: item.name, percentage: item.percentage }));
}

/**
 * §5: fewer than 3 positions → high, fewer than 10 → medium, otherwise low; each position over the limit
 * adds a reason and raises low to medium. Scores: see BASE_SCORE.
 */
export function assessRisk(
  positionCount: number,
  overweight: readonly OverweightPosition[],
  limit: Decimal,
): RiskAssessment {
  const reasons: string[] = [];
  let level: RiskLevel;
  if (positionCount < HIGH_RISK_BELOW) {
    level = 'high';
    reasons.push(
      positionCount === 0
        ? 'No open positions'
        : `Only ${plural(positionCount, 'position')}: fewer than ${HIGH_RISK_BELOW} concentrates the risk`,
    );
  } else if (positionCount < MEDIUM_RISK_BELOW) {
    level = 'medium';
    reasons.push(`${plural(positionCount, 'position')}: fewer than ${MEDIUM_RISK_BELOW} limits diversification`);
  } else {
    level = 'low';
  }
  for (const position of overweight) {
    reasons.push(
      `${position.symbol} is ${formatPercent(position.percentage)}% of the portfolio, over the ${limit.toFixed()}% concentration limit`,
    );
  }
  if (overweight.length > 0 && level === 'low') level = 'medium';
  const score = Math.min(100, BASE_SCORE[level] + SCORE_PER_OVERWEIGHT * overweight.length);
  return { level, score, reasons };
}

export interface AnalyticsInput {
  /** Valued holdings of one portfolio, or of several (the household): the same stock is merged into one position. */
  holdings: readonly HoldingView[];
  /** Symbol, sector and industry group per stock id. */
  stocks: ReadonlyMap<string, StockProfile>;
  /** Percent; DEFAULT_CONCENTRATION_LIMIT when absent. */
  concentrationLimit?: Decimal;
  performance: Performance;
}

/**
 * The analytics of §5. Value counts each holding at market value, or at cost when it has no price; cost is
 * the cost basis; realized P&L excludes dividends. A position is a stock with shares held: allocation,
 * concentration, diversification and risk are about positions, while realized P&L and dividends also count
 * holdings sold to zero. A stock without a sector is allocated under "Unknown", and likewise for its
 * industry group; by stock, positions are named by symbol.
 */
export function computeAnalytics(input: AnalyticsInput): PortfolioAnalytics {
  const limit = input.concentrationLimit ?? DEFAULT_CONCENTRATION_LIMIT;
  const merged = new Map<string, Position>();
  for (const h of input.holdings) {
    if (h.quantity.isZero()) continue;
    const existing = merged.get(h.stockId);
    if (existing !== undefined) {
      existing.value = existing.value.plus(h.value);
    } else {
      const profile = input.stocks.get(h.stockId) ?? { symbol: h.stockId, sector: null, industryGroup: null };
      merged.set(h.stockId, { stockId: h.stockId, profile, value: h.value });
    }
  }
  const positions = [...merged.values()];
  const value = sum(positions.map((p) => p.value));

  const byStock = positions
    .map((p) => ({ stockId: p.stockId, name: p.profile.symbol, value: p.value, percentage: percentOf(p.value, value) }))
    .sort(byValueThenName);
  const overweight = findOverweight(byStock, limit);

  return {
    value,
    cost: sum(input.holdings.map((h) => h.costBasis)),
    realizedPnl: sum(input.holdings.map((h) => h.realizedPnl)),
    unrealizedPnl: sum(input.holdings.map((h) => h.unrealizedPnl ?? ZERO)),
    dividends: sum(input.holdings.map((h) => h.dividends)),
    positionCount: positions.length,
    concentrationLimit: limit,
    allocation: {
      bySector: allocate(
        positions.map((p) => ({ name: p.profile.sector ?? UNKNOWN_CATEGORY, value: p.value })),
        value,
      ),
      byIndustryGroup: allocate(
        positions.map((p) => ({ name: p.profile.industryGroup ?? UNKNOWN_CATEGORY, value: p.value })),
        value,
      ),
      byStock,
    },
    overweight,
    wellDiversified: positions.length >= DIVERSIFIED_FROM && overweight.length === 0,
    risk: assessRisk(positions.length, overweight, limit),
    performance: input.performance,
  };
}
