import { NotFoundError } from '../domain/errors.js';
import { assertOwner } from '../domain/household.js';
import { concentrationLimit } from '../domain/settings.js';
import type { AppContext } from './context.js';
import type { Household } from './ports.js';
import type { Principal } from './principal.js';

export async function getHousehold(ctx: AppContext, caller: Principal): Promise<Household> {
  const household = await ctx.repos.households.getById(caller.householdId);
  if (household === null) throw new NotFoundError('Household');
  return household;
}

/**
 * Owners change the household's settings. The concentration limit drives the analytics, so a change bumps the
 * data version in the same transaction. An empty change answers the current settings.
 */
export async function updateHouseholdSettings(
  ctx: AppContext,
  caller: Principal,
  input: { concentrationLimit?: unknown },
): Promise<Household> {
  assertOwner(caller.role);
  if (input.concentrationLimit === undefined) return getHousehold(ctx, caller);
  const limit = concentrationLimit(input.concentrationLimit);
  return ctx.unitOfWork(async (repos) => {
    const household = await repos.households.updateConcentrationLimit(caller.householdId, limit);
    await repos.households.bumpDataVersion(caller.householdId);
    return household;
  });
}
