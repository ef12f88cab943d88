import type { StockChoice } from '../../api/queries/choices';
import { useAddTrade } from '../../api/queries/trades';
import { Dialog } from '../../ui/Dialog';
import { TradeForm } from './TradeForm';

/** "Add trade": a buy, sell, dividend or split in this portfolio. */
export function AddTradeDialog({
  portfolioId,
  stocks,
  onClose,
}: {
  portfolioId: string;
  stocks: StockChoice[];
  onClose: () => void;
}) {
  const add = useAddTrade(portfolioId);
  return (
    <Dialog title="Add trade" open onClose={onClose}>
      <TradeForm
        stocks={stocks}
        error={add.error}
        busy={add.isPending}
        onCancel={onClose}
        onSave={(input) => add.mutate(input, { onSuccess: onClose })}
      />
    </Dialog>
  );
}
