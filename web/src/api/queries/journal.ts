import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Item, unwrap } from '../client';
import { key } from '../keys';
import { useWrite } from '../mutations';

export type JournalEntry = Item<'/api/v1/journal'>;
export type Sentiment = NonNullable<JournalEntry['sentiment']>;
/** A trade as the list gives it; `symbol` is coming to the answer (until then the page looks it up by stock). */
export type JournalTrade = Item<'/api/v1/portfolios/{id}/transactions'> & { symbol?: string };

export const SENTIMENTS: readonly { value: Sentiment; label: string }[] = [
  { value: 'bullish', label: 'Bullish' },
  { value: 'bearish', label: 'Bearish' },
  { value: 'neutral', label: 'Neutral' },
];

export const JOURNAL_PAGE_SIZE = 20;

export interface JournalFilters {
  search: string;
  tag: string;
  sentiment: '' | Sentiment;
  page: number;
}

/** What the entry form sends; `null` clears a link, the tags or the sentiment (on an edit). */
export interface EntryInput {
  content: string;
  entry_date?: string;
  tags: string[] | null;
  sentiment: Sentiment | null;
  portfolio_id: string | null;
  stock_id: string | null;
  transaction_id: string | null;
}

/** One page of entries, newest first; with a search, the API's best matches come first. */
export function useJournal(filters: JournalFilters) {
  const query = {
    page: filters.page,
    size: JOURNAL_PAGE_SIZE,
    sort: 'entry_date:desc,created_at:desc',
    ...(filters.search ? { search: filters.search } : {}),
    ...(filters.tag ? { tag: filters.tag } : {}),
    ...(filters.sentiment ? { sentiment: filters.sentiment } : {}),
  };
  return useQuery({
    queryKey: key('journal', 'list', query),
    queryFn: () => unwrap(api.GET('/api/v1/journal', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useCreateEntry() {
  return useWrite('journal', (body: EntryInput) => unwrap(api.POST('/api/v1/journal', { body })));
}

export function useEditEntry(id: string) {
  return useWrite('journal', (body: EntryInput) =>
    unwrap(api.PATCH('/api/v1/journal/{id}', { params: { path: { id } }, body })),
  );
}

export function useDeleteEntry(id: string) {
  return useWrite('journal', () => unwrap(api.DELETE('/api/v1/journal/{id}', { params: { path: { id } } })));
}

/** A portfolio's latest trades (of one stock, when given), for the entry form's "Trade" select. */
export function useTradeChoices(portfolioId: string, stockId: string) {
  const query = {
    page: 1,
    size: 100,
    sort: 'trade_date:desc,created_at:desc',
    ...(stockId ? { stock_id: stockId } : {}),
  };
  return useQuery({
    queryKey: key('trades', portfolioId, 'choices', query),
    queryFn: () =>
      unwrap(api.GET('/api/v1/portfolios/{id}/transactions', { params: { path: { id: portfolioId }, query } })),
    enabled: portfolioId !== '',
  });
}

/** The trade an entry is linked to, for its description in the entry. */
export function useLinkedTrade(portfolioId: string, tradeId: string) {
  return useQuery({
    queryKey: key('trades', portfolioId, tradeId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/portfolios/{id}/transactions/{transaction_id}', {
          params: { path: { id: portfolioId, transaction_id: tradeId } },
        }),
      ),
  });
}
