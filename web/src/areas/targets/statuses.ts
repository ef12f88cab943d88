import type { TargetStatus } from '../../api/queries/targets';

/** The four statuses in the person's words, in the order of a target's life. */
export const STATUSES: readonly { value: TargetStatus; label: string }[] = [
  { value: 'active', label: 'Active' },
  { value: 'hit', label: 'Hit' },
  { value: 'failed', label: 'Failed' },
  { value: 'cancelled', label: 'Cancelled' },
];

export function statusLabel(status: TargetStatus): string {
  return STATUSES.find((s) => s.value === status)?.label ?? status;
}
