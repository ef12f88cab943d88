import { type Kysely, sql } from 'kysely';
import type { PriceRepository } from '../../application/ports.js';
import type { Database } from '../database/schema.js';
import { inBatches } from './batches.js';
import { fetchPage, sorted } from './paging.js';

export function priceRepository(db: Kysely<Database>): PriceRepository {
  return {
    async upsert(stockId, prices, source) {
      if (prices.length === 0) return 0;
      const result = await db
        .insertInto('prices')
        .values(prices.map((p) => ({ stock_id: stockId, date: p.date, close: p.close, source })))
        .onConflict((oc) => {
          const replace = oc
            .columns(['stock_id', 'date'])
            .doUpdateSet({ close: sql`excluded.close`, source: sql`excluded.source`, created_at: sql`now()` });
          return source === 'provider' ? replace.where('prices.source', '=', 'provider') : replace;
        })
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n);
    },
    async getPage(stockId, request) {
      const filtered = db.selectFrom('prices').where('stock_id', '=', stockId);
      return fetchPage(sorted(filtered.select(['date', 'close', 'source']), request), filtered, request, (row) => ({
        date: row.date,
        close: row.close,
        source: row.source,
      }));
    },
    async getAllByStocks(stockIds) {
      if (stockIds.length === 0) return [];
      const rows = await db
        .selectFrom('prices')
        .select(['stock_id', 'date', 'close', 'source'])
        .where('stock_id', 'in', stockIds)
        .orderBy('stock_id')
        .orderBy('date')
        .execute();
      return rows.map((r) => ({ stockId: r.stock_id, date: r.date, close: r.close, source: r.source }));
    },
    async insertMany(prices) {
      await inBatches(prices, 4, (batch) =>
        db
          .insertInto('prices')
          .values(batch.map((p) => ({ stock_id: p.stockId, date: p.date, close: p.close, source: p.source })))
          .execute(),
      );
    },
    async getLatest(stockIds) {
      if (stockIds.length === 0) return [];
      // One backward probe of the primary key (stock_id, date) per stock: DISTINCT ON read and sorted every price
      // of the stocks (83 ms for 500 stocks with 130,000 prices, against a few ms this way).
      const { rows } = await sql<{ stock_id: string; date: string; close: string }>`
        select s.id as stock_id, latest.date, latest.close
          from unnest(${stockIds}::uuid[]) as s(id)
          cross join lateral (
            select date, close from prices where prices.stock_id = s.id order by date desc limit 1
          ) as latest`.execute(db);
      return rows.map((r) => ({ stockId: r.stock_id, date: r.date, close: r.close }));
    },
    async getManualDates(stockId, from) {
      const rows = await db
        .selectFrom('prices')
        .select('date')
        .where('stock_id', '=', stockId)
        .where('date', '>=', from)
        .where('source', '=', 'manual')
        .execute();
      return rows.map((r) => r.date);
    },
  };
}
