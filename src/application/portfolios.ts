import { NotFoundError } from '../domain/errors.js';
import { assertCanWrite } from '../domain/household.js';
import { applyPortfolioPatch, DEFAULT_PORTFOLIO, type PortfolioPatch } from '../domain/portfolio/portfolio.js';
import type { AppContext } from './context.js';
import { type PortfolioSummary, summarizePortfolios } from './holdings.js';
import { pageRequest } from './pagination.js';
import { type Page, PORTFOLIO_SORT_FIELDS, type Portfolio } from './ports.js';
import { rebuildPositions } from './positions.js';
import type { Principal } from './principal.js';

export function createPortfolio(ctx: AppContext, caller: Principal, input: PortfolioPatch): Promise<Portfolio> {
  assertCanWrite(caller.role);
  const fields = applyPortfolioPatch(DEFAULT_PORTFOLIO, input, true);
  return ctx.repos.portfolios.create({ id: ctx.newId(), householdId: caller.householdId, ...fields });
}

export async function getPortfolio(ctx: AppContext, caller: Principal, id: string): Promise<Portfolio> {
  const portfolio = await ctx.repos.portfolios.getById(caller.householdId, id);
  if (portfolio === null) throw new NotFoundError('Portfolio');
  return portfolio;
}

export async function listPortfolios(
  ctx: AppContext,
  caller: Principal,
  query: { page?: number; size?: number; sort?: string },
): Promise<Page<Portfolio & { summary: PortfolioSummary }>> {
  const request = pageRequest(query, PORTFOLIO_SORT_FIELDS, [{ field: 'name', direction: 'asc' }]);
  const page = await ctx.repos.portfolios.getPageByHousehold(caller.householdId, request);
  const summaries = await summarizePortfolios(ctx, caller, page.items);
  const empty: PortfolioSummary = {
    value: '0.00',
    cost: '0.00',
    unrealizedPnl: '0.00',
    realizedPnl: '0.00',
    dividends: '0.00',
    positionCount: 0,
  };
  return { ...page, items: page.items.map((p) => ({ ...p, summary: summaries.get(p.id) ?? empty })) };
}

/** Renaming, re-describing, switching the cost-basis method or (de)activating; holdings follow the method. */
export function updatePortfolio(
  ctx: AppContext,
  caller: Principal,
  id: string,
  patch: PortfolioPatch,
): Promise<Portfolio> {
  assertCanWrite(caller.role);
  return ctx.unitOfWork(async (repos) => {
    const current = await repos.portfolios.lockById(caller.householdId, id);
    if (current === null) throw new NotFoundError('Portfolio');
    const updated = await repos.portfolios.update(caller.householdId, id, applyPortfolioPatch(current, patch, false));
    if (updated.costBasisMethod !== current.costBasisMethod) await rebuildPositions(repos, updated);
    await repos.households.bumpDataVersion(caller.householdId);
    return updated;
  });
}

/** Refused with 409 while the portfolio has trades; its balances and targets go with it. */
export function deletePortfolio(ctx: AppContext, caller: Principal, id: string): Promise<void> {
  assertCanWrite(caller.role);
  return ctx.unitOfWork(async (repos) => {
    if ((await repos.portfolios.lockById(caller.householdId, id)) === null) throw new NotFoundError('Portfolio');
    await repos.portfolios.delete(caller.householdId, id);
    await repos.households.bumpDataVersion(caller.householdId);
  });
}
