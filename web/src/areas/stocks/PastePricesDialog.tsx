import { useState } from 'react';
import { useAddPrices } from '../../api/queries/prices';
import { Dialog } from '../../ui/Dialog';
import { Field, Form } from '../../ui/Form';
import { onPastedLines, pastedShapeError, readPastedPrices } from './pasted-prices';

/** "Paste prices": many `date,close` lines sent in one request; problems are shown by line number. */
export function PastePricesDialog({ stockId, onClose }: { stockId: string; onClose: () => void }) {
  const add = useAddPrices(stockId);
  const [local, setLocal] = useState<unknown>(null);
  const [sent, setSent] = useState<ReturnType<typeof readPastedPrices>['lines']>([]);

  const submit = (values: FormData) => {
    const { lines, problems } = readPastedPrices(String(values.get('prices') ?? ''));
    if (problems.length > 0) {
      add.reset();
      setLocal(pastedShapeError(problems));
      return;
    }
    setLocal(null);
    setSent(lines);
    add.mutate(
      lines.map(({ date, close }) => ({ date, close })),
      { onSuccess: onClose },
    );
  };

  return (
    <Dialog title="Paste prices" open onClose={onClose}>
      <Form
        onSubmit={submit}
        error={local ?? onPastedLines(add.error, sent)}
        busy={add.isPending}
        actions={
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        }
      >
        <Field
          label="Prices"
          name="prices"
          hint="One close a line as date,close, e.g. 2026-01-05,187.25 (a date already stored is replaced)"
        >
          {(control) => (
            <textarea
              {...control}
              className="pasted-prices"
              rows={8}
              spellCheck={false}
              placeholder={'2026-01-05,187.25\n2026-01-06,188.10'}
            />
          )}
        </Field>
      </Form>
    </Dialog>
  );
}
