import { useAddPrices } from '../../api/queries/prices';
import { Dialog } from '../../ui/Dialog';
import { Field, Form } from '../../ui/Form';

/** Today in the browser's own calendar, as YYYY-MM-DD (the form's starting date). */
function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** "Add price": one dated close (a date already stored is replaced). */
export function AddPriceDialog({
  stockId,
  currency,
  onClose,
}: {
  stockId: string;
  /** The stock's trading currency, which the close is in. */
  currency: string;
  onClose: () => void;
}) {
  const add = useAddPrices(stockId);
  const submit = (values: FormData) =>
    add.mutate([{ date: String(values.get('date') ?? '').trim(), close: String(values.get('close') ?? '').trim() }], {
      onSuccess: onClose,
    });
  return (
    <Dialog title="Add price" open onClose={onClose}>
      <Form
        onSubmit={submit}
        error={add.error}
        busy={add.isPending}
        actions={
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        }
      >
        <Field label="Date" name="date" also={['prices.0.date', 'prices']}>
          {(control) => <input {...control} type="date" defaultValue={today()} />}
        </Field>
        <Field
          label="Close"
          name="close"
          also={['prices.0.close']}
          hint={`The closing price in ${currency}, e.g. 187.25`}
        >
          {(control) => <input {...control} inputMode="decimal" autoComplete="off" />}
        </Field>
      </Form>
    </Dialog>
  );
}
