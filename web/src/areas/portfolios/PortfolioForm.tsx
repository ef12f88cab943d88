import { useId } from 'react';
import type { CostBasisMethod, Portfolio, PortfolioChanges } from '../../api/queries/portfolios';
import { CurrencySelect } from '../../ui/CurrencySelect';
import { Field, Form, text, textOrNull } from '../../ui/Form';

const METHODS: { value: CostBasisMethod; label: string }[] = [
  { value: 'average', label: 'Average' },
  { value: 'fifo', label: 'FIFO' },
];

interface PortfolioFormProps {
  /** The portfolio being edited (the form then also offers "Active"); none when creating. */
  portfolio?: Portfolio;
  /** A new portfolio's currency until another is chosen: the household's base currency. */
  defaultCurrency?: string;
  error: unknown;
  busy: boolean;
  onSave: (input: PortfolioChanges & { name: string }) => void;
  onCancel: () => void;
}

/** A portfolio's name, description, currency and cost-basis method; when editing, whether it takes trades. */
export function PortfolioForm({
  portfolio,
  defaultCurrency = 'USD',
  error,
  busy,
  onSave,
  onCancel,
}: PortfolioFormProps) {
  const activeId = useId();
  const submit = (values: FormData) => {
    const method = values.get('cost_basis_method') === 'fifo' ? 'fifo' : 'average';
    const name = text(values, 'name') ?? '';
    const currency = text(values, 'currency') ?? defaultCurrency;
    if (portfolio === undefined) {
      onSave({ name, description: text(values, 'description'), currency, cost_basis_method: method });
    } else {
      onSave({
        name,
        description: textOrNull(values, 'description'),
        currency,
        cost_basis_method: method,
        is_active: values.get('is_active') === 'on',
      });
    }
  };
  return (
    <Form
      onSubmit={submit}
      error={error}
      busy={busy}
      actions={
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      }
    >
      <Field label="Name" name="name">
        {(control) => <input {...control} defaultValue={portfolio?.name} autoComplete="off" maxLength={100} />}
      </Field>
      <Field label="Description" name="description">
        {(control) => <textarea {...control} defaultValue={portfolio?.description ?? ''} maxLength={1000} />}
      </Field>
      <Field label="Currency" name="currency" hint="What its holdings and analytics are reported in">
        {(control) => <CurrencySelect {...control} defaultValue={portfolio?.currency ?? defaultCurrency} />}
      </Field>
      <Field label="Cost basis method" name="cost_basis_method">
        {(control) => (
          <select {...control} defaultValue={portfolio?.cost_basis_method ?? 'average'}>
            {METHODS.map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {portfolio !== undefined && (
        <div className="field portfolio-active">
          <input id={activeId} type="checkbox" name="is_active" defaultChecked={portfolio.is_active} />
          <label htmlFor={activeId}>Active</label>
          <p className="hint">An inactive portfolio takes no trades; its history stays.</p>
        </div>
      )}
    </Form>
  );
}
