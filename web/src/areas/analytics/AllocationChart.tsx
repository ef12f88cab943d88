import { formatMoney, formatPercent } from '../../format';
import { Chart } from '../../ui/Chart';
import type { Analytics } from './AnalyticsPanel';

export type Allocation = Analytics['allocation']['by_sector'];

/** One allocation as a doughnut, its text alternative listing each part's value and share. */
export function AllocationChart({ name, items, currency }: { name: string; items: Allocation; currency: string }) {
  const alternative =
    items.length === 0
      ? [{ label: 'No positions yet', value: '—' }]
      : items.map((item) => ({
          label: item.name,
          value: `${formatMoney(item.value, currency)} · ${item.percentage === null ? '—' : `${formatPercent(item.percentage)}\u202f%`}`,
        }));
  return (
    <Chart
      name={name}
      kind="doughnut"
      labels={items.map((item) => item.name)}
      series={[{ label: 'Value', values: items.map((item) => item.value) }]}
      alternative={alternative}
    />
  );
}
