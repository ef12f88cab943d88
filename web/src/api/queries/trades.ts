import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Item, unwrap } from '../client';
import { key } from '../keys';
import { useWrite } from '../mutations';

/** A trade as the list gives it; `symbol` is coming to the answer (until then the page looks it up by stock). */
export type Trade = Item<'/api/v1/portfolios/{id}/transactions'> & { symbol?: string };
export type TradeType = Trade['type'];

export const TRADES_PAGE_SIZE = 20;

export interface TradeFilters {
  stockId: string;
  /** '' = every type. */
  type: '' | TradeType;
  /** First and last trade date, YYYY-MM-DD; '' = open. */
  from: string;
  to: string;
  page: number;
}

/** What a trade form sends: only the fields of its type (the API refuses a field that does not belong). */
export interface TradeInput {
  stock_id: string;
  type: TradeType;
  trade_date: string;
  quantity?: string | null;
  price?: string | null;
  fee?: string | null;
  amount?: string | null;
  ratio?: string | null;
  notes?: string | null;
}

/** One page of a portfolio's trades, newest first, narrowed by stock, type and dates. */
export function useTrades(portfolioId: string, filters: TradeFilters) {
  const query = {
    page: filters.page,
    size: TRADES_PAGE_SIZE,
    sort: 'trade_date:desc,created_at:desc',
    ...(filters.stockId ? { stock_id: filters.stockId } : {}),
    ...(filters.type ? { type: filters.type } : {}),
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
  };
  return useQuery({
    queryKey: key('trades', portfolioId, query),
    queryFn: (): Promise<{ items: Trade[]; total: number; page: number; pages: number; size: number }> =>
      unwrap(api.GET('/api/v1/portfolios/{id}/transactions', { params: { path: { id: portfolioId }, query } })),
    placeholderData: keepPreviousData,
  });
}

/** Records a trade; holdings, analytics and the portfolio list refresh with it. */
export function useAddTrade(portfolioId: string) {
  return useWrite('trades', (body: TradeInput) =>
    unwrap(api.POST('/api/v1/portfolios/{id}/transactions', { params: { path: { id: portfolioId } }, body })),
  );
}

/** Edits a trade; the server checks the whole history again. */
export function useEditTrade(portfolioId: string, tradeId: string) {
  return useWrite('trades', (body: TradeInput) =>
    unwrap(
      api.PATCH('/api/v1/portfolios/{id}/transactions/{transaction_id}', {
        params: { path: { id: portfolioId, transaction_id: tradeId } },
        body,
      }),
    ),
  );
}

/** Deletes a trade; the server refuses when the rest of the history would not hold. */
export function useDeleteTrade(portfolioId: string, tradeId: string) {
  return useWrite('trades', () =>
    unwrap(
      api.DELETE('/api/v1/portfolios/{id}/transactions/{transaction_id}', {
        params: { path: { id: portfolioId, transaction_id: tradeId } },
      }),
    ),
  );
}
