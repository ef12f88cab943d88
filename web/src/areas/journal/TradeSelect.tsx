import { useTradeChoices } from '../../api/queries/journal';
import { Field } from '../../ui/Form';
import { describeTrade } from './trades';

interface TradeSelectProps {
  portfolioId: string;
  stockId: string;
  value: string;
  onChange: (tradeId: string) => void;
}

/** "Trade": the chosen portfolio's latest trades (of the chosen stock, when one is), newest first. */
export function TradeSelect({ portfolioId, stockId, value, onChange }: TradeSelectProps) {
  const trades = useTradeChoices(portfolioId, stockId);
  const items = trades.data?.items ?? [];
  const hint =
    portfolioId === ''
      ? 'Choose a portfolio to link one of its trades.'
      : trades.isPending
        ? 'Loading the portfolio’s trades…'
        : items.length === 0
          ? 'This portfolio has no trades of this stock yet.'
          : undefined;
  return (
    <Field label="Trade" name="transaction_id" hint={hint}>
      {(control) => (
        <select {...control} value={value} onChange={(e) => onChange(e.target.value)} disabled={items.length === 0}>
          <option value="">None</option>
          {items.map((trade) => (
            <option key={trade.id} value={trade.id}>
              {describeTrade(trade)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
