import { useQuery } from '@tanstack/react-query';
import { api, type Item, unwrap } from '../client';
import { key } from '../keys';

/** The analytics of every portfolio of the household together (the dashboard). */
export function useHouseholdAnalytics() {
  return useQuery({ queryKey: key('analytics', 'household'), queryFn: () => unwrap(api.GET('/api/v1/analytics')) });
}

// A portfolio's analytics are read by its page (usePortfolioAnalytics in portfolios.ts, the same key).

export type Target = Item<'/api/v1/targets'>;

const RECENT = 10;

function decided(status: 'hit' | 'failed') {
  return unwrap(
    api.GET('/api/v1/targets', { params: { query: { status, sort: 'updated_at:desc', page: 1, size: RECENT } } }),
  );
}

/**
 * The targets hit or failed most recently (the dashboard). The API filters by one status at a time, so both
 * lists are asked for at once and interleaved by when they were last changed (a date order, not a number).
 */
export function useRecentTargets() {
  return useQuery({
    queryKey: key('targets', 'recent'),
    queryFn: async () => {
      const [hit, failed] = await Promise.all([decided('hit'), decided('failed')]);
      return [...hit.items, ...failed.items]
        .sort((a, b) => (a.updated_at < b.updated_at ? 1 : a.updated_at > b.updated_at ? -1 : 0))
        .slice(0, RECENT);
    },
  });
}
