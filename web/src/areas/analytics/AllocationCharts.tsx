import { AllocationChart } from './AllocationChart';
import type { Analytics } from './AnalyticsPanel';
import { Heading, type Level } from './Heading';

/** "Allocation by sector" and "Allocation by stock" side by side. */
export function AllocationCharts({
  allocation,
  currency,
  level = 3,
}: {
  allocation: Analytics['allocation'];
  currency: string;
  level?: Level;
}) {
  return (
    <section className="analytics-part">
      <Heading level={level}>Allocation</Heading>
      <div className="grid">
        <AllocationChart name="Allocation by sector" items={allocation.by_sector} currency={currency} />
        <AllocationChart name="Allocation by stock" items={allocation.by_stock} currency={currency} />
      </div>
    </section>
  );
}
