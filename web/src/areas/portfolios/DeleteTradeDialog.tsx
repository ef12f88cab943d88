import { type Trade, useDeleteTrade } from '../../api/queries/trades';
import { Dialog } from '../../ui/Dialog';
import { Form } from '../../ui/Form';
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
    <Dialog title="Delete transaction" open onClose={onClose}>
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
          Delete the {tradeTypeLabel(trade.type).toLowerCase()} of <strong>{symbol}</strong> on {trade.trade_date}? The
          holdings are computed again without it. This cannot be undone.
        </p>
      </Form>
    </Dialog>
  );
}
