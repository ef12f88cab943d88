import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Item, unwrap } from '../client';
import { key } from '../keys';
import { useWrite } from '../mutations';

/** One unit of `base` costs `rate` units of `quote` on `date` (EUR/USD 1.10: 1 EUR = 1.10 USD). */
export type FxRate = Item<'/api/v1/fx-rates'>;

export const FX_RATES_PAGE_SIZE = 20;

export interface FxRateFilters {
  /** '' = every currency. */
  base: string;
  quote: string;
  page: number;
}

export interface NewFxRate {
  base: string;
  quote: string;
  date: string;
  rate: string;
}

/** One page of the household's exchange rates, newest first, narrowed by base and quote currency. */
export function useFxRates(filters: FxRateFilters) {
  const query = {
    page: filters.page,
    size: FX_RATES_PAGE_SIZE,
    sort: 'date:desc,base:asc,quote:asc',
    ...(filters.base ? { base: filters.base } : {}),
    ...(filters.quote ? { quote: filters.quote } : {}),
  };
  return useQuery({
    queryKey: key('fx-rates', 'list', query),
    queryFn: () => unwrap(api.GET('/api/v1/fx-rates', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

/** Records a rate by hand (a stored day of the pair is replaced); every amount converted with it refreshes. */
export function useAddFxRate() {
  return useWrite('fx-rates', (rate: NewFxRate) => unwrap(api.POST('/api/v1/fx-rates', { body: { rates: [rate] } })));
}
