import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type Answer, api, type Item, unwrap } from '../client';
import { key } from '../keys';
import { useWrite } from '../mutations';

/** A portfolio as the list gives it: with its value, cost, unrealized P&L and number of positions. */
export type PortfolioSummary = Item<'/api/v1/portfolios'>;
/** A portfolio as its own answer gives it. */
export type Portfolio = Answer<'/api/v1/portfolios/{id}'>;
export type CostBasisMethod = Portfolio['cost_basis_method'];
/** A target as the list gives it; `symbol` is coming to the answer (until then the page looks it up by stock). */
export type PortfolioTarget = Item<'/api/v1/targets'> & { symbol?: string };

export const PORTFOLIOS_PAGE_SIZE = 20;
const EVERY = 100;

export interface NewPortfolio {
  name: string;
  description?: string;
  currency?: string;
  cost_basis_method?: CostBasisMethod;
}

export interface PortfolioChanges {
  name?: string;
  description?: string | null;
  currency?: string;
  cost_basis_method?: CostBasisMethod;
  is_active?: boolean;
}

/** One page of the household's portfolios by name (the "Portfolios" table). */
export function usePortfolios(page: number) {
  const query = { page, size: PORTFOLIOS_PAGE_SIZE, sort: 'name:asc' };
  return useQuery({
    queryKey: key('portfolios', 'list', query),
    queryFn: () => unwrap(api.GET('/api/v1/portfolios', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

/** One portfolio (its page's heading, currency and whether it takes trades). */
export function usePortfolio(id: string) {
  return useQuery({
    queryKey: key('portfolios', 'one', id),
    queryFn: () => unwrap(api.GET('/api/v1/portfolios/{id}', { params: { path: { id } } })),
  });
}

export function useCreatePortfolio() {
  return useWrite('portfolios', (body: NewPortfolio) => unwrap(api.POST('/api/v1/portfolios', { body })));
}

/** Renames, changes or (de)activates a portfolio. */
export function useUpdatePortfolio(id: string) {
  return useWrite('portfolios', (body: PortfolioChanges) =>
    unwrap(api.PATCH('/api/v1/portfolios/{id}', { params: { path: { id } }, body })),
  );
}

/** A portfolio's analytics, for the analytics panel of its page. */
export function usePortfolioAnalytics(id: string) {
  return useQuery({
    queryKey: key('analytics', 'portfolio', id),
    queryFn: () => unwrap(api.GET('/api/v1/portfolios/{id}/analytics', { params: { path: { id } } })),
  });
}

/** The targets set in one portfolio (its page's "Portfolio targets"), the most recently changed first. */
export function usePortfolioTargets(portfolioId: string) {
  const query = { portfolio_id: portfolioId, page: 1, size: EVERY, sort: 'updated_at:desc,created_at:desc' };
  return useQuery({
    queryKey: key('targets', 'portfolio', query),
    queryFn: () => unwrap(api.GET('/api/v1/targets', { params: { query } })),
  });
}
