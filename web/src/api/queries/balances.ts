import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Item, unwrap } from '../client';
import { key } from '../keys';
import { useWrite } from '../mutations';

export type Balance = Item<'/api/v1/portfolios/{id}/balances'>;

export const BALANCES_PAGE = 20;

/** One page of a portfolio's balances, newest first (the "Balances" table). */
export function useBalancesPage(portfolioId: string, page: number) {
  return useQuery({
    queryKey: key('balances', portfolioId, 'page', page),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/portfolios/{id}/balances', {
          params: { path: { id: portfolioId }, query: { page, size: BALANCES_PAGE, sort: 'date:desc' } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export type PerformancePoint = Item<'/api/v1/portfolios/{id}/balances/performance'>;

/** Every balance by date with the portfolio's return and the index's so far (the chart against the index). */
export function useBalancePerformance(portfolioId: string) {
  return useQuery({
    queryKey: key('balances', portfolioId, 'performance'),
    queryFn: () =>
      unwrap(api.GET('/api/v1/portfolios/{id}/balances/performance', { params: { path: { id: portfolioId } } })),
    select: (answer) => answer.items,
  });
}

export interface NewBalance {
  date: string;
  final_balance: string;
  deposits?: string;
  withdrawals?: string;
  index_change?: string;
}

/** Records a day's balance; the portfolio's analytics (returns, drawdown) refresh with it. */
export function useAddBalance(portfolioId: string) {
  return useWrite('balances', (body: NewBalance) =>
    unwrap(api.POST('/api/v1/portfolios/{id}/balances', { params: { path: { id: portfolioId } }, body })),
  );
}
