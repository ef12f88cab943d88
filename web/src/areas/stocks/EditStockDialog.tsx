import { type Stock, useEditStock } from '../../api/queries/stocks';
import { Dialog } from '../../ui/Dialog';
import { StockForm } from './StockForm';

/** "Edit stock": every field of one stock; a blank field clears it. */
export function EditStockDialog({ stock, onClose }: { stock: Stock; onClose: () => void }) {
  const edit = useEditStock(stock.id);
  return (
    <Dialog title="Edit stock" open onClose={onClose}>
      <StockForm
        stock={stock}
        error={edit.error}
        busy={edit.isPending}
        onCancel={onClose}
        onSave={(input) => edit.mutate(input, { onSuccess: onClose })}
      />
    </Dialog>
  );
}
