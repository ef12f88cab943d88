import { type Decimal, HUNDRED, parseDecimal } from '../decimal.js';
import { FieldErrors } from '../errors.js';
import { isDay } from './dates.js';

/**
 * The rules of a balance row (product.md section 5 "Balances"): per portfolio and date, the closing balance,
 * deposits and withdrawals (money, >= 0) and the index's change in percent (-100 to 100, optional). Values are
 * kept at the precision given (text of a NUMERIC column) and rounded only when shown.
 */
export interface BalanceValues {
  date: string;
  finalBalance: string;
  deposits: string;
  withdrawals: string;
  indexChange: string | null;
}

/** A create or update as received: `undefined` = omitted (unchanged), `null` clears `indexChange`. */
export interface BalancePatch {
  date?: string;
  finalBalance?: unknown;
  deposits?: unknown;
  withdrawals?: unknown;
  indexChange?: unknown;
}

function money(errors: FieldErrors, field: string, value: unknown): Decimal | null {
  const amount = parseDecimal(value);
  if (amount === null) errors.add(field, 'must be a decimal number');
  else if (amount.isNegative() && !amount.isZero()) errors.add(field, 'must be 0 or more');
  else return amount.abs();
  return null;
}

/** The row a create (`current` null) or an update produces; throws a ValidationError naming every bad field. */
export function applyBalancePatch(current: BalanceValues | null, patch: BalancePatch): BalanceValues {
  const errors = new FieldErrors();
  const next: BalanceValues =
    current === null
      ? { date: '', finalBalance: '0', deposits: '0', withdrawals: '0', indexChange: null }
      : { ...current };

  if (patch.date !== undefined || current === null) {
    const date = patch.date?.trim() ?? '';
    if (date === '') errors.add('date', 'is required');
    else if (!isDay(date)) errors.add('date', 'must be a date YYYY-MM-DD');
    next.date = date;
  }
  if (patch.finalBalance !== undefined || current === null) {
    if (patch.finalBalance === undefined || patch.finalBalance === null) errors.add('final_balance', 'is required');
    else next.finalBalance = money(errors, 'final_balance', patch.finalBalance)?.toFixed() ?? next.finalBalance;
  }
  for (const [field, key] of [
    ['deposits', 'deposits'],
    ['withdrawals', 'withdrawals'],
  ] as const) {
    const value = patch[key];
    if (value === undefined) continue;
    if (value === null) errors.add(field, 'must be a decimal number (omit it for 0)');
    else next[key] = money(errors, field, value)?.toFixed() ?? next[key];
  }
  if (patch.indexChange !== undefined) {
    if (patch.indexChange === null) next.indexChange = null;
    else {
      const change = parseDecimal(patch.indexChange);
      if (change === null) errors.add('index_change', 'must be a decimal number');
      else if (change.abs().gt(HUNDRED)) errors.add('index_change', 'must be from -100 to 100 (percent)');
      else next.indexChange = change.isZero() ? '0' : change.toFixed();
    }
  }
  errors.throwIfAny();
  return next;
}
