import { FieldErrors } from '../domain/errors.js';
import { isDay } from '../domain/portfolio/dates.js';

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
