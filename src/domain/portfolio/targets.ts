import { type Decimal, parseDecimal } from '../decimal.js';
import type { FieldError } from './values.js';

export const TARGET_STATUSES = ['active', 'hit', 'failed', 'cancelled'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

export function isTargetStatus(value: unknown): value is TargetStatus {
  return typeof value === 'string' && (TARGET_STATUSES as readonly string[]).includes(value);
}

/** product.md §5: only an active target can become hit, failed or cancelled; a cancelled one can be reactivated. */
const TRANSITIONS: Record<TargetStatus, readonly TargetStatus[]> = {
  active: ['hit', 'failed', 'cancelled'],
  hit: [],
  failed: [],
  cancelled: ['active'],
};

/** Whether a target may move from one status to another. Staying in the same status is not a transition. */
export function canTransition(from: TargetStatus, to: TargetStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export type TransitionResult = { ok: true; status: TargetStatus } | { ok: false; message: string };

/**
 * A status change asked for by a user: the new status, or why it is refused (the application answers 422).
 * A PATCH that repeats the current status is the caller's to treat as "no change" if it wishes; here it is
 * refused like any other move the rules do not allow.
 */
export function transitionTarget(from: TargetStatus, to: TargetStatus): TransitionResult {
  if (canTransition(from, to)) return { ok: true, status: to };
  const allowed = TRANSITIONS[from];
  const hint =
    allowed.length === 0 ? `a ${from} target is final` : `a ${from} target can only become ${allowed.join(', ')}`;
  return { ok: false, message: `A target cannot go from ${from} to ${to}: ${hint}` };
}

export interface TargetPrices {
  pivotPrice: Decimal;
  failurePrice: Decimal;
}

/**
 * What a new close does to an active target: 'hit' when it reaches the pivot, 'failed' when it reaches the
 * failure price, null otherwise or when the target is not active. For a long-style target (pivot above
 * failure) that is close >= pivot / close <= failure; when the pivot is below the failure (a short-style
 * target) the comparisons are mirrored: close <= pivot / close >= failure. With pivot = failure any close
 * decides: at or beyond the pivot (upwards) it is hit, below it failed.
 */
export function evaluateTarget(
  target: TargetPrices & { status: TargetStatus },
  close: Decimal,
): 'hit' | 'failed' | null {
  if (target.status !== 'active') return null;
  const { pivotPrice: pivot, failurePrice: failure } = target;
  if (pivot.gte(failure)) {
    if (close.gte(pivot)) return 'hit';
    if (close.lte(failure)) return 'failed';
  } else {
    if (close.lte(pivot)) return 'hit';
    if (close.gte(failure)) return 'failed';
  }
  return null;
}

/**
 * Evaluates a batch of new closes in date order and returns the first that decides the target (the target
 * stops being active there, so later closes do not matter), or null.
 */
export function evaluateTargetOnCloses(
  target: TargetPrices & { status: TargetStatus },
  closes: readonly { date: string; close: Decimal }[],
): { status: 'hit' | 'failed'; date: string; close: Decimal } | null {
  const ordered = [...closes].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const { date, close } of ordered) {
    const status = evaluateTarget(target, close);
    if (status !== null) return { status, date, close };
  }
  return null;
}

/**
 * The price rules of a target (the spec sets none beyond being prices): pivot and failure are decimals
 * greater than 0. Equal prices are allowed (see `evaluateTarget`). Errors use the wire field names.
 */
export function validateTargetPrices(input: { pivotPrice?: unknown; failurePrice?: unknown }): FieldError[] {
  const errors: FieldError[] = [];
  for (const [field, value] of [
    ['pivot_price', input.pivotPrice],
    ['failure_price', input.failurePrice],
  ] as const) {
    if (value === undefined || value === null) {
      errors.push({ field, message: 'is required' });
      continue;
    }
    const price = parseDecimal(value);
    if (price === null) errors.push({ field, message: 'must be a decimal number' });
    else if (price.lte(0)) errors.push({ field, message: 'must be greater than 0' });
  }
  return errors;
}
