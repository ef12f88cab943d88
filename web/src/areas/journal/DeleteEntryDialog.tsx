import { type JournalEntry, useDeleteEntry } from '../../api/queries/journal';
import { ConfirmDialog } from '../../ui/ConfirmDialog';

/** "Delete entry": asks before the entry is gone for good. */
export function DeleteEntryDialog({ entry, onClose }: { entry: JournalEntry; onClose: () => void }) {
  const remove = useDeleteEntry(entry.id);
  const preview = entry.content.length > 80 ? `${entry.content.slice(0, 80)}…` : entry.content;
  return (
    <ConfirmDialog
      title="Delete entry"
      confirmLabel="Delete"
      action={{
        run: (done) => remove.mutate(undefined, { onSuccess: done }),
        error: remove.error,
        busy: remove.isPending,
      }}
      onClose={onClose}
    >
      <p>
        Delete the entry of {entry.entry_date}, “{preview}”? This cannot be undone.
      </p>
    </ConfirmDialog>
  );
}
