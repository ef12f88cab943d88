import { expect } from 'vitest';
import type { Client, Json, Response, TestApp } from './app.js';

export const importUrl = (portfolioId: string, query = '') =>
  `/api/v1/portfolios/${portfolioId}/import${query === '' ? '' : `?${query}`}`;

/** Posts a CSV file (text/csv unless told otherwise). */
export function postCsv(client: Client, portfolioId: string, csv: string | Buffer, query = '', type = 'text/csv') {
  return client.post(importUrl(portfolioId, query), csv, { 'content-type': type });
}

/** Trades and stocks in the whole database: what an import may have written. */
export async function counts(testApp: TestApp): Promise<{ trades: number; stocks: number; positions: number }> {
  const db = testApp.database.db;
  const count = async (table: 'transactions' | 'stocks' | 'positions') =>
    Number((await db.selectFrom(table).select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { trades: await count('transactions'), stocks: await count('stocks'), positions: await count('positions') };
}

/** A report's rows as a real run would give them, for comparing a dry run with the run it predicts. */
export function predicted(report: Json) {
  return report.rows.map((r: Json) => ({
    ...r,
    status: r.status === 'create' ? 'created' : r.status,
    transaction_id: r.status === 'create' ? null : r.transaction_id,
  }));
}

export function applied(report: Json) {
  return report.rows.map((r: Json) => ({ ...r, transaction_id: r.status === 'created' ? null : r.transaction_id }));
}

/** Holdings without ids, comparable across portfolios. */
export async function holdingsOf(client: Client, portfolioId: string) {
  const res = await client.get(`/api/v1/portfolios/${portfolioId}/holdings`);
  expect(res.status).toBe(200);
  return {
    items: res.body.items
      .map(({ stock_id: _id, ...rest }: Json) => rest)
      .sort((a: Json, b: Json) => (a.symbol < b.symbol ? -1 : 1)),
    totals: res.body.totals,
  };
}

export function expectReportShape(res: Response): void {
  expect(Object.keys(res.body).sort()).toEqual(
    res.status === 422 ? ['dry_run', 'error', 'rows', 'summary'] : ['dry_run', 'rows', 'summary'],
  );
  expect(Object.keys(res.body.summary).sort()).toEqual([
    'created',
    'duplicates',
    'errors',
    'rows',
    'skipped',
    'stocks_created',
  ]);
  for (const row of res.body.rows)
    expect(Object.keys(row).sort()).toEqual([
      'line',
      'message',
      'status',
      'symbol',
      'trade_date',
      'transaction_id',
      'type',
    ]);
}
