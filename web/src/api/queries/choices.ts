import { useQuery } from '@tanstack/react-query';
import { api, type Item, unwrap } from '../client';
import { key } from '../keys';

export type StockChoice = Pick<Item<'/api/v1/stocks'>, 'id' | 'symbol' | 'company_name' | 'currency'>;
export type PortfolioChoice = Pick<Item<'/api/v1/portfolios'>, 'id' | 'name' | 'currency' | 'is_active'>;

const PAGE = 100;

/** Every page of a list, for the pickers of a form (a household's stocks can be more than one page). */
async function everyPage<T>(read: (page: number) => Promise<{ items: T[]; pages: number }>): Promise<T[]> {
  const first = await read(1);
  const items = [...first.items];
  for (let page = 2; page <= first.pages; page++) items.push(...(await read(page)).items);
  return items;
}

/** The household's stocks by symbol, for a "Stock" select. */
export function useStockChoices() {
  return useQuery({
    queryKey: key('stocks', 'choices'),
    queryFn: () =>
      everyPage((page) =>
        unwrap(api.GET('/api/v1/stocks', { params: { query: { page, size: PAGE, sort: 'symbol:asc' } } })),
      ),
  });
}

/** The household's portfolios by name, for a "Portfolio" select. */
export function usePortfolioChoices() {
  return useQuery({
    queryKey: key('portfolios', 'choices'),
    queryFn: () =>
      everyPage((page) =>
        unwrap(api.GET('/api/v1/portfolios', { params: { query: { page, size: PAGE, sort: 'name:asc' } } })),
      ),
  });
}
