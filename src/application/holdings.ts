import { NotFoundError } from '../domain/errors.js';
import { toBalanceRow } from './balances.js';
import type { AppContext } from './context.js';
import type { Household, Portfolio } from './ports.js';
import type { Principal } from './principal.js';
import { loadValuationInput, type ValuationTask } from './valuation/input.js';

/**
 * Holdings, analytics and the portfolio list's figures, in the reporting currency of each (product.md §14): a
 * portfolio's own currency, or the household's base currency for the household's analytics. What they need is read
 * here and valued on a worker thread (valuation/compute.ts); the answer is cached until the household's data changes.
 */

async function requirePortfolio(ctx: AppContext, caller: Principal, portfolioId: string): Promise<Portfolio> {
  const portfolio = await ctx.repos.portfolios.getById(caller.householdId, portfolioId);
  if (portfolio === null) throw new NotFoundError('Portfolio');
  return portfolio;
}

/** The household's versions, and a view's: both of them, since each view depends on trades and on prices. */
const versions = (ctx: AppContext, householdId: string) => ctx.repos.households.getVersions(householdId);
const viewVersion = (v: { data: number; prices: number }) => `${v.data}.${v.prices}`;

/** Values a view on the worker threads, timed for `/metrics`. */
async function valued(ctx: AppContext, task: ValuationTask): Promise<string> {
  const start = performance.now();
  const text = await ctx.valuations.run(task);
  ctx.metrics.valuation(task.view, (performance.now() - start) / 1000);
  return text;
}

const inOwnCurrency = (portfolio: Portfolio) => portfolio.currency;
const inBaseCurrency = (_: Portfolio, household: Household) => household.baseCurrency;

/*
 * The cached views' keys name their shape ("…:2:"), so that a view cached in an older shape is never answered as
 * this one after an upgrade (the data version alone does not change with the code).
 */

/** GET /portfolios/{id}/holdings as encoded JSON (cached until the household's data changes). */
export async function getHoldings(ctx: AppContext, caller: Principal, portfolioId: string): Promise<Buffer> {
  // Both reads at once: a warm view costs one round trip to the database.
  const [portfolio, version] = await Promise.all([
    requirePortfolio(ctx, caller, portfolioId),
    versions(ctx, caller.householdId),
  ]);
  return ctx.views.get(caller.householdId, viewVersion(version), `holdings:2:${portfolio.id}`, async () => {
    const { input } = await loadValuationInput(ctx.repos, caller.householdId, [portfolio], inOwnCurrency);
    return valued(ctx, { view: 'holdings', input });
  });
}

/**
 * The stored trades' daily cash flows of these portfolios, without the stocks valued from converted trades: an
 * aggregate of every trade, cached under the data version alone (a price or rate write leaves it as it is).
 */
async function storedCashFlows(
  ctx: AppContext,
  householdId: string,
  dataVersion: number,
  portfolios: Array<{ id: string; foreignStockIds: string[] }>,
): Promise<Array<{ date: string; amount: string }>> {
  const ids = portfolios.map((p) => p.id);
  const foreign = [...new Set(portfolios.flatMap((p) => p.foreignStockIds))].sort();
  const text = await ctx.views.get(
    householdId,
    String(dataVersion),
    `cashflows:1:${ids.join(',')}:${foreign.join(',')}`,
    async () => JSON.stringify(await ctx.repos.trades.getDailyCashFlows(ids, foreign)),
  );
  return JSON.parse(text.toString()) as Array<{ date: string; amount: string }>;
}

/** GET /portfolios/{id}/analytics as encoded JSON, in the portfolio's currency. */
export async function getPortfolioAnalytics(ctx: AppContext, caller: Principal, portfolioId: string): Promise<Buffer> {
  const [portfolio, version] = await Promise.all([
    requirePortfolio(ctx, caller, portfolioId),
    versions(ctx, caller.householdId),
  ]);
  return ctx.views.get(caller.householdId, viewVersion(version), `analytics:2:${portfolio.id}`, async () => {
    const [{ input }, balances] = await Promise.all([
      loadValuationInput(ctx.repos, caller.householdId, [portfolio], inOwnCurrency),
      ctx.repos.balances.getHistory([portfolio.id]),
    ]);
    return valued(ctx, {
      view: 'analytics',
      input,
      currency: portfolio.currency,
      cashFlows: await storedCashFlows(ctx, caller.householdId, version.data, input.portfolios),
      balances: [balances.map(toBalanceRow)],
    });
  });
}

/** GET /analytics: every portfolio of the household together, in its base currency. */
export async function getHouseholdAnalytics(ctx: AppContext, caller: Principal): Promise<Buffer> {
  const version = await versions(ctx, caller.householdId);
  return ctx.views.get(caller.householdId, viewVersion(version), 'analytics:2:household', async () => {
    const portfolios = await ctx.repos.portfolios.getAllByHousehold(caller.householdId);
    const [{ household, input }, rows] = await Promise.all([
      // The balances of a portfolio in another currency than the base one convert at the household's rates.
      loadValuationInput(ctx.repos, caller.householdId, portfolios, inBaseCurrency, (household) =>
        portfolios.some((p) => p.currency !== household.baseCurrency),
      ),
      ctx.repos.balances.getHistory(portfolios.map((p) => p.id)),
    ]);
    return valued(ctx, {
      view: 'analytics',
      input,
      currency: household.baseCurrency,
      cashFlows: await storedCashFlows(ctx, caller.householdId, version.data, input.portfolios),
      balances: portfolios.map((p) => rows.filter((b) => b.portfolioId === p.id).map(toBalanceRow)),
    });
  });
}

export interface PortfolioSummary {
  value: string | null;
  cost: string | null;
  unrealizedPnl: string | null;
  realizedPnl: string | null;
  dividends: string | null;
  positionCount: number;
}

/** Value, cost, P&L, dividends and position count of each portfolio in its currency (the portfolio list's extra fields). */
export async function summarizePortfolios(
  ctx: AppContext,
  caller: Principal,
  portfolios: Portfolio[],
): Promise<Map<string, PortfolioSummary>> {
  if (portfolios.length === 0) return new Map();
  // The key names the summary's shape, so that a cached one of an older shape is never read as this one.
  const key = `summaries:3:${portfolios.map((p) => p.id).join(',')}`;
  const text = await ctx.views.get(
    caller.householdId,
    viewVersion(await versions(ctx, caller.householdId)),
    key,
    async () => {
      const { input } = await loadValuationInput(ctx.repos, caller.householdId, portfolios, inOwnCurrency);
      return valued(ctx, { view: 'summaries', input });
    },
  );
  return new Map(JSON.parse(text.toString()) as Array<[string, PortfolioSummary]>);
}
