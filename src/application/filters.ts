import { FieldErrors, NotFoundError } from '../domain/errors.js';
import { isDay } from '../domain/portfolio/dates.js';
import type { Repositories } from './ports.js';

/**
 * Query filters follow one rule on every list (the HTTP layer drops blank parameters first, so a
 * blank filter is no filter): an id filter must name a thing of the caller's household, else 404,
 * as for an id in a path; a malformed id never reaches a query.
 */

/** `from` and `to` of a list (inclusive days, YYYY-MM-DD); blank means unset; `from` after `to` is refused. */
export function dayRange(query: { from?: string; to?: string }): { from?: string; to?: string } {
  const errors = new FieldErrors();
  const range: { from?: string; to?: string } = {};
  for (const field of ['from', 'to'] as const) {
    const value = query[field]?.trim();
    if (value === undefined || value === '') continue;
    if (isDay(value)) range[field] = value;
    else errors.add(field, 'must be a date YYYY-MM-DD');
  }
  if (range.from !== undefined && range.to !== undefined && range.from > range.to)
    errors.add('to', 'must not be before from');
  errors.throwIfAny();
  return range;
}

/** The portfolio and stock that a filter or a new record names must be the household's: otherwise 404. */
export async function requireOwnLinks(
  repos: Repositories,
  householdId: string,
  links: { portfolioId?: string; stockId?: string },
): Promise<void> {
  if (links.portfolioId !== undefined && (await repos.portfolios.getById(householdId, links.portfolioId)) === null)
    throw new NotFoundError('Portfolio');
  if (links.stockId !== undefined && (await repos.stocks.getById(householdId, links.stockId)) === null)
    throw new NotFoundError('Stock');
}
