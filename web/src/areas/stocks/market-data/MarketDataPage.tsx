import { Link } from 'wouter';
import { useSession } from '../../../app/session';
import { LoadError, Loading } from '../../../ui/EmptyState';
import { Timestamp } from '../../../ui/Numbers';
import { LastRun } from './LastRun';
import { providerName } from './providers';
import { useRefreshRun } from './useRefreshRun';
import './market-data.css';

/** Market data: which provider fetches closing prices, on which schedule, and how its last run went. */
export default function MarketDataPage() {
  const { canWrite } = useSession();
  const { status, startRun, phase, refused } = useRefreshRun();

  const back = (
    <p className="market-data-back">
      <Link href="/stocks">Stocks</Link>
    </p>
  );
  if (status.isPending) return <Loading what="the market data status" />;
  if (status.isError)
    return (
      <section>
        {back}
        <h1>Market data</h1>
        <LoadError error={status.error} retry={() => status.refetch()} />
      </section>
    );

  const { provider, schedule, next_run_at, last_run } = status.data;
  const fetching = provider !== 'none';
  return (
    <section className="market-data">
      {back}
      <div className="page-head">
        <h1>Market data</h1>
        {canWrite && fetching && (
          <button
            type="button"
            className="primary"
            disabled={phase === 'running'}
            onClick={() => startRun(status.data)}
          >
            Refresh now
          </button>
        )}
      </div>
      {refused && (
        <p role="alert" className="alert">
          {refused.message}
        </p>
      )}
      <p role="status" className="market-data-progress">
        {phase === 'running' && 'Refreshing prices…'}
        {phase === 'finished' &&
          last_run &&
          `Refresh finished: ${last_run.prices_stored.toLocaleString()} prices stored.`}
      </p>
      <dl className="figures" aria-label="Market data provider">
        <div>
          <dt>Provider</dt>
          <dd>{providerName(provider)}</dd>
        </div>
        {fetching && (
          <>
            <div>
              <dt>Schedule</dt>
              <dd>
                <code>{schedule}</code> <span className="muted">(cron, UTC)</span>
              </dd>
            </div>
            <div>
              <dt>Next run</dt>
              <dd>
                <Timestamp value={next_run_at} />
              </dd>
            </div>
          </>
        )}
      </dl>
      {!fetching && (
        <p className="muted">
          No provider is configured, so nothing is fetched: record closes on each stock’s page. An administrator sets
          MARKET_DATA_PROVIDER to fetch them every day.
        </p>
      )}
      <h2>Last run</h2>
      <LastRun run={last_run} />
    </section>
  );
}
