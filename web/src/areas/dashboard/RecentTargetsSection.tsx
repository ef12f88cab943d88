import { useMemo } from 'react';
import { Link } from 'wouter';
import type { useRecentTargets } from '../../api/queries/analytics';
import type { useStockChoices } from '../../api/queries/choices';
import { LoadError, Loading } from '../../ui/EmptyState';
import { RecentTargetsTable } from './RecentTargetsTable';

/** Targets hit or failed recently. */
export function RecentTargetsSection({
  targets,
  stocks,
}: {
  targets: ReturnType<typeof useRecentTargets>;
  stocks: ReturnType<typeof useStockChoices>;
}) {
  const symbols = useMemo(() => new Map((stocks.data ?? []).map((s) => [s.id, s.symbol])), [stocks.data]);
  return (
    <section aria-labelledby="recent-targets-heading">
      <h2 id="recent-targets-heading">Targets hit or failed</h2>
      {targets.isPending ? (
        <Loading what="the targets" />
      ) : targets.isError ? (
        <LoadError error={targets.error} retry={() => targets.refetch()} />
      ) : targets.data.length === 0 ? (
        <p className="muted">
          No target has been hit or failed yet. <Link href="/targets">Set targets</Link> to hear when a price crosses
          them.
        </p>
      ) : (
        <RecentTargetsTable targets={targets.data} symbols={symbols} />
      )}
    </section>
  );
}
