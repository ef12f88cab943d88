import { type Decimal, parseDecimal } from '../decimal.js';
import { FieldErrors } from '../errors.js';
import { isDay } from '../portfolio/dates.js';
import { describeMinorUnit, MAJOR_CURRENCY_MESSAGE, readMajorCurrency } from './currencies.js';

/** The rules of a batch of exchange rates entered by hand (product.md section 14), like a batch of prices. */

export const MAX_FX_RATE_BATCH = 1000;

export interface FxRateInput {
  base: string;
  quote: string;
  date: string;
  rate: unknown;
}

/** One valid rate: one `base` costs `rate` `quote` on `date`; codes upper-cased, the rate as given (unrounded). */
export interface ValidFxRate {
  base: string;
  quote: string;
  date: string;
  rate: Decimal;
}

/**
 * Checks a batch: 1-1000 items, each with major ISO 4217 codes on both sides (not the same), a valid
 * `YYYY-MM-DD` and a rate > 0, no (base, quote, date) twice. Returns the rates by base, quote, then date; throws
 * a ValidationError naming every bad item (`rates.3.rate`).
 */
export function validateFxRateBatch(items: readonly FxRateInput[]): ValidFxRate[] {
  const errors = new FieldErrors();
  if (items.length === 0) errors.add('rates', 'must hold at least one rate');
  if (items.length > MAX_FX_RATE_BATCH) errors.add('rates', `must hold at most ${MAX_FX_RATE_BATCH} rates`);
  const rates: ValidFxRate[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const rate = checkFxRate(item, errors, `rates.${i}`);
    if (rate === null) return;
    const key = `${rate.base}/${rate.quote}/${rate.date}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.add(
        `rates.${i}`,
        `${rate.base}/${rate.quote} on ${rate.date} appears more than once (also at rates.${first})`,
      );
      return;
    }
    seen.set(key, i);
    rates.push(rate);
  });
  errors.throwIfAny();
  return rates.sort((a, b) => compare(a.base, b.base) || compare(a.quote, b.quote) || compare(a.date, b.date));
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** One rate; null after adding its errors under `path`. */
export function checkFxRate(item: FxRateInput, errors: FieldErrors, path: string): ValidFxRate | null {
  const base = currencyOf(item.base, errors, `${path}.base`);
  const quote = currencyOf(item.quote, errors, `${path}.quote`);
  if (base !== null && base === quote) errors.add(`${path}.quote`, `must differ from the base currency ${base}`);
  const date = item.date.trim();
  const dayValid = isDay(date);
  if (!dayValid) errors.add(`${path}.date`, 'must be a date YYYY-MM-DD');
  const rate = parseDecimal(item.rate);
  if (rate === null) errors.add(`${path}.rate`, 'must be a decimal number');
  else if (!rate.gt(0))
    errors.add(`${path}.rate`, `must be greater than 0 (units of the quote currency for one of the base)`);
  if (base === null || quote === null || base === quote || !dayValid || rate === null || !rate.gt(0)) return null;
  return { base, quote, date, rate };
}

function currencyOf(text: string, errors: FieldErrors, field: string): string | null {
  const read = rateCurrency(text);
  if ('code' in read) return read.code;
  errors.add(field, read.problem);
  return null;
}

/** One side of a rate (or of a filter of rates): a major currency's code, or why the text is none. */
export function rateCurrency(text: string): { code: string } | { problem: string } {
  const read = readMajorCurrency(text);
  if (read.ok) return { code: read.code };
  if (read.minor === null) return { problem: MAJOR_CURRENCY_MESSAGE };
  const { major, name } = read.minor;
  return {
    problem: `${describeMinorUnit(read.minor)}: rates are between major currencies, use ${major} (${name} convert by their factor)`,
  };
}
