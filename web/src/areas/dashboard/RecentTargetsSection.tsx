import { Link } from 'wouter';
import type { useRecentTargets } from '../../api/queries/analytics';
import { LoadError, Loading } from '../../ui/EmptyState';
import { RecentTargetsTable } from './RecentTargetsTable';

/** Targets hit or failed recently. */
export function RecentTargetsSection({ targets }: { targets: ReturnType<typeof useRecentTargets> }) {
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
        <RecentTargetsTable targets={targets.data} />
      )}
    </section>
  );
}
