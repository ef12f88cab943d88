import { useAddStock } from '../../api/queries/stocks';
import { Dialog } from '../../ui/Dialog';
import { StockForm } from './StockForm';

/** "Add stock": a new stock in the household's catalog. */
export function AddStockDialog({ onClose }: { onClose: () => void }) {
  const add = useAddStock();
  return (
    <Dialog title="Add stock" open onClose={onClose}>
      <StockForm
        error={add.error}
        busy={add.isPending}
        onCancel={onClose}
        onSave={(input) => add.mutate({ ...input, symbol: input.symbol ?? '' }, { onSuccess: onClose })}
      />
    </Dialog>
  );
}
