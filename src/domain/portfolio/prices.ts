import { type Decimal, parseDecimal } from '../decimal.js';
import { FieldErrors } from '../errors.js';
import { isDay } from './dates.js';

/** The rules of a batch of dated closing prices (product.md section 5 "Prices"). */

export const MAX_PRICE_BATCH = 1000;

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
    const date = item.date.trim();
    if (!isDay(date)) errors.add(`prices.${i}.date`, 'must be a date YYYY-MM-DD');
    else if (seen.has(date))
      errors.add(`prices.${i}.date`, `${date} appears more than once (also at prices.${seen.get(date)})`);
    else seen.set(date, i);
    const close = parseDecimal(item.close);
    if (close === null) errors.add(`prices.${i}.close`, 'must be a decimal number');
    else if (close.isNegative() && !close.isZero()) errors.add(`prices.${i}.close`, 'must be 0 or more');
    else closes.push({ date, close: close.abs() });
  });
  errors.throwIfAny();
  return closes.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
