import { NotFoundError } from '../domain/errors.js';
import { assertOwner } from '../domain/household.js';
import { type HouseholdSettingsInput, householdSettingsChange } from '../domain/settings.js';
import type { AppContext } from './context.js';
import type { Household } from './ports.js';
import type { Principal } from './principal.js';

export async function getHousehold(ctx: AppContext, caller: Principal): Promise<Household> {
  const household = await ctx.repos.households.getById(caller.householdId);
  if (household === null) throw new NotFoundError('Household');
  return household;
}

/**
 * Owners change the household's settings. The concentration limit drives the analytics and the base currency is
 * what household analytics are reported in, so a change of either bumps the data version, all in one
 * transaction. An empty change answers the current settings.
 */
export async function updateHouseholdSettings(
  ctx: AppContext,
  caller: Principal,
  input: HouseholdSettingsInput,
): Promise<Household> {
  assertOwner(caller.role);
  const change = householdSettingsChange(input);
  if (change.concentrationLimit === undefined && change.baseCurrency === undefined) return getHousehold(ctx, caller);
  return ctx.unitOfWork(async (repos) => {
    let household: Household | undefined;
    if (change.concentrationLimit !== undefined)
      household = await repos.households.updateConcentrationLimit(caller.householdId, change.concentrationLimit);
    if (change.baseCurrency !== undefined)
      household = await repos.households.updateBaseCurrency(caller.householdId, change.baseCurrency);
    await repos.households.bumpDataVersion(caller.householdId);
    return household as Household;
  });
}
