import type { PerformancePoint } from '../../../api/queries/balances';
import { formatMoney, formatPercent } from '../../../format';
import { Chart } from '../../../ui/Chart';

const percent = (value: string | null) => (value === null ? '—' : `${formatPercent(value)}\u202f%`);

/**
 * "Balance against the index": the portfolio's time-weighted return and the index's return since the
 * first balance, on one scale, as the server computes them row by row.
 */
export function BalanceChart({ points, currency }: { points: PerformancePoint[]; currency: string }) {
  return (
    <Chart
      name="Balance against the index"
      kind="line"
      labels={points.map((point) => point.date)}
      series={[
        { label: 'Portfolio, time-weighted return (%)', values: points.map((point) => point.twr) },
        { label: 'Index return (%)', values: points.map((point) => point.index_return) },
      ]}
      alternative={points.map((point) => ({
        label: point.date,
        value: `${formatMoney(point.final_balance, currency)} · return ${percent(point.twr)} · index ${percent(point.index_return)}`,
      }))}
    />
  );
}
