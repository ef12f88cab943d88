import { HISTORY_SIZE, usePriceHistory } from '../../api/queries/prices';
import { formatMoney } from '../../format';
import { Chart } from '../../ui/Chart';
import { LoadError } from '../../ui/EmptyState';

/** "Price history": the latest closes as a line, with the same numbers as a list. */
export function PriceHistoryChart({ stockId, currency }: { stockId: string; currency: string }) {
  const history = usePriceHistory(stockId);
  if (history.isError) return <LoadError error={history.error} retry={() => history.refetch()} />;
  if (history.data === undefined || history.data.length === 0) return null;
  const closes = history.data;
  return (
    <div className="price-history">
      <Chart
        name="Price history"
        kind="line"
        labels={closes.map((p) => p.date)}
        series={[{ label: 'Close', values: closes.map((p) => p.close) }]}
        alternative={closes.map((p) => ({ label: p.date, value: formatMoney(p.close, currency) }))}
      />
      {closes.length >= HISTORY_SIZE && <p className="muted">The latest {HISTORY_SIZE} closes.</p>}
    </div>
  );
}
