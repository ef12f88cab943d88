import { type Stock, useDeleteStock } from '../../api/queries/stocks';
import { Dialog } from '../../ui/Dialog';
import { Form } from '../../ui/Form';

/** "Delete stock": asks first; the server refuses while trades reference the stock, and says so here. */
export function DeleteStockDialog({ stock, onClose }: { stock: Stock; onClose: () => void }) {
  const remove = useDeleteStock(stock.id);
  return (
    <Dialog title="Delete stock" open onClose={onClose}>
      <Form
        onSubmit={() => remove.mutate(undefined, { onSuccess: onClose })}
        error={remove.error}
        busy={remove.isPending}
        submitLabel="Delete"
        actions={
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        }
      >
        <p>
          Delete <strong>{stock.symbol}</strong>
          {stock.company_name ? ` (${stock.company_name})` : ''} and its prices? This cannot be undone.
        </p>
      </Form>
    </Dialog>
  );
}
