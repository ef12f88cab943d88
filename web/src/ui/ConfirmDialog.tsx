import type { ReactNode } from 'react';
import { Dialog } from './Dialog';
import { Form } from './Form';

interface ConfirmDialogProps {
  /** The dialog's title and accessible name, e.g. "Delete transaction". */
  title: string;
  /** The button that does it, e.g. "Delete". */
  confirmLabel: string;
  /** The write it confirms; a refusal of the server is shown in the dialog, which stays open. */
  action: { run: (done: () => void) => void; error: unknown; busy: boolean };
  onClose: () => void;
  children: ReactNode;
}

/** The one confirmation before something is removed for good. */
export function ConfirmDialog({ title, confirmLabel, action, onClose, children }: ConfirmDialogProps) {
  return (
    <Dialog title={title} open onClose={onClose}>
      <Form
        onSubmit={() => action.run(onClose)}
        error={action.error}
        busy={action.busy}
        submitLabel={confirmLabel}
        label={title}
        actions={
          <button type="button" className="quiet" onClick={onClose}>
            Cancel
          </button>
        }
      >
        {children}
      </Form>
    </Dialog>
  );
}
