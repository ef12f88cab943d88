import { type FxRate, useAddFxRate } from '../../../api/queries/fx-rates';
import { CurrencySelect } from '../../../ui/CurrencySelect';
import { Dialog } from '../../../ui/Dialog';
import { Field, Form, text } from '../../../ui/Form';
import type { MissingRate } from './rate-links';

/** Today in the browser's own calendar, as YYYY-MM-DD (the form's starting date). */
function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

interface AddRateDialogProps {
  /** What the form starts with: a missing rate that a warning linked to, or the household's base currency as quote. */
  start: Partial<MissingRate>;
  onSaved: (rate: FxRate) => void;
  onClose: () => void;
}

/** "Add rate": what one unit of a currency cost in another on a day (a stored day of the pair is replaced). */
export function AddRateDialog({ start, onSaved, onClose }: AddRateDialogProps) {
  const add = useAddFxRate();
  const submit = (values: FormData) =>
    add.mutate(
      {
        base: text(values, 'base') ?? '',
        quote: text(values, 'quote') ?? '',
        date: text(values, 'date') ?? '',
        rate: text(values, 'rate') ?? '',
      },
      {
        onSuccess: (answer) => {
          const saved = answer.items[0];
          if (saved !== undefined) onSaved(saved);
        },
      },
    );
  return (
    <Dialog title="Add rate" open onClose={onClose}>
      <Form
        onSubmit={submit}
        error={add.error}
        busy={add.isPending}
        label="Add rate"
        actions={
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        }
      >
        <Field label="Base" name="base" also={['rates.0.base']} hint="The currency priced, e.g. EUR">
          {(control) => <CurrencySelect {...control} empty="Choose a currency" defaultValue={start.base ?? ''} />}
        </Field>
        <Field label="Quote" name="quote" also={['rates.0.quote']} hint="The currency it is priced in, e.g. USD">
          {(control) => <CurrencySelect {...control} empty="Choose a currency" defaultValue={start.quote ?? ''} />}
        </Field>
        <Field label="Date" name="date" also={['rates.0.date']}>
          {(control) => <input {...control} type="date" defaultValue={start.date ?? today()} />}
        </Field>
        <Field
          label="Rate"
          name="rate"
          also={['rates.0.rate', 'rates.0', 'rates']}
          hint="Units of the quote for one unit of the base: EUR in USD 1.10 means 1 EUR = 1.10 USD"
        >
          {(control) => <input {...control} inputMode="decimal" autoComplete="off" />}
        </Field>
      </Form>
    </Dialog>
  );
}
