import { BusinessRuleError, FieldErrors, NotFoundError } from '../domain/errors.js';
import { assertCanWrite } from '../domain/household.js';
import { applyTargetPatch, type TargetPatch } from '../domain/portfolio/target-fields.js';
import { isTargetStatus, type TargetStatus, transitionTarget } from '../domain/portfolio/targets.js';
import type { AppContext } from './context.js';
import { requireOwnLinks } from './filters.js';
import { pageRequest } from './pagination.js';
import { type Page, TARGET_SORT_FIELDS, type Target, type TargetFilter } from './ports.js';
import type { Principal } from './principal.js';

/** A status from a request: trimmed and lower-cased, one of the four. */
function parseStatus(value: string, errors: FieldErrors): TargetStatus | undefined {
  const status = value.trim().toLowerCase();
  if (isTargetStatus(status)) return status;
  errors.add('status', 'Status must be one of active, hit, failed, cancelled');
  return undefined;
}

export async function createTarget(
  ctx: AppContext,
  caller: Principal,
  input: { portfolioId: string; stockId: string } & TargetPatch,
): Promise<Target> {
  assertCanWrite(caller.role);
  const values = applyTargetPatch(null, input);
  return ctx.unitOfWork(async (repos) => {
    await requireOwnLinks(repos, caller.householdId, input);
    return repos.targets.create({
      id: ctx.newId(),
      householdId: caller.householdId,
      portfolioId: input.portfolioId,
      stockId: input.stockId,
      ...values,
    });
  });
}

export async function getTarget(ctx: AppContext, caller: Principal, id: string): Promise<Target> {
  const target = await ctx.repos.targets.getById(caller.householdId, id);
  if (target === null) throw new NotFoundError('Target');
  return target;
}

export async function listTargets(
  ctx: AppContext,
  caller: Principal,
  query: { page?: number; size?: number; sort?: string; status?: string; portfolio_id?: string; stock_id?: string },
): Promise<Page<Target>> {
  const request = pageRequest(query, TARGET_SORT_FIELDS, [{ field: 'created_at', direction: 'desc' }]);
  const errors = new FieldErrors();
  const filter: TargetFilter = {};
  if (query.status?.trim()) filter.status = parseStatus(query.status, errors);
  errors.throwIfAny();
  if (query.portfolio_id !== undefined) filter.portfolioId = query.portfolio_id;
  if (query.stock_id !== undefined) filter.stockId = query.stock_id;
  await requireOwnLinks(ctx.repos, caller.householdId, filter);
  return ctx.repos.targets.getPage(caller.householdId, filter, request);
}

/**
 * Changes prices, notes and status. A status change follows product.md (active → hit | failed | cancelled,
 * cancelled → active); any other move, including "to the status it already has", is refused with 422.
 * A target set hit or failed by hand has no triggering price; reactivating clears it.
 */
export async function updateTarget(
  ctx: AppContext,
  caller: Principal,
  id: string,
  patch: TargetPatch & { status?: string },
): Promise<Target> {
  assertCanWrite(caller.role);
  const errors = new FieldErrors();
  const nextStatus = patch.status === undefined ? undefined : parseStatus(patch.status, errors);
  errors.throwIfAny();
  return ctx.unitOfWork(async (repos) => {
    const current = await repos.targets.lockById(caller.householdId, id);
    if (current === null) throw new NotFoundError('Target');
    const values = applyTargetPatch(current, patch);
    let status = current.status;
    let { triggeredPrice, triggeredOn } = current;
    if (nextStatus !== undefined) {
      const move = transitionTarget(current.status, nextStatus);
      if (!move.ok) throw new BusinessRuleError(move.message, [{ field: 'status', message: move.message }]);
      status = move.status;
      if (status === 'active') {
        triggeredPrice = null;
        triggeredOn = null;
      }
    }
    return repos.targets.update(caller.householdId, current.id, { ...values, status, triggeredPrice, triggeredOn });
  });
}

export async function deleteTarget(ctx: AppContext, caller: Principal, id: string): Promise<void> {
  assertCanWrite(caller.role);
  await ctx.repos.targets.delete(caller.householdId, id);
}
