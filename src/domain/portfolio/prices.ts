import { type Decimal, parseDecimal } from '../decimal.js';
import { FieldErrors } from '../errors.js';
import { isDay } from './dates.js';

/** The rules of a batch of dated closing prices (product.md section 5 "Prices"). */

export const MAX_PRICE_BATCH = 1000;

/** Where a close came from: entered by hand (or imported), or fetched from the market-data provider. */
export const PRICE_SOURCES = ['manual', 'provider'] as const;
export type PriceSource = (typeof PRICE_SOURCES)[number];

export interface PriceInput {
  date: string;
  close: unknown;
}

export interface Close {
  date: string;
  close: Decimal;
}

/**
 * Checks a batch: 1-1000 items, each a valid `YYYY-MM-DD` and a close >= 0, no date twice. Returns the closes in
 * date order; throws a ValidationError naming every bad item (`prices.3.date`).
 */
export function validatePriceBatch(items: readonly PriceInput[]): Close[] {
  const errors = new FieldErrors();
  if (items.length === 0) errors.add('prices', 'must hold at least one price');
  if (items.length > MAX_PRICE_BATCH) errors.add('prices', `must hold at most ${MAX_PRICE_BATCH} prices`);
  const closes: Close[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const close = checkClose(item, errors, `prices.${i}`);
    const date = item.date.trim();
    if (!isDay(date)) return;
    const first = seen.get(date);
    if (first !== undefined) errors.add(`prices.${i}.date`, `${date} appears more than once (also at prices.${first})`);
    else seen.set(date, i);
    if (close !== null) closes.push(close);
  });
  errors.throwIfAny();
  return closes.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** One dated close: a valid `YYYY-MM-DD` and a close >= 0; null after adding its errors under `path`. */
export function checkClose(item: PriceInput, errors: FieldErrors, path: string): Close | null {
  const date = item.date.trim();
  const dayValid = isDay(date);
  if (!dayValid) errors.add(`${path}.date`, 'must be a date YYYY-MM-DD');
  const close = parseDecimal(item.close);
  if (close === null) errors.add(`${path}.close`, 'must be a decimal number');
  else if (close.isNegative() && !close.isZero()) errors.add(`${path}.close`, 'must be 0 or more');
  else if (dayValid) return { date, close: close.abs() };
  return null;
}
