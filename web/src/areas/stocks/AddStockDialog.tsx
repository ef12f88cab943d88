import { useHousehold } from '../../api/queries/household';
import { useAddStock } from '../../api/queries/stocks';
import { Dialog } from '../../ui/Dialog';
import { Loading } from '../../ui/EmptyState';
import { StockForm } from './StockForm';

/** "Add stock": a new stock in the household's catalog. */
export function AddStockDialog({ onClose }: { onClose: () => void }) {
  const add = useAddStock();
  const household = useHousehold();
  return (
    <Dialog title="Add stock" open onClose={onClose}>
      {/* A new stock is in the household's base currency unless another is chosen: the form waits for it. */}
      {household.isPending ? (
        <Loading what="the household's base currency" />
      ) : (
        <StockForm
          defaultCurrency={household.data?.base_currency}
          error={add.error}
          busy={add.isPending}
          onCancel={onClose}
          onSave={(input) => add.mutate({ ...input, symbol: input.symbol ?? '' }, { onSuccess: onClose })}
        />
      )}
    </Dialog>
  );
}
