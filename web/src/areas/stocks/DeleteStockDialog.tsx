import { type Stock, useDeleteStock } from '../../api/queries/stocks';
import { ConfirmDialog } from '../../ui/ConfirmDialog';

/** "Delete stock": asks first; the server refuses while trades reference the stock, and says so here. */
export function DeleteStockDialog({ stock, onClose }: { stock: Stock; onClose: () => void }) {
  const remove = useDeleteStock(stock.id);
  return (
    <ConfirmDialog
      title="Delete stock"
      confirmLabel="Delete"
      action={{
        run: (done) => remove.mutate(undefined, { onSuccess: done }),
        error: remove.error,
        busy: remove.isPending,
      }}
      onClose={onClose}
    >
      <p>
        Delete <strong>{stock.symbol}</strong>
        {stock.company_name ? ` (${stock.company_name})` : ''} and its prices? This cannot be undone.
      </p>
    </ConfirmDialog>
  );
}
