import { NotFoundError } from '../domain/errors.js';
import { assertCanWrite } from '../domain/household.js';
import { applyBalancePatch, type BalancePatch } from '../domain/portfolio/balances.js';
import { type BalanceRow, type PerformancePoint, performanceSeries } from '../domain/portfolio/performance.js';
import type { AppContext } from './context.js';
import { dayRange } from './filters.js';
import { pageRequest } from './pagination.js';
import { BALANCE_SORT_FIELDS, type Balance, type Page, type Portfolio, type Repositories } from './ports.js';
import type { Principal } from './principal.js';

async function requirePortfolio(repos: Repositories, caller: Principal, portfolioId: string): Promise<Portfolio> {
  const portfolio = await repos.portfolios.getById(caller.householdId, portfolioId);
  if (portfolio === null) throw new NotFoundError('Portfolio');
  return portfolio;
}

async function requireBalance(repos: Repositories, portfolio: Portfolio, id: string): Promise<Balance> {
  const balance = await repos.balances.getById(portfolio.id, id);
  if (balance === null) throw new NotFoundError('Balance');
  return balance;
}

/** A stored balance as the performance rules read it. */
export function toBalanceRow(b: Balance): BalanceRow {
  return {
    date: b.date,
    finalBalance: b.finalBalance,
    deposits: b.deposits,
    withdrawals: b.withdrawals,
    indexChange: b.indexChange,
  };
}

/** Every balance of a portfolio by date, with its return and the index's so far (the chart against the index). */
export async function balancePerformance(
  ctx: AppContext,
  caller: Principal,
  portfolioId: string,
): Promise<PerformancePoint[]> {
  const portfolio = await requirePortfolio(ctx.repos, caller, portfolioId);
  const history = await ctx.repos.balances.getHistory([portfolio.id]);
  return performanceSeries(history.map(toBalanceRow));
}

/** Balances feed the analytics (returns, drawdown): every write bumps the household's data version. */
export async function createBalance(
  ctx: AppContext,
  caller: Principal,
  portfolioId: string,
  input: BalancePatch,
): Promise<Balance> {
  assertCanWrite(caller.role);
  const fields = applyBalancePatch(null, input);
  return ctx.unitOfWork(async (repos) => {
    const portfolio = await requirePortfolio(repos, caller, portfolioId);
    const balance = await repos.balances.create({
      id: ctx.newId(),
      householdId: caller.householdId,
      portfolioId: portfolio.id,
      ...fields,
    });
    await repos.households.bumpDataVersion(caller.householdId);
    return balance;
  });
}

export async function listBalances(
  ctx: AppContext,
  caller: Principal,
  portfolioId: string,
  query: { page?: number; size?: number; sort?: string; from?: string; to?: string },
): Promise<Page<Balance>> {
  const request = pageRequest(query, BALANCE_SORT_FIELDS, [{ field: 'date', direction: 'asc' }]);
  const range = dayRange(query);
  const portfolio = await requirePortfolio(ctx.repos, caller, portfolioId);
  return ctx.repos.balances.getPage(portfolio.id, range, request);
}

export async function getBalance(
  ctx: AppContext,
  caller: Principal,
  portfolioId: string,
  id: string,
): Promise<Balance> {
  const portfolio = await requirePortfolio(ctx.repos, caller, portfolioId);
  return requireBalance(ctx.repos, portfolio, id);
}

export async function updateBalance(
  ctx: AppContext,
  caller: Principal,
  portfolioId: string,
  id: string,
  patch: BalancePatch,
): Promise<Balance> {
  assertCanWrite(caller.role);
  return ctx.unitOfWork(async (repos) => {
    const portfolio = await requirePortfolio(repos, caller, portfolioId);
    const current = await requireBalance(repos, portfolio, id);
    const updated = await repos.balances.update(portfolio.id, current.id, applyBalancePatch(current, patch));
    await repos.households.bumpDataVersion(caller.householdId);
    return updated;
  });
}

export async function deleteBalance(
  ctx: AppContext,
  caller: Principal,
  portfolioId: string,
  id: string,
): Promise<void> {
  assertCanWrite(caller.role);
  await ctx.unitOfWork(async (repos) => {
    const portfolio = await requirePortfolio(repos, caller, portfolioId);
    await repos.balances.delete(portfolio.id, id);
    await repos.households.bumpDataVersion(caller.householdId);
  });
}
