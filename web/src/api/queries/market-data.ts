import { useMutation, useQuery } from '@tanstack/react-query';
import { type Answer, api, unwrap } from '../client';
import { key } from '../keys';

export type MarketDataStatus = Answer<'/api/v1/market-data/status'>;
export type MarketDataRun = NonNullable<MarketDataStatus['last_run']>;

/** How often the status is asked for while a refresh that the person started is still running. */
const WHILE_RUNNING_MS = 1000;

/** Which provider fetches closes, when it runs next and how its last run went; polled while `running`. */
export function useMarketDataStatus(running: boolean) {
  return useQuery({
    queryKey: key('market-data', 'status'),
    queryFn: () => unwrap(api.GET('/api/v1/market-data/status')),
    refetchInterval: running ? WHILE_RUNNING_MS : false,
  });
}

/**
 * "Refresh now": the server starts a run and answers at once (202); the prices it stores are refreshed once
 * the status shows the run finished, not here.
 */
export function useStartRefresh() {
  return useMutation({ mutationFn: () => unwrap(api.POST('/api/v1/market-data/refresh')) });
}
