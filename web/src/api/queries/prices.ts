import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Item, unwrap } from '../client';
import { key } from '../keys';
import { useWrite } from '../mutations';

export type Price = Item<'/api/v1/stocks/{id}/prices'>;

export const PRICES_PAGE_SIZE = 20;
/** How many of the latest closes the price history chart draws. */
export const HISTORY_SIZE = 100;

/** One page of a stock's closing prices, newest first. */
export function usePrices(stockId: string, page: number) {
  const query = { page, size: PRICES_PAGE_SIZE, sort: 'date:desc' };
  return useQuery({
    queryKey: key('prices', stockId, query),
    queryFn: () => unwrap(api.GET('/api/v1/stocks/{id}/prices', { params: { path: { id: stockId }, query } })),
    placeholderData: keepPreviousData,
  });
}

/** The latest closes for the chart, oldest first (the order a time axis is read in). */
export function usePriceHistory(stockId: string) {
  const query = { page: 1, size: HISTORY_SIZE, sort: 'date:desc' };
  return useQuery({
    queryKey: key('prices', stockId, 'history'),
    queryFn: () => unwrap(api.GET('/api/v1/stocks/{id}/prices', { params: { path: { id: stockId }, query } })),
    select: (answer) => [...answer.items].reverse(),
  });
}

export interface PriceEntry {
  date: string;
  close: string;
}

/** Records one or many closes in one request (a date already stored is replaced). */
export function useAddPrices(stockId: string) {
  return useWrite('prices', (prices: PriceEntry[]) =>
    unwrap(api.POST('/api/v1/stocks/{id}/prices', { params: { path: { id: stockId } }, body: { prices } })),
  );
}
