import { type Kysely, sql } from 'kysely';
import { pageOf } from '../../application/pagination.js';
import type { PriceRepository } from '../../application/ports.js';
import type { Database } from '../database/schema.js';

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
      let query = db.selectFrom('prices').select(['date', 'close']).where('stock_id', '=', stockId);
      for (const s of request.sort) query = query.orderBy(s.field, s.direction);
      const [rows, count] = await Promise.all([
        query
          .limit(request.size)
          .offset((request.page - 1) * request.size)
          .execute(),
        db
          .selectFrom('prices')
          .where('stock_id', '=', stockId)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      return pageOf(rows, Number(count.n), request);
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
