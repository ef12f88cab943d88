import { type JournalEntry, useDeleteEntry } from '../../api/queries/journal';
import { Dialog } from '../../ui/Dialog';
import { Form } from '../../ui/Form';

/** "Delete entry": asks before the entry is gone for good. */
export function DeleteEntryDialog({ entry, onClose }: { entry: JournalEntry; onClose: () => void }) {
  const remove = useDeleteEntry(entry.id);
  const preview = entry.content.length > 80 ? `${entry.content.slice(0, 80)}…` : entry.content;
  return (
    <Dialog title="Delete entry" open onClose={onClose}>
      <Form
        onSubmit={() => remove.mutate(undefined, { onSuccess: onClose })}
        error={remove.error}
        busy={remove.isPending}
        submitLabel="Delete"
        label="Delete entry"
        actions={
          <button type="button" className="quiet" onClick={onClose}>
            Cancel
          </button>
        }
      >
        <p>
          Delete the entry of {entry.entry_date}, “{preview}”? This cannot be undone.
        </p>
      </Form>
    </Dialog>
  );
}
