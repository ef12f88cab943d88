import { parseDecimal } from '../decimal.js';
import { FieldErrors } from '../errors.js';
import { notesText, textLength } from '../text.js';
import { validateTargetPrices } from './targets.js';

/**
 * The editable fields of a target, on top of the price rules of `targets.ts`: pivot and failure must differ (a
 * target whose every close decides it says nothing), and notes are at most 1000 characters.
 */
export interface TargetValues {
  pivotPrice: string;
  failurePrice: string;
  notes: string;
}

/** A create or update as received: `undefined` = omitted (unchanged); `null` notes become "". */
export interface TargetPatch {
  pivotPrice?: unknown;
  failurePrice?: unknown;
  notes?: string | null;
}

export const MAX_TARGET_NOTES = 1000;

/** The values a create (`current` null) or an update produces; throws a ValidationError naming every bad field. */
export function applyTargetPatch(current: TargetValues | null, patch: TargetPatch): TargetValues {
  const errors = new FieldErrors();
  const pivotInput = patch.pivotPrice !== undefined ? patch.pivotPrice : current?.pivotPrice;
  const failureInput = patch.failurePrice !== undefined ? patch.failurePrice : current?.failurePrice;
  for (const e of validateTargetPrices({ pivotPrice: pivotInput, failurePrice: failureInput }))
    errors.add(e.field, e.message);
  const pivot = parseDecimal(pivotInput);
  const failure = parseDecimal(failureInput);
  if (errors.items.length === 0 && pivot !== null && failure !== null && pivot.eq(failure)) {
    errors.add('pivot_price', 'must differ from failure_price');
    errors.add('failure_price', 'must differ from pivot_price');
  }
  const notes = notesText(patch.notes) ?? current?.notes ?? '';
  if (textLength(notes) > MAX_TARGET_NOTES) errors.add('notes', `Notes must be at most ${MAX_TARGET_NOTES} characters`);
  errors.throwIfAny();
  return {
    pivotPrice: pivot?.toFixed() ?? '',
    failurePrice: failure?.toFixed() ?? '',
    notes,
  };
}
