import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type Answer, api, type Item, unwrap } from '../client';
import { key } from '../keys';
import { useWrite } from '../mutations';

export type Stock = Item<'/api/v1/stocks'>;
export type StockTarget = Item<'/api/v1/targets'>;
export type StockJournalEntry = Item<'/api/v1/journal'>;

export const STOCKS_PAGE_SIZE = 20;

export interface StockFilters {
  search: string;
  sector: string;
  grade: string;
  page: number;
}

/** What a stock form sends: `undefined` leaves a field out, `null` clears it (on an update). */
export interface StockInput {
  symbol?: string;
  company_name?: string | null;
  sector?: string | null;
  industry_group?: string | null;
  grade?: string | null;
  notes?: string | null;
  provider_symbol?: string | null;
  currency?: string;
}

/** One page of the household's stocks, by symbol, narrowed by the catalog's search and filters. */
export function useStocks(filters: StockFilters) {
  const query = {
    page: filters.page,
    size: STOCKS_PAGE_SIZE,
    sort: 'symbol:asc',
    ...(filters.search ? { search: filters.search } : {}),
    ...(filters.sector ? { sector: filters.sector } : {}),
    ...(filters.grade ? { grade: filters.grade } : {}),
  };
  return useQuery({
    queryKey: key('stocks', 'list', query),
    queryFn: () => unwrap(api.GET('/api/v1/stocks', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useStock(id: string) {
  return useQuery({
    queryKey: key('stocks', id),
    queryFn: () => unwrap(api.GET('/api/v1/stocks/{id}', { params: { path: { id } } })),
  });
}

export function useAddStock() {
  return useWrite('stocks', (body: StockInput & { symbol: string }) => unwrap(api.POST('/api/v1/stocks', { body })));
}

export function useEditStock(id: string) {
  return useWrite(
    'stocks',
    (body: StockInput): Promise<Answer<'/api/v1/stocks/{id}', 'patch'>> =>
      unwrap(api.PATCH('/api/v1/stocks/{id}', { params: { path: { id } }, body })),
  );
}

export function useDeleteStock(id: string) {
  return useWrite('stocks', () => unwrap(api.DELETE('/api/v1/stocks/{id}', { params: { path: { id } } })));
}

/** The targets set on one stock, in every portfolio (refreshed with the targets). */
export function useStockTargets(stockId: string) {
  const query = { stock_id: stockId, size: 100, sort: 'created_at:desc' };
  return useQuery({
    queryKey: key('targets', 'stock', query),
    queryFn: () => unwrap(api.GET('/api/v1/targets', { params: { query } })),
  });
}

/** The journal entries linked to one stock, newest first (refreshed with the journal). */
export function useStockJournal(stockId: string, page: number) {
  const query = { stock_id: stockId, page, size: 10, sort: 'entry_date:desc,created_at:desc' };
  return useQuery({
    queryKey: key('journal', 'stock', query),
    queryFn: () => unwrap(api.GET('/api/v1/journal', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}
