import { HUNDRED, parseDecimal } from './decimal.js';
import { ValidationError } from './errors.js';

/**
 * A household's concentration limit: the share of a portfolio's value, in percent, above which a position is
 * overweight (product.md section 5 "Analytics"). A decimal > 0 and <= 100, kept to 2 places (rounded half-up,
 * as the column stores it); a value that rounds to 0 is refused.
 */
export function concentrationLimit(value: unknown): string {
  const limit = parseDecimal(value);
  if (limit === null) throw ValidationError.field('concentration_limit', 'must be a decimal number');
  const rounded = limit.toDecimalPlaces(2);
  if (limit.gt(HUNDRED) || !rounded.gt(0))
    throw ValidationError.field('concentration_limit', 'must be greater than 0 and at most 100 (percent)');
  return rounded.toFixed(2);
}
