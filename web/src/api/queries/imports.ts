import { useMutation } from '@tanstack/react-query';
import { type Answer, ApiError, api, fileBody, unwrap } from '../client';
import { useWrite } from '../mutations';

/** What the server says an import does (or did) with each row of a file. */
export type ImportReport = Answer<'/api/v1/portfolios/{id}/import', 'post'>;
export type ImportRow = ImportReport['rows'][number];
export type ImportRowStatus = ImportRow['status'];

/** A file and how to read it: exactly what the dry run checked is what the import sends. */
export interface ImportFile {
  file: File;
  createStocks: boolean;
}

/**
 * A refused import (422): the envelope's message, and the report that says which rows are at fault (the
 * answer carries both).
 */
export class ImportRefused extends ApiError {
  constructor(
    error: ApiError,
    readonly report: ImportReport,
  ) {
    super(error.status, error.code, error.message, error.details, error.requestId);
    this.name = 'ImportRefused';
  }
}

function isReport(body: unknown): body is ImportReport {
  return typeof body === 'object' && body !== null && Array.isArray((body as { rows?: unknown }).rows);
}

/** Ghostfolio's export is JSON; everything else is read as CSV. */
function contentType(file: File): string {
  return file.type === 'application/json' || file.name.toLowerCase().endsWith('.json')
    ? 'application/json'
    : 'text/csv';
}

async function postImport(portfolioId: string, { file, createStocks }: ImportFile, dryRun: boolean) {
  const call = api.POST('/api/v1/portfolios/{id}/import', {
    params: { path: { id: portfolioId }, query: { dry_run: dryRun, create_stocks: createStocks } },
    ...fileBody(file, contentType(file)),
  });
  try {
    return await unwrap<ImportReport>(call);
  } catch (error) {
    const answer = await call.catch(() => null);
    if (error instanceof ApiError && answer?.response.status === 422 && isReport(answer.error))
      throw new ImportRefused(error, answer.error);
    throw error;
  }
}

/** "Check file": the dry run, which writes nothing. */
export function useCheckImport(portfolioId: string) {
  return useMutation({ mutationFn: (input: ImportFile) => postImport(portfolioId, input, true) });
}

/** "Import": the same file for real; trades, holdings, stocks and every total that follows them refresh. */
export function useApplyImport(portfolioId: string) {
  return useWrite('trade-import', (input: ImportFile) => postImport(portfolioId, input, false));
}

/** The portfolio's trades as a CSV file, which the import reads back (a same-origin download with the session). */
export function tradesCsvUrl(portfolioId: string): string {
  return `/api/v1/portfolios/${encodeURIComponent(portfolioId)}/transactions.csv`;
}
