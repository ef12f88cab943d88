import { Decimal as DecimalJs } from 'decimal.js';

/**
 * The one decimal type of StockBook. Money, prices, quantities and percentages are computed with it
 * at full precision and rounded only when they leave the service (see the `format*` functions).
 */
export const Decimal = DecimalJs.clone({
  precision: 40,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Decimal = InstanceType<typeof Decimal>;

export const ZERO = new Decimal(0);
export const HUNDRED = new Decimal(100);

/** The longest decimal text a request may give: far beyond any real amount, short enough to refuse abuse. */
export const MAX_DECIMAL_TEXT = 40;

/** Strict parse of a wire value (string or number); null when it is not a finite plain decimal. */
export function parseDecimal(value: unknown): Decimal | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    // String(number) is the shortest round-trip text, so 0.1 stays 0.1 rather than its binary expansion.
    return new Decimal(String(value));
  }
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) return null;
  return new Decimal(text);
}

/** A stored decimal as canonical text, unrounded ("1.000000004", "150.5"): an export that reads back the same. */
export function exactDecimal(value: string): string {
  return parseDecimal(value)?.toFixed() ?? value;
}

export function sum(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

function trimmed(d: Decimal, places: number): string {
  const fixed = d.toDecimalPlaces(places).toFixed();
  return fixed === '-0' ? '0' : fixed;
}

/** Money: always two places, half-up ("150.25", "-2.35"). */
export function formatMoney(d: Decimal): string {
  const s = d.toFixed(2);
  return s === '-0.00' ? '0.00' : s;
}

/** Percentages (returns, weights, drawdown): two places, half-up. */
export const formatPercent = formatMoney;

/** Prices keep up to 6 places, without trailing zeros. */
export function formatPrice(d: Decimal): string {
  return trimmed(d, 6);
}

/** Quantities keep up to 8 places, without trailing zeros ("0", "12.5"). */
export function formatQuantity(d: Decimal): string {
  return trimmed(d, 8);
}
