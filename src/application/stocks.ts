import { DEFAULT_BASE_CURRENCY } from '../domain/currency/currencies.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { canonicalSector } from '../domain/gics.js';
import { assertCanWrite } from '../domain/household.js';
import { updateStock as applyUpdate, createStock as buildStock, GRADES, type StockPatch } from '../domain/stock.js';
import type { AppContext } from './context.js';
import { pageRequest } from './pagination.js';
import { type Page, type PricedStock, STOCK_SORT_FIELDS, type StockFilter } from './ports.js';
import type { Principal } from './principal.js';

export async function createStock(ctx: AppContext, caller: Principal, input: StockPatch): Promise<PricedStock> {
  assertCanWrite(caller.role);
  const household = await ctx.repos.households.getById(caller.householdId);
  const fields = buildStock(input, household?.baseCurrency ?? DEFAULT_BASE_CURRENCY);
  const stock = await ctx.repos.stocks.create({ id: ctx.newId(), householdId: caller.householdId, ...fields });
  // A new stock has no prices yet.
  return { ...stock, currentPrice: null, priceDate: null };
}

export async function getStock(ctx: AppContext, caller: Principal, id: string): Promise<PricedStock> {
  const stock = await ctx.repos.stocks.getPricedById(caller.householdId, id);
  if (stock === null) throw new NotFoundError('Stock');
  return stock;
}

export function listStocks(
  ctx: AppContext,
  caller: Principal,
  query: { page?: number; size?: number; sort?: string; search?: string; sector?: string; grade?: string },
): Promise<Page<PricedStock>> {
  const request = pageRequest(query, STOCK_SORT_FIELDS, [{ field: 'symbol', direction: 'asc' }]);
  const filter: StockFilter = {};
  const search = query.search?.trim();
  if (search) filter.search = search;
  if (query.sector?.trim()) {
    const sector = canonicalSector(query.sector);
    if (sector === null) throw ValidationError.field('sector', `Unknown sector '${query.sector.trim()}'`);
    filter.sector = sector;
  }
  if (query.grade?.trim()) {
    const grade = query.grade.trim().toUpperCase();
    if (!(GRADES as readonly string[]).includes(grade))
      throw ValidationError.field('grade', 'Grade must be one of A, B, C, D, F');
    filter.grade = grade;
  }
  return ctx.repos.stocks.getPageByHousehold(caller.householdId, filter, request);
}

export async function updateStock(
  ctx: AppContext,
  caller: Principal,
  id: string,
  patch: StockPatch,
): Promise<PricedStock> {
  assertCanWrite(caller.role);
  return ctx.unitOfWork(async (repos) => {
    const current = await repos.stocks.getPricedById(caller.householdId, id);
    if (current === null) throw new NotFoundError('Stock');
    const updated = await repos.stocks.update(caller.householdId, id, applyUpdate(current, patch));
    // Symbols, sectors and groups appear in holdings and allocations.
    await repos.households.bumpDataVersion(caller.householdId);
    // An update leaves the prices alone: the current price is the one just read.
    return { ...updated, currentPrice: current.currentPrice, priceDate: current.priceDate };
  });
}

export async function deleteStock(ctx: AppContext, caller: Principal, id: string): Promise<void> {
  assertCanWrite(caller.role);
  await ctx.repos.stocks.delete(caller.householdId, id);
}
