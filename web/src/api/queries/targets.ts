import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Item, unwrap } from '../client';
import { key } from '../keys';
import { useWrite } from '../mutations';

/** A target as the list gives it; `symbol` is coming to the answer (until then the page looks it up by stock). */
export type Target = Item<'/api/v1/targets'> & { symbol?: string };
export type TargetStatus = Target['status'];

export const TARGETS_PAGE_SIZE = 20;

export interface TargetFilters {
  /** '' = every status. */
  status: '' | TargetStatus;
  portfolioId: string;
  stockId: string;
  page: number;
}

export interface NewTarget {
  portfolio_id: string;
  stock_id: string;
  pivot_price: string;
  failure_price: string;
  notes?: string;
}

/** One page of the household's targets, the most recently changed first, narrowed by status, portfolio and stock. */
export function useTargets(filters: TargetFilters) {
  const query = {
    page: filters.page,
    size: TARGETS_PAGE_SIZE,
    sort: 'updated_at:desc,created_at:desc',
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.portfolioId ? { portfolio_id: filters.portfolioId } : {}),
    ...(filters.stockId ? { stock_id: filters.stockId } : {}),
  };
  return useQuery({
    queryKey: key('targets', 'list', query),
    queryFn: () => unwrap(api.GET('/api/v1/targets', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useCreateTarget() {
  return useWrite('targets', (body: NewTarget) => unwrap(api.POST('/api/v1/targets', { body })));
}

/** Cancel (active → cancelled) or reactivate (cancelled → active) a target; the API refuses any other move. */
export function useChangeTargetStatus() {
  return useWrite('targets', ({ id, status }: { id: string; status: 'active' | 'cancelled' }) =>
    unwrap(api.PATCH('/api/v1/targets/{id}', { params: { path: { id } }, body: { status } })),
  );
}
