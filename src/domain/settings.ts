import { describeMinorUnit, MAJOR_CURRENCY_MESSAGE, readMajorCurrency } from './currency/currencies.js';
import { HUNDRED, parseDecimal } from './decimal.js';
import { FieldErrors, ValidationError } from './errors.js';

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

/**
 * A household's base currency (product.md section 14): what household analytics and the dashboard are in, so a
 * major ISO 4217 code, upper-cased; a minor unit such as GBp is refused.
 */
export function baseCurrency(value: unknown): string {
  const read = readMajorCurrency(value);
  if (read.ok) return read.code;
  throw ValidationError.field(
    'base_currency',
    read.minor === null
      ? `Base currency ${MAJOR_CURRENCY_MESSAGE}`
      : `Base currency ${describeMinorUnit(read.minor)}: the household reports in a major currency, such as ${read.minor.major}`,
  );
}

export interface HouseholdSettingsInput {
  concentrationLimit?: unknown;
  baseCurrency?: unknown;
}

/** A change of a household's settings, every field checked (each bad one reported at once); omitted stay. */
export function householdSettingsChange(input: HouseholdSettingsInput): {
  concentrationLimit?: string;
  baseCurrency?: string;
} {
  const errors = new FieldErrors();
  const change: { concentrationLimit?: string; baseCurrency?: string } = {};
  const collect = (read: () => void) => {
    try {
      read();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      for (const detail of error.details) errors.add(detail.field, detail.message);
    }
  };
  if (input.concentrationLimit !== undefined)
    collect(() => {
      change.concentrationLimit = concentrationLimit(input.concentrationLimit);
    });
  if (input.baseCurrency !== undefined)
    collect(() => {
      change.baseCurrency = baseCurrency(input.baseCurrency);
    });
  errors.throwIfAny();
  return change;
}
