import { useQuery } from '@tanstack/react-query';
import { type Answer, api, unwrap } from '../client';
import { key } from '../keys';

export type Holdings = Answer<'/api/v1/portfolios/{id}/holdings'>;
export type Holding = Holdings['items'][number];

/** A portfolio's holdings, derived by the server from its trades, with their totals. */
export function useHoldings(portfolioId: string) {
  return useQuery({
    queryKey: key('holdings', portfolioId),
    queryFn: () => unwrap(api.GET('/api/v1/portfolios/{id}/holdings', { params: { path: { id: portfolioId } } })),
  });
}
