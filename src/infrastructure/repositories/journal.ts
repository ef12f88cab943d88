import { type Kysely, type Selectable, sql } from 'kysely';
import type { JournalEntry, JournalFields, JournalFilter, JournalRepository } from '../../application/ports.js';
import { NotFoundError } from '../../domain/errors.js';
import { MAX_TAGS } from '../../domain/journal.js';
import type { Database, JournalEntriesTable } from '../database/schema.js';
import { inBatches } from './batches.js';
import { fetchPage, sorted } from './paging.js';
import { isForeignKeyViolation, isUuid } from './sql-errors.js';

function toEntry(row: Selectable<JournalEntriesTable>): JournalEntry {
  return {
    id: row.id,
    householdId: row.household_id,
    content: row.content,
    entryDate: row.entry_date,
    portfolioId: row.portfolio_id,
    stockId: row.stock_id,
    transactionId: row.transaction_id,
    tags: row.tags ?? [],
    sentiment: row.sentiment,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A text[] literal built from parameters, so it binds the same way on pg and PGlite. */
const textArray = (values: readonly string[]) =>
  sql<string[]>`ARRAY[${sql.join(values.map((v) => sql`${v}`))}]::text[]`;

/** The generated `search` tsvector (English) against a websearch query, e.g. `trimmed -loss "cut position"`. */
const query = (text: string) => sql`websearch_to_tsquery('english', ${text})`;

const columns = (f: JournalFields) => ({
  content: f.content,
  entry_date: f.entryDate,
  portfolio_id: f.portfolioId,
  stock_id: f.stockId,
  transaction_id: f.transactionId,
  tags: f.tags.length === 0 ? sql<string[]>`'{}'::text[]` : textArray(f.tags),
  sentiment: f.sentiment,
});

/** A link deleted between the check and the write answers as if it had never existed. */
function rethrow(error: unknown): never {
  if (isForeignKeyViolation(error)) throw new NotFoundError('Linked portfolio, stock or transaction');
  throw error;
}

export function journalRepository(db: Kysely<Database>): JournalRepository {
  const filtered = (householdId: string, filter: JournalFilter) => {
    let q = db.selectFrom('journal_entries').where('household_id', '=', householdId);
    if (filter.search !== undefined) q = q.where(sql<boolean>`search @@ ${query(filter.search)}`);
    if (filter.tag !== undefined) q = q.where(sql<boolean>`tags @> ${textArray([filter.tag])}`);
    if (filter.sentiment !== undefined) q = q.where('sentiment', '=', filter.sentiment);
    if (filter.portfolioId !== undefined) q = q.where('portfolio_id', '=', filter.portfolioId);
    if (filter.stockId !== undefined) q = q.where('stock_id', '=', filter.stockId);
    if (filter.from !== undefined) q = q.where('entry_date', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('entry_date', '<=', filter.to);
    return q;
  };

  return {
    async create(entry) {
      try {
        const row = await db
          .insertInto('journal_entries')
          .values({ id: entry.id, household_id: entry.householdId, ...columns(entry) })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toEntry(row);
      } catch (error) {
        rethrow(error);
      }
    },
    async getById(householdId, id) {
      if (!isUuid(id)) return null;
      const row = await db
        .selectFrom('journal_entries')
        .selectAll()
        .where('household_id', '=', householdId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toEntry(row) : null;
    },
    async getPage(householdId, filter, request) {
      const search = filter.search;
      const q = filtered(householdId, filter)
        .selectAll('journal_entries')
        .$if(search !== undefined, (qb) =>
          qb.select(sql<number>`ts_rank(search, ${query(search ?? '')})`.as('rank')).orderBy(sql`rank`, 'desc'),
        );
      const rows = sorted(q, request).orderBy('created_at', 'desc').orderBy('id');
      return fetchPage(rows, filtered(householdId, filter), request, (row) => {
        const entry: JournalEntry & { rank?: number } = toEntry(row);
        if (row.rank !== undefined) entry.rank = Number(row.rank);
        return entry;
      });
    },
    async update(householdId, id, fields) {
      try {
        const row = await db
          .updateTable('journal_entries')
          .set({ ...columns(fields), updated_at: sql`now()` })
          .where('household_id', '=', householdId)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        if (row === undefined) throw new NotFoundError('Journal entry');
        return toEntry(row);
      } catch (error) {
        rethrow(error);
      }
    },
    async delete(householdId, id) {
      if (!isUuid(id)) throw new NotFoundError('Journal entry');
      const result = await db
        .deleteFrom('journal_entries')
        .where('household_id', '=', householdId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (result.numDeletedRows === 0n) throw new NotFoundError('Journal entry');
    },
    async getAllByHousehold(householdId) {
      const rows = await db
        .selectFrom('journal_entries')
        .selectAll()
        .where('household_id', '=', householdId)
        .orderBy('entry_date')
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toEntry);
    },
    async insertMany(entries) {
      // Each tag is a parameter of its own (see textArray).
      await inBatches(entries, 10 + MAX_TAGS, (batch) =>
        db
          .insertInto('journal_entries')
          .values(
            batch.map((e) => ({
              id: e.id,
              household_id: e.householdId,
              ...columns(e),
              created_at: e.createdAt,
              updated_at: e.updatedAt,
            })),
          )
          .execute(),
      );
    },
    async getTradeLink(householdId, transactionId) {
      if (!isUuid(transactionId)) return null;
      const row = await db
        .selectFrom('transactions')
        .select(['portfolio_id', 'stock_id'])
        .where('household_id', '=', householdId)
        .where('id', '=', transactionId)
        .executeTakeFirst();
      return row ? { portfolioId: row.portfolio_id, stockId: row.stock_id } : null;
    },
  };
}
