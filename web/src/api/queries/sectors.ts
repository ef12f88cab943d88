import { useQuery } from '@tanstack/react-query';
import { type Answer, api, unwrap } from '../client';
import { key } from '../keys';

export type Sector = Answer<'/api/v1/sectors'>['items'][number];

/** The GICS sectors with their industry groups (fixed by the server; read once). */
export function useSectors() {
  return useQuery({
    queryKey: key('stocks', 'sectors'),
    queryFn: () => unwrap(api.GET('/api/v1/sectors')).then((answer) => answer.items),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The industry groups of one sector: none without a sector. */
export function groupsOf(sectors: readonly Sector[] | undefined, sector: string): readonly string[] {
  return sectors?.find((s) => s.name === sector)?.industry_groups ?? [];
}
