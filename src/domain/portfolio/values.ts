import { Decimal, parseDecimal } from '../decimal.js';

/**
 * What the application may hand the domain for a decimal: a `Decimal`, or the text a PostgreSQL NUMERIC
 * column comes back as. Never a JavaScript number: money, prices and quantities do not pass through floats.
 */
export type DecimalInput = Decimal | string;

/** A rule broken by one request field; `field` is the wire (snake_case) name so the HTTP layer can pass it on. */
export interface FieldError {
  field: string;
  message: string;
}

/** Converts trusted input (already validated, e.g. read back from the database); a malformed value is a bug. */
export function asDecimal(value: DecimalInput): Decimal {
  if (typeof value !== 'string') return value;
  const parsed = parseDecimal(value);
  if (parsed === null) throw new RangeError(`Not a decimal: ${JSON.stringify(value)}`);
  return parsed;
}

/** Like `asDecimal`, keeping an absent value absent. */
export function asOptionalDecimal(value: DecimalInput | null | undefined): Decimal | null {
  return value === null || value === undefined ? null : asDecimal(value);
}

/** `part / whole × 100`, or 0 when the whole is 0 (an empty or worthless portfolio has no shares to speak of). */
export function percentOf(part: Decimal, whole: Decimal): Decimal {
  return whole.isZero() ? new Decimal(0) : part.div(whole).times(100);
}
