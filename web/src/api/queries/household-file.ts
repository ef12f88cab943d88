import { useQuery } from '@tanstack/react-query';
import { type Answer, api, fileBody, unwrap } from '../client';
import { key } from '../keys';
import { useWrite } from '../mutations';

export type HouseholdImport = Answer<'/api/v1/import', 'post'>;

/** The whole household as one JSON file (owners): a same-origin download with the session. */
export const HOUSEHOLD_FILE_URL = '/api/v1/export';

/** Whether the household has no stock and no portfolio yet: only then does it take a household file. */
export function useHouseholdIsEmpty() {
  const one = { page: 1, size: 1 };
  const stocks = useQuery({
    queryKey: key('stocks', 'any'),
    queryFn: () => unwrap(api.GET('/api/v1/stocks', { params: { query: one } })),
  });
  const portfolios = useQuery({
    queryKey: key('portfolios', 'any'),
    queryFn: () => unwrap(api.GET('/api/v1/portfolios', { params: { query: one } })),
  });
  if (stocks.data === undefined || portfolios.data === undefined) return undefined;
  return stocks.data.total === 0 && portfolios.data.total === 0;
}

/** Loads a household file (from "Export household") into this empty household; everything it holds refreshes. */
export function useImportHousehold() {
  return useWrite('household-file', (file: File) =>
    unwrap<HouseholdImport>(api.POST('/api/v1/import', fileBody(file, 'application/json'))),
  );
}
