import { type JournalEntry, useEditEntry } from '../../api/queries/journal';
import { Dialog } from '../../ui/Dialog';
import { EntryForm } from './EntryForm';

export function EditEntryDialog({ entry, onClose }: { entry: JournalEntry; onClose: () => void }) {
  const edit = useEditEntry(entry.id);
  return (
    <Dialog title="Edit entry" open onClose={onClose}>
      <EntryForm
        entry={entry}
        label="Edit entry"
        onSubmit={(input) => edit.mutate(input, { onSuccess: onClose })}
        error={edit.error}
        busy={edit.isPending}
        onCancel={onClose}
      />
    </Dialog>
  );
}
