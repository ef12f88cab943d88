import type { ImportRowStatus } from '../../../api/queries/imports';

/** Each row status in the person's words. */
const LABELS: Record<ImportRowStatus, string> = {
  create: 'Will be created',
  created: 'Created',
  duplicate: 'Duplicate',
  skipped: 'Skipped',
  error: 'Error',
};

export function statusLabel(status: ImportRowStatus): string {
  return LABELS[status] ?? status;
}

/** A trade type as read from the file ("buy" → "Buy"); unsupported ones are shown as the file names them. */
export function typeLabel(type: string | null): string {
  if (type === null || type === '') return '—';
  return type.charAt(0).toUpperCase() + type.slice(1).toLowerCase();
}
