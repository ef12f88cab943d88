import { type Kysely, sql } from 'kysely';
import type { FxRateRepository, StoredFxRate } from '../../application/ports.js';
import type { Database } from '../database/schema.js';
import { inBatches } from './batches.js';
import { fetchPage, sorted } from './paging.js';

const COLUMNS = ['base', 'quote', 'date', 'rate', 'source'] as const;

function toRate(row: Pick<StoredFxRate, 'base' | 'quote' | 'date' | 'rate' | 'source'>): StoredFxRate {
  return { base: row.base, quote: row.quote, date: row.date, rate: row.rate, source: row.source };
}

export function fxRateRepository(db: Kysely<Database>): FxRateRepository {
  return {
    async upsert(householdId, rates, source) {
      if (rates.length === 0) return 0;
      const result = await db
        .insertInto('fx_rates')
        .values(rates.map((r) => ({ household_id: householdId, ...r, source })))
        .onConflict((oc) => {
          const replace = oc
            .columns(['household_id', 'base', 'quote', 'date'])
            .doUpdateSet({ rate: sql`excluded.rate`, source: sql`excluded.source`, created_at: sql`now()` });
          return source === 'provider' ? replace.where('fx_rates.source', '=', 'provider') : replace;
        })
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n);
    },
    async getPage(householdId, filter, request) {
      let filtered = db.selectFrom('fx_rates').where('household_id', '=', householdId);
      if (filter.base !== undefined) filtered = filtered.where('base', '=', filter.base);
      if (filter.quote !== undefined) filtered = filtered.where('quote', '=', filter.quote);
      if (filter.from !== undefined) filtered = filtered.where('date', '>=', filter.from);
      if (filter.to !== undefined) filtered = filtered.where('date', '<=', filter.to);
      return fetchPage(sorted(filtered.select(COLUMNS), request), filtered, request, toRate);
    },
    async getAll(householdId) {
      const rows = await db
        .selectFrom('fx_rates')
        .select(COLUMNS)
        .where('household_id', '=', householdId)
        .orderBy('base')
        .orderBy('quote')
        .orderBy('date')
        .execute();
      return rows.map(toRate);
    },
    async getLatestProviderDate(householdId, base, quote) {
      const row = await db
        .selectFrom('fx_rates')
        .select((eb) => eb.fn.max('date').as('latest'))
        .where('household_id', '=', householdId)
        .where('base', '=', base)
        .where('quote', '=', quote)
        .where('source', '=', 'provider')
        .executeTakeFirst();
      return (row?.latest as string | null | undefined) ?? null;
    },
    async insertMany(householdId, rates) {
      await inBatches(rates, 6, (batch) =>
        db
          .insertInto('fx_rates')
          .values(batch.map((r) => ({ household_id: householdId, ...toRate(r) })))
          .execute(),
      );
    },
  };
}
