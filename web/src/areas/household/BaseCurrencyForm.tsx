import { type Household, useSaveBaseCurrency } from '../../api/queries/household';
import { currencyName } from '../../format';
import { CurrencySelect } from '../../ui/CurrencySelect';
import { Field, Form } from '../../ui/Form';

const HINT =
  'The household’s analytics and the dashboard are reported in it, converted with the exchange rates; new stocks and portfolios start in it.';

/** The base currency: what the household's totals are in. Owners change it ("Save base currency"); everyone else reads it. */
export function BaseCurrencyForm({ household, canChange }: { household: Household; canChange: boolean }) {
  const save = useSaveBaseCurrency();
  const code = household.base_currency;
  if (!canChange)
    return (
      <dl className="figures household-base-currency">
        <div>
          <dt>Base currency</dt>
          <dd>
            {code} <span className="muted">({currencyName(code)})</span>
          </dd>
        </div>
      </dl>
    );
  return (
    <div className="card household-base-currency">
      <Form
        key={code}
        onSubmit={(values) => save.mutate(String(values.get('base_currency') ?? ''))}
        error={save.error}
        busy={save.isPending}
        submitLabel="Save base currency"
      >
        <Field label="Base currency" name="base_currency" hint={HINT}>
          {(control) => <CurrencySelect {...control} defaultValue={code} />}
        </Field>
      </Form>
      {save.isSuccess && (
        <p role="status" className="muted">
          Saved: the household’s analytics and the dashboard are in {save.data.base_currency}.
        </p>
      )}
    </div>
  );
}
