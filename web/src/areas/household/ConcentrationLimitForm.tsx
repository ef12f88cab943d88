import { type Household, useSaveConcentrationLimit } from '../../api/queries/household';
import { Field, Form } from '../../ui/Form';
import { Percent } from '../../ui/Numbers';

/**
 * The concentration limit: the share of a portfolio's value above which a position counts as overweight. Owners
 * change it ("Save limit"); everyone else reads it.
 */
export function ConcentrationLimitForm({ household, canChange }: { household: Household; canChange: boolean }) {
  const save = useSaveConcentrationLimit();
  const hint =
    'In percent of a portfolio’s value, more than 0 and at most 100. A bigger position is overweight in the analytics.';
  if (!canChange)
    return (
      <dl className="figures household-limit">
        <div>
          <dt>Concentration limit</dt>
          <dd>
            <Percent value={household.concentration_limit} />
          </dd>
        </div>
      </dl>
    );
  return (
    <div className="card household-limit">
      <Form
        key={household.concentration_limit}
        onSubmit={(values) => save.mutate(String(values.get('concentration_limit') ?? '').trim())}
        error={save.error}
        busy={save.isPending}
        submitLabel="Save limit"
      >
        <Field label="Concentration limit" name="concentration_limit" hint={hint}>
          {(control) => (
            <span className="limit-input">
              <input {...control} inputMode="decimal" autoComplete="off" defaultValue={household.concentration_limit} />
              <span aria-hidden="true">%</span>
            </span>
          )}
        </Field>
      </Form>
      {save.isSuccess && (
        <p role="status" className="muted">
          Saved: positions over <Percent value={save.data.concentration_limit} /> of a portfolio’s value are overweight.
        </p>
      )}
    </div>
  );
}
