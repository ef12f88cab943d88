import type { MarketDataRun } from '../../../api/queries/market-data';
import { Timestamp } from '../../../ui/Numbers';
import { MarketDataErrorsTable } from './MarketDataErrorsTable';

/** When the last refresh ran, how many stocks it asked for and prices it stored, and what failed. */
export function LastRun({ run }: { run: MarketDataRun | null }) {
  if (run === null) return <p className="market-data-never">Never run: no refresh has fetched prices yet.</p>;
  return (
    <>
      <dl className="figures" aria-label="Last run">
        <div>
          <dt>Started</dt>
          <dd>
            <Timestamp value={run.started_at} />
          </dd>
        </div>
        <div>
          <dt>Finished</dt>
          <dd>{run.finished_at === null ? 'Still running' : <Timestamp value={run.finished_at} />}</dd>
        </div>
        <div>
          <dt>Stocks</dt>
          <dd>{run.stocks.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Prices stored</dt>
          <dd>{run.prices_stored.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Errors</dt>
          <dd>{run.errors.length.toLocaleString()}</dd>
        </div>
      </dl>
      {run.errors.length > 0 ? (
        <MarketDataErrorsTable errors={run.errors} />
      ) : (
        run.finished_at !== null && <p className="muted">Every stock was refreshed without an error.</p>
      )}
    </>
  );
}
