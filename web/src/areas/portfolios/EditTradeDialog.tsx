import type { StockChoice } from '../../api/queries/choices';
import { type Trade, useEditTrade } from '../../api/queries/trades';
import { Dialog } from '../../ui/Dialog';
import { TradeForm } from './TradeForm';

/** "Edit trade": the server checks the whole history again and refuses an edit that would not hold. */
export function EditTradeDialog({
  portfolioId,
  trade,
  stocks,
  onClose,
}: {
  portfolioId: string;
  trade: Trade;
  stocks: StockChoice[];
  onClose: () => void;
}) {
  const edit = useEditTrade(portfolioId, trade.id);
  return (
    <Dialog title="Edit trade" open onClose={onClose}>
      <TradeForm
        trade={trade}
        stocks={stocks}
        error={edit.error}
        busy={edit.isPending}
        onCancel={onClose}
        onSave={(input) => edit.mutate(input, { onSuccess: onClose })}
      />
    </Dialog>
  );
}
