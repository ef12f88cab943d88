import { usePortfolioChoices, useStockChoices } from '../../api/queries/choices';
import { useCreateTarget } from '../../api/queries/targets';
import { Dialog } from '../../ui/Dialog';
import { EmptyState, LoadError, Loading } from '../../ui/EmptyState';
import { Field, Form, text } from '../../ui/Form';

/** "New target": a pivot and a failure price for a stock in a portfolio; the API checks the prices. */
export function NewTargetDialog({ onClose }: { onClose: () => void }) {
  const create = useCreateTarget();
  const portfolioChoices = usePortfolioChoices();
  const stockChoices = useStockChoices();
  const portfolios = portfolioChoices.data ?? [];
  const stocks = stockChoices.data ?? [];
  const submit = (values: FormData) =>
    create.mutate(
      {
        portfolio_id: text(values, 'portfolio_id') ?? '',
        stock_id: text(values, 'stock_id') ?? '',
        pivot_price: text(values, 'pivot_price') ?? '',
        failure_price: text(values, 'failure_price') ?? '',
        ...(text(values, 'notes') ? { notes: text(values, 'notes') } : {}),
      },
      { onSuccess: onClose },
    );
  const cancel = (
    <button type="button" className="quiet" onClick={onClose}>
      Cancel
    </button>
  );
  return (
    <Dialog title="New target" open onClose={onClose}>
      {portfolioChoices.isPending || stockChoices.isPending ? (
        <Loading what="portfolios and stocks" />
      ) : portfolioChoices.isError || stockChoices.isError ? (
        <LoadError error={portfolioChoices.error ?? stockChoices.error} />
      ) : portfolios.length === 0 || stocks.length === 0 ? (
        <EmptyState title="A target needs a portfolio and a stock">
          <p>Create a portfolio on “Portfolios” and add the stock on “Stocks” first.</p>
          {cancel}
        </EmptyState>
      ) : (
        <Form onSubmit={submit} error={create.error} busy={create.isPending} actions={cancel} label="New target">
          <Field label="Portfolio" name="portfolio_id">
            {(control) => (
              <select {...control} defaultValue={portfolios.find((p) => p.is_active)?.id ?? portfolios[0]?.id}>
                {portfolios.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Stock" name="stock_id">
            {(control) => (
              <select {...control} defaultValue={stocks[0]?.id}>
                {stocks.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.symbol}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Pivot price" name="pivot_price" hint="The target is hit when a close reaches this price.">
            {(control) => <input {...control} inputMode="decimal" autoComplete="off" />}
          </Field>
          <Field
            label="Failure price"
            name="failure_price"
            hint="The target has failed when a close reaches this price instead."
          >
            {(control) => <input {...control} inputMode="decimal" autoComplete="off" />}
          </Field>
          <Field label="Notes" name="notes">
            {(control) => <textarea {...control} />}
          </Field>
        </Form>
      )}
    </Dialog>
  );
}
