import { useEffect, useState } from 'react';
import { useRefresh } from '../../../api/mutations';
import { type MarketDataStatus, useMarketDataStatus, useStartRefresh } from '../../../api/queries/market-data';

/** Nothing asked for; a run started, awaited until the last run is a newer one and finished; that run done. */
type Phase = { state: 'idle' } | { state: 'running'; after: string | null } | { state: 'finished' };

/**
 * "Refresh now" and what follows it: the status is polled until a run that started after the click has
 * finished, then every view of prices is refreshed. A run is told apart from the one before by its start.
 */
export function useRefreshRun() {
  const [phase, setPhase] = useState<Phase>({ state: 'idle' });
  const status = useMarketDataStatus(phase.state === 'running');
  const start = useStartRefresh();
  const refresh = useRefresh();

  const run = status.data?.last_run ?? null;
  useEffect(() => {
    if (phase.state !== 'running' || run === null) return;
    if (run.started_at !== phase.after && run.finished_at !== null) {
      setPhase({ state: 'finished' });
      void refresh('market-data');
    }
  }, [phase, run, refresh]);

  const startRun = (current: MarketDataStatus) =>
    start.mutate(undefined, {
      onSuccess: () => setPhase({ state: 'running', after: current.last_run?.started_at ?? null }),
    });

  return { status, startRun, phase: phase.state, refused: start.error };
}
