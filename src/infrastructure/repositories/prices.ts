import { type Kysely, sql } from 'kysely';
import type { PriceRepository } from '../../application/ports.js';
import type { Database } from '../database/schema.js';
import { fetchPage, sorted } from './paging.js';

export function priceRepository(db: Kysely<Database>): PriceRepository {
  return {
    async upsert(stockId, prices) {
      if (prices.length === 0) return;
      await db
        .insertInto('prices')
        .values(prices.map((p) => ({ stock_id: stockId, date: p.date, close: p.close })))
        .onConflict((oc) =>
          oc.columns(['stock_id', 'date']).doUpdateSet({ close: sql`excluded.close`, created_at: sql`now()` }),
        )
        .execute();
    },
    async getPage(stockId, request) {
      const filtered = db.selectFrom('prices').where('stock_id', '=', stockId);
      return fetchPage(sorted(filtered.select(['date', 'close']), request), filtered, request, (row) => ({
        date: row.date,
        close: row.close,
      }));
    },
    async getLatest(stockIds) {
      if (stockIds.length === 0) return [];
      const rows = await db
        .selectFrom('prices')
        .select(['stock_id', 'date', 'close'])
        .distinctOn('stock_id')
        .where('stock_id', 'in', stockIds)
        .orderBy('stock_id')
        .orderBy('date', 'desc')
        .execute();
      return rows.map((r) => ({ stockId: r.stock_id, date: r.date, close: r.close }));
    },
  };
}
