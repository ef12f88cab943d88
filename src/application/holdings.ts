import { Decimal, formatMoney } from '../domain/decimal.js';
import { NotFoundError } from '../domain/errors.js';
import { computeAnalytics, type StockProfile } from '../domain/portfolio/analytics.js';
import type { Holding } from '../domain/portfolio/holdings.js';
import {
  type BalanceRow,
  combineBalances,
  computePerformance,
  mwrValuationDate,
} from '../domain/portfolio/performance.js';
import { type PriceQuote, totalsOf, type ValuedHoldings, valueHoldings } from '../domain/portfolio/valuation.js';
import { formatAnalytics, formatHoldings } from '../domain/portfolio/wire.js';
import { toBalanceRow } from './balances.js';
import type { AppContext } from './context.js';
import type { Portfolio, Repositories } from './ports.js';
import type { Principal } from './principal.js';

/** One portfolio's holdings, valued at the latest prices. */
interface PortfolioState {
  portfolio: Portfolio;
  valued: ValuedHoldings;
}

interface HouseholdState {
  portfolios: PortfolioState[];
  stocks: Map<string, StockProfile>;
  concentrationLimit: Decimal;
}

/** Reads the stored positions of these portfolios and values them at the latest prices, by symbol. */
async function loadState(repos: Repositories, householdId: string, portfolios: Portfolio[]): Promise<HouseholdState> {
  const ids = portfolios.map((p) => p.id);
  const [positions, household] = await Promise.all([
    repos.positions.getByPortfolios(ids),
    repos.households.getById(householdId),
  ]);
  const stockIds = [...new Set(positions.map((p) => p.holding.stockId))];
  const [quotes, stocks] = await Promise.all([
    repos.prices.getLatest(stockIds),
    repos.stocks.getByIds(householdId, stockIds),
  ]);
  const quoteMap = new Map<string, PriceQuote>(quotes.map((q) => [q.stockId, { price: q.close, date: q.date }]));
  const profiles = new Map<string, StockProfile>(
    stocks.map((s) => [s.id, { symbol: s.symbol, sector: s.sector, industryGroup: s.industryGroup }]),
  );
  const symbol = (stockId: string) => profiles.get(stockId)?.symbol ?? '';
  const byPortfolio = new Map<string, Holding[]>(ids.map((id) => [id, []]));
  for (const p of positions) byPortfolio.get(p.portfolioId)?.push(p.holding);
  return {
    portfolios: portfolios.map((portfolio) => {
      const holdings = (byPortfolio.get(portfolio.id) ?? []).sort((a, b) =>
        symbol(a.stockId).localeCompare(symbol(b.stockId)),
      );
      return { portfolio, valued: valueHoldings(holdings, quoteMap) };
    }),
    stocks: profiles,
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

/** GET /portfolios/{id}/holdings as encoded JSON (cached until the household's data changes). */
export async function getHoldings(ctx: AppContext, caller: Principal, portfolioId: string): Promise<Buffer> {
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

/** The analytics of some portfolios of the household taken together (one, or all of them). */
async function analyticsOf(repos: Repositories, state: HouseholdState, balances: BalanceRow[]) {
  const ids = state.portfolios.map((p) => p.portfolio.id);
  const flows = await repos.trades.getDailyCashFlows(ids);
  const items = state.portfolios.flatMap((p) => p.valued.items);
  const performance = computePerformance({
    balances,
    cashFlows: flows.map((f) => ({ date: f.date, amount: new Decimal(f.amount) })),
    marketValue: totalsOf(items).marketValue,
    valuationDate: mwrValuationDate(items, flows.at(-1)?.date ?? null),
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

/** GET /portfolios/{id}/analytics as encoded JSON. */
export async function getPortfolioAnalytics(ctx: AppContext, caller: Principal, portfolioId: string): Promise<Buffer> {
  const portfolio = await requirePortfolio(ctx, caller, portfolioId);
  return ctx.views.get(
    caller.householdId,
    await version(ctx, caller.householdId),
    `analytics:${portfolio.id}`,
    async () => {
      const [state, balances] = await Promise.all([
        loadState(ctx.repos, caller.householdId, [portfolio]),
        ctx.repos.balances.getHistory([portfolio.id]),
      ]);
      return analyticsOf(ctx.repos, state, balances.map(toBalanceRow));
    },
  );
}

/** GET /analytics: every portfolio of the household together. */
export async function getHouseholdAnalytics(ctx: AppContext, caller: Principal): Promise<Buffer> {
  return ctx.views.get(caller.householdId, await version(ctx, caller.householdId), 'analytics:household', async () => {
    const portfolios = await ctx.repos.portfolios.getAllByHousehold(caller.householdId);
    const ids = portfolios.map((p) => p.id);
    const [state, rows] = await Promise.all([
      loadState(ctx.repos, caller.householdId, portfolios),
      ctx.repos.balances.getHistory(ids),
    ]);
    const balances = combineBalances(ids.map((id) => rows.filter((b) => b.portfolioId === id).map(toBalanceRow)));
    return analyticsOf(ctx.repos, state, balances);
  });
}

export interface PortfolioSummary {
  value: string;
  cost: string;
  unrealizedPnl: string;
  realizedPnl: string;
  dividends: string;
  positionCount: number;
}

/** Value, cost, P&L, dividends and position count of each portfolio (the portfolio list's extra fields). */
export async function summarizePortfolios(
  ctx: AppContext,
  caller: Principal,
  portfolios: Portfolio[],
): Promise<Map<string, PortfolioSummary>> {
  if (portfolios.length === 0) return new Map();
  // The key names the summary's shape, so that a cached one of an older shape is never read as this one.
  const key = `summaries:2:${portfolios.map((p) => p.id).join(',')}`;
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
          realizedPnl: formatMoney(totals.realizedPnl),
          dividends: formatMoney(totals.dividends),
          positionCount: totals.positionCount,
        },
      ];
    });
  });
  return new Map(JSON.parse(text.toString()) as Array<[string, PortfolioSummary]>);
}
