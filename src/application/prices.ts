import { Decimal } from '../domain/decimal.js';
import { NotFoundError } from '../domain/errors.js';
import { assertCanWrite } from '../domain/household.js';
import { type Close, type PriceInput, validatePriceBatch } from '../domain/portfolio/prices.js';
import { evaluateTargetOnCloses } from '../domain/portfolio/targets.js';
import type { AppContext } from './context.js';
import { pageRequest } from './pagination.js';
import type { Page, Repositories, StoredPrice, Target } from './ports.js';
import type { Principal } from './principal.js';

export interface PostedPrices {
  /** The closes stored by this request, in date order. */
  prices: Close[];
  /** The active targets of the stock that these closes decided (now hit or failed). */
  triggered: Target[];
}

/**
 * Stores a batch of closes (a date already stored is replaced) and, in the same transaction, evaluates every
 * active target of the stock against the new closes in date order: the first close that reaches the pivot or
 * the failure marks it hit or failed. Bumps the household's data version (holdings and analytics use prices).
 */
export async function postPrices(
  ctx: AppContext,
  caller: Principal,
  stockId: string,
  items: readonly PriceInput[],
): Promise<PostedPrices> {
  assertCanWrite(caller.role);
  const closes = validatePriceBatch(items);
  return ctx.unitOfWork(async (repos) => {
    const stock = await repos.stocks.getById(caller.householdId, stockId);
    if (stock === null) throw new NotFoundError('Stock');
    await repos.prices.upsert(
      stock.id,
      closes.map((c) => ({ date: c.date, close: c.close.toFixed() })),
      'manual',
    );
    const triggered = await evaluateActiveTargets(repos, caller.householdId, stock.id, closes);
    await repos.households.bumpPriceVersion(caller.householdId);
    return { prices: closes, triggered };
  });
}

/**
 * The one rule of what new closes do to targets, for closes posted by hand and fetched alike: every active target
 * of the stock is evaluated against the new closes in date order, and the first close that reaches its pivot or
 * failure marks it hit or failed. Runs in the caller's unit of work (the targets are locked until it ends).
 */
export async function evaluateActiveTargets(
  repos: Repositories,
  householdId: string,
  stockId: string,
  closes: readonly Close[],
): Promise<Target[]> {
  const triggered: Target[] = [];
  for (const target of await repos.targets.lockActiveByStock(householdId, stockId)) {
    const decided = evaluateTargetOnCloses(
      {
        pivotPrice: new Decimal(target.pivotPrice),
        failurePrice: new Decimal(target.failurePrice),
        status: 'active',
      },
      closes,
    );
    if (decided === null) continue;
    triggered.push(
      await repos.targets.update(householdId, target.id, {
        ...target,
        status: decided.status,
        triggeredPrice: decided.close.toFixed(),
        triggeredOn: decided.date,
      }),
    );
  }
  return triggered;
}

export async function listPrices(
  ctx: AppContext,
  caller: Principal,
  stockId: string,
  query: { page?: number; size?: number; sort?: string },
): Promise<Page<StoredPrice>> {
  const request = pageRequest(query, ['date'] as const, [{ field: 'date', direction: 'desc' }]);
  const stock = await ctx.repos.stocks.getById(caller.householdId, stockId);
  if (stock === null) throw new NotFoundError('Stock');
  return ctx.repos.prices.getPage(stock.id, request);
}
