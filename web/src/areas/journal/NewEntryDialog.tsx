import { useCreateEntry } from '../../api/queries/journal';
import { Dialog } from '../../ui/Dialog';
import { EntryForm } from './EntryForm';

export function NewEntryDialog({ onClose }: { onClose: () => void }) {
  const create = useCreateEntry();
  return (
    <Dialog title="New entry" open onClose={onClose}>
      <EntryForm
        label="New entry"
        onSubmit={(input) => create.mutate(input, { onSuccess: onClose })}
        error={create.error}
        busy={create.isPending}
        onCancel={onClose}
      />
    </Dialog>
  );
}
