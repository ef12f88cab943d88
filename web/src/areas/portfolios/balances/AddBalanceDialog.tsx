import { useState } from 'react';
import { useAddBalance } from '../../../api/queries/balances';
import { Dialog } from '../../../ui/Dialog';
import { Field, Form, text } from '../../../ui/Form';

/** Today in the person's own time zone, as the API writes dates (YYYY-MM-DD). */
function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** "Add balance": a day's closing balance, the money moved in and out that day, and the index's change. */
export function AddBalanceDialog({ portfolioId, currency }: { portfolioId: string; currency: string }) {
  const [open, setOpen] = useState(false);
  const add = useAddBalance(portfolioId);
  const close = () => {
    setOpen(false);
    add.reset();
  };
  const save = (values: FormData) =>
    add.mutate(
      {
        date: text(values, 'date') ?? '',
        final_balance: text(values, 'final_balance') ?? '',
        deposits: text(values, 'deposits'),
        withdrawals: text(values, 'withdrawals'),
        index_change: text(values, 'index_change'),
      },
      { onSuccess: close },
    );
  return (
    <>
      <button type="button" className="primary" onClick={() => setOpen(true)}>
        Add balance
      </button>
      <Dialog title="Add balance" open={open} onClose={close}>
        <Form
          onSubmit={save}
          error={add.error}
          busy={add.isPending}
          actions={
            <button type="button" className="quiet" onClick={close}>
              Cancel
            </button>
          }
        >
          <Field label="Date" name="date">
            {(control) => <input {...control} type="date" defaultValue={today()} required />}
          </Field>
          <Field
            label="Final balance"
            name="final_balance"
            hint={`The portfolio's value at the day's close, in ${currency}.`}
          >
            {(control) => <input {...control} inputMode="decimal" autoComplete="off" required />}
          </Field>
          <Field label="Deposits" name="deposits" hint="Money put in that day (counted at the start of the day).">
            {(control) => <input {...control} inputMode="decimal" autoComplete="off" />}
          </Field>
          <Field label="Withdrawals" name="withdrawals" hint="Money taken out that day.">
            {(control) => <input {...control} inputMode="decimal" autoComplete="off" />}
          </Field>
          <Field label="Index change" name="index_change" hint="The index's change that day in percent, -100 to 100.">
            {(control) => <input {...control} inputMode="decimal" autoComplete="off" />}
          </Field>
        </Form>
      </Dialog>
    </>
  );
}
