import { type Trade, useDeleteTrade } from '../../api/queries/trades';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { tradeTypeLabel } from './tradeTypes';

/** "Delete transaction": asks first; the server refuses when the rest of the history would not hold. */
export function DeleteTradeDialog({
  portfolioId,
  trade,
  symbol,
  onClose,
}: {
  portfolioId: string;
  trade: Trade;
  symbol: string;
  onClose: () => void;
}) {
  const remove = useDeleteTrade(portfolioId, trade.id);
  return (
    <ConfirmDialog
      title="Delete transaction"
      confirmLabel="Delete"
      action={{
        run: (done) => remove.mutate(undefined, { onSuccess: done }),
        error: remove.error,
        busy: remove.isPending,
      }}
      onClose={onClose}
    >
      <p>
        Delete the {tradeTypeLabel(trade.type).toLowerCase()} of <strong>{symbol}</strong> on {trade.trade_date}? The
        holdings are computed again without it. This cannot be undone.
      </p>
    </ConfirmDialog>
  );
}
