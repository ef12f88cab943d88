import type { Balance } from '../../../api/queries/balances';
import { formatMoney, formatPercent } from '../../../format';
import { Chart } from '../../../ui/Chart';

/**
 * "Balance against the index": the final balance per date, and the index's change that day as the API
 * records it (the API gives no cumulative index series, so none is drawn; nothing is computed here).
 */
export function BalanceChart({ history, currency }: { history: Balance[]; currency: string }) {
  return (
    <Chart
      name="Balance against the index"
      kind="line"
      labels={history.map((balance) => balance.date)}
      series={[
        { label: `Final balance (${currency})`, values: history.map((balance) => balance.final_balance) },
        { label: 'Index change (%)', values: history.map((balance) => balance.index_change) },
      ]}
      alternative={history.map((balance) => ({
        label: balance.date,
        value: `${formatMoney(balance.final_balance, currency)} · index ${
          balance.index_change === null ? '—' : `${formatPercent(balance.index_change)}\u202f%`
        }`,
      }))}
    />
  );
}
