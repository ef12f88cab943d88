import { Decimal, formatMoney } from '../domain/decimal.js';
import { InvariantError, NotFoundError } from '../domain/errors.js';
import { computeAnalytics, type StockProfile } from '../domain/portfolio/analytics.js';
import { type DailyCashFlow, type Holding, replay } from '../domain/portfolio/holdings.js';
import {
  type BalanceRow,
  combineBalances,
  computePerformance,
  mwrValuationDate,
} from '../domain/portfolio/performance.js';
import { type PriceQuote, totalsOf, type ValuedHoldings, valueHoldings } from '../domain/portfolio/valuation.js';
import { formatAnalytics, formatHoldings } from '../domain/portfolio/wire.js';
import type { AppContext } from './context.js';
import type { Balance, Portfolio, Repositories, Trade } from './ports.js';
import type { Principal } from './principal.js';

/** One portfolio's derived state: its holdings valued at the latest prices, and its cash flows. */
export interface PortfolioState {
  portfolio: Portfolio;
  valued: ValuedHoldings;
  holdings: Holding[];
  cashFlows: DailyCashFlow[];
  lastTradeDate: string | null;
}

export interface HouseholdState {
  portfolios: PortfolioState[];
  stocks: Map<string, StockProfile>;
  balances: Map<string, Balance[]>;
  concentrationLimit: Decimal;
}

function toBalanceRow(b: Balance): BalanceRow {
  return {
    date: b.date,
    finalBalance: b.finalBalance,
    deposits: b.deposits,
    withdrawals: b.withdrawals,
    indexChange: b.indexChange,
  };
}

/** Replays the trades of these portfolios and values them: the one place holdings are derived. */
async function loadState(repos: Repositories, householdId: string, portfolios: Portfolio[]): Promise<HouseholdState> {
  const ids = portfolios.map((p) => p.id);
  const [trades, balances, household] = await Promise.all([
    repos.trades.getHistory(ids),
    repos.balances.getHistory(ids),
    repos.households.getById(householdId),
  ]);
  const byPortfolio = new Map<string, Trade[]>(ids.map((id) => [id, []]));
  for (const t of trades) byPortfolio.get(t.portfolioId)?.push(t);
  const stockIds = [...new Set(trades.map((t) => t.stockId))];
  const [quotes, stocks] = await Promise.all([
    repos.prices.getLatest(stockIds),
    repos.stocks.getByIds(householdId, stockIds),
  ]);
  const quoteMap = new Map<string, PriceQuote>(quotes.map((q) => [q.stockId, { price: q.close, date: q.date }]));

  const states = portfolios.map((portfolio): PortfolioState => {
    const result = replay(byPortfolio.get(portfolio.id) ?? [], portfolio.costBasisMethod, {
      lots: portfolio.costBasisMethod === 'fifo',
      cashFlows: true,
    });
    // Every write validates the whole history, so a stored history that does not replay is corruption.
    if (!result.ok) throw new InvariantError(`stored history of portfolio ${portfolio.id} is invalid`);
    return {
      portfolio,
      holdings: result.holdings,
      valued: valueHoldings(result.holdings, quoteMap),
      cashFlows: result.cashFlows,
      lastTradeDate: result.lastTradeDate,
    };
  });
  const balanceMap = new Map<string, Balance[]>(ids.map((id) => [id, []]));
  for (const b of balances) balanceMap.get(b.portfolioId)?.push(b);
  return {
    portfolios: states,
    stocks: new Map(stocks.map((s) => [s.id, { symbol: s.symbol, sector: s.sector, industryGroup: s.industryGroup }])),
    balances: balanceMap,
    concentrationLimit: new Decimal(household?.concentrationLimit ?? '20'),
  };
}

async function requirePortfolio(ctx: AppContext, caller: Principal, portfolioId: string): Promise<Portfolio> {
  const portfolio = await ctx.repos.portfolios.getById(caller.householdId, portfolioId);
  if (portfolio === null) throw new NotFoundError('Portfolio');
  return portfolio;
}

async function version(ctx: AppContext, householdId: string): Promise<number> {
  return ctx.repos.households.getDataVersion(householdId);
}

/** GET /portfolios/{id}/holdings as JSON text (cached until the household's data changes). */
export async function getHoldings(ctx: AppContext, caller: Principal, portfolioId: string): Promise<string> {
  const portfolio = await requirePortfolio(ctx, caller, portfolioId);
  return ctx.views.get(
    caller.householdId,
    await version(ctx, caller.householdId),
    `holdings:${portfolio.id}`,
    async () => {
      const state = await loadState(ctx.repos, caller.householdId, [portfolio]);
      const valued = state.portfolios[0]?.valued ?? valueHoldings([], new Map());
      return formatHoldings(valued, (id) => state.stocks.get(id)?.symbol ?? '');
    },
  );
}

function analyticsOf(state: HouseholdState, portfolios: PortfolioState[], balances: BalanceRow[]) {
  const items = portfolios.flatMap((p) => p.valued.items);
  const cashFlows = portfolios.flatMap((p) => p.cashFlows);
  const lastTradeDate = portfolios.reduce<string | null>(
    (latest, p) =>
      p.lastTradeDate !== null && (latest === null || p.lastTradeDate > latest) ? p.lastTradeDate : latest,
    null,
  );
  const marketValue = totalsOf(items).marketValue;
  const performance = computePerformance({
    balances,
    cashFlows,
    marketValue,
    valuationDate: mwrValuationDate(items, lastTradeDate),
  });
  return formatAnalytics(
    computeAnalytics({
      holdings: items,
      stocks: state.stocks,
      concentrationLimit: state.concentrationLimit,
      performance,
    }),
  );
}

/** GET /portfolios/{id}/analytics as JSON text. */
export async function getPortfolioAnalytics(ctx: AppContext, caller: Principal, portfolioId: string): Promise<string> {
  const portfolio = await requirePortfolio(ctx, caller, portfolioId);
  return ctx.views.get(
    caller.householdId,
    await version(ctx, caller.householdId),
    `analytics:${portfolio.id}`,
    async () => {
      const state = await loadState(ctx.repos, caller.householdId, [portfolio]);
      return analyticsOf(state, state.portfolios, (state.balances.get(portfolio.id) ?? []).map(toBalanceRow));
    },
  );
}

/** GET /analytics: every portfolio of the household together. */
export async function getHouseholdAnalytics(ctx: AppContext, caller: Principal): Promise<string> {
  return ctx.views.get(caller.householdId, await version(ctx, caller.householdId), 'analytics:household', async () => {
    const portfolios = await ctx.repos.portfolios.getAllByHousehold(caller.householdId);
    const state = await loadState(ctx.repos, caller.householdId, portfolios);
    const balances = combineBalances(portfolios.map((p) => (state.balances.get(p.id) ?? []).map(toBalanceRow)));
    return analyticsOf(state, state.portfolios, balances);
  });
}

export interface PortfolioSummary {
  value: string;
  cost: string;
  unrealizedPnl: string;
  positionCount: number;
}

/** Value, cost, unrealized P&L and position count of each portfolio (the portfolio list's extra fields). */
export async function summarizePortfolios(
  ctx: AppContext,
  caller: Principal,
  portfolios: Portfolio[],
): Promise<Map<string, PortfolioSummary>> {
  if (portfolios.length === 0) return new Map();
  const key = `summaries:${portfolios.map((p) => p.id).join(',')}`;
  const text = await ctx.views.get(caller.householdId, await version(ctx, caller.householdId), key, async () => {
    const state = await loadState(ctx.repos, caller.householdId, portfolios);
    return state.portfolios.map((p) => {
      const totals = p.valued.totals;
      return [
        p.portfolio.id,
        {
          value: formatMoney(totals.marketValue),
          cost: formatMoney(totals.costBasis),
          unrealizedPnl: formatMoney(totals.unrealizedPnl),
          positionCount: totals.positionCount,
        },
      ];
    });
  });
  return new Map(JSON.parse(text) as Array<[string, PortfolioSummary]>);
}
