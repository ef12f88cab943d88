import { type FxRateInput, rateCurrency, type ValidFxRate, validateFxRateBatch } from '../domain/currency/fx-input.js';
import { FieldErrors, ValidationError } from '../domain/errors.js';
import { assertCanWrite } from '../domain/household.js';
import type { AppContext } from './context.js';
import { dayRange } from './filters.js';
import { pageRequest } from './pagination.js';
import {
  FX_RATE_SORT_FIELDS,
  type FxRateFilter,
  type FxRateSortField,
  type Page,
  type PageRequest,
  type StoredFxRate,
} from './ports.js';
import type { Principal } from './principal.js';

/**
 * Stores a batch of exchange rates entered by hand (a day already stored for the pair is replaced, a fetched one
 * included) and bumps the household's data version in the same transaction: holdings and analytics convert with
 * them. Answers the rates stored, by base, quote, then date.
 */
export async function postFxRates(
  ctx: AppContext,
  caller: Principal,
  items: readonly FxRateInput[],
): Promise<ValidFxRate[]> {
  assertCanWrite(caller.role);
  const rates = validateFxRateBatch(items);
  await ctx.unitOfWork(async (repos) => {
    await repos.fxRates.upsert(
      caller.householdId,
      rates.map((r) => ({ base: r.base, quote: r.quote, date: r.date, rate: r.rate.toFixed() })),
      'manual',
    );
    await repos.households.bumpPriceVersion(caller.householdId);
  });
  return rates;
}

const DEFAULT_ORDER: PageRequest<FxRateSortField>['sort'] = [
  { field: 'date', direction: 'desc' },
  { field: 'base', direction: 'asc' },
  { field: 'quote', direction: 'asc' },
];

/**
 * A page of the household's rates, newest day first, then by base and quote. A sort that names only some of the
 * three fields is completed by the default order of the others, so that pages never share or skip a rate.
 */
export function listFxRates(
  ctx: AppContext,
  caller: Principal,
  query: { page?: number; size?: number; sort?: string; base?: string; quote?: string; from?: string; to?: string },
): Promise<Page<StoredFxRate>> {
  const request = pageRequest(query, FX_RATE_SORT_FIELDS, DEFAULT_ORDER);
  const sort = [...request.sort, ...DEFAULT_ORDER.filter((d) => !request.sort.some((s) => s.field === d.field))];
  const errors = new FieldErrors();
  const filter: FxRateFilter = {};
  for (const field of ['base', 'quote'] as const) {
    const text = query[field]?.trim();
    if (text === undefined || text === '') continue;
    const read = rateCurrency(text);
    if ('code' in read) filter[field] = read.code;
    else errors.add(field, read.problem);
  }
  try {
    Object.assign(filter, dayRange(query));
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const detail of error.details) errors.add(detail.field, detail.message);
  }
  errors.throwIfAny();
  return ctx.repos.fxRates.getPage(caller.householdId, filter, { ...request, sort });
}
