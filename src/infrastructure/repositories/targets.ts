import { type ExpressionBuilder, type Kysely, type Selectable, sql } from 'kysely';
import type { Target, TargetFilter, TargetRepository } from '../../application/ports.js';
import { NotFoundError } from '../../domain/errors.js';
import type { Database, TargetsTable } from '../database/schema.js';
import { inBatches } from './batches.js';
import { fetchPage, sorted } from './paging.js';
import { isForeignKeyViolation, isUuid } from './sql-errors.js';

function toTarget(row: Selectable<TargetsTable> & { symbol: string }): Target {
  return {
    id: row.id,
    householdId: row.household_id,
    portfolioId: row.portfolio_id,
    stockId: row.stock_id,
    symbol: row.symbol,
    pivotPrice: row.pivot_price,
    failurePrice: row.failure_price,
    status: row.status,
    notes: row.notes,
    triggeredPrice: row.triggered_price,
    triggeredOn: row.triggered_on,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The target's stock's symbol, as a column of the target's own query (a primary-key probe of stocks). Never
 * null: a target goes with its stock (ON DELETE CASCADE).
 */
const stockSymbol = (eb: ExpressionBuilder<Database, 'targets'>) =>
  eb
    .selectFrom('stocks')
    .select('stocks.symbol')
    .whereRef('stocks.id', '=', 'targets.stock_id')
    .$asScalar()
    .$notNull()
    .as('symbol');

export function targetRepository(db: Kysely<Database>): TargetRepository {
  const filtered = (householdId: string, filter: TargetFilter) => {
    let query = db.selectFrom('targets').where('household_id', '=', householdId);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.portfolioId !== undefined) query = query.where('portfolio_id', '=', filter.portfolioId);
    if (filter.stockId !== undefined) query = query.where('stock_id', '=', filter.stockId);
    return query;
  };
  const byId = (householdId: string, id: string) =>
    db
      .selectFrom('targets')
      .selectAll()
      .select(stockSymbol)
      .where('household_id', '=', householdId)
      .where('id', '=', id);

  return {
    async create(target) {
      try {
        const row = await db
          .insertInto('targets')
          .values({
            id: target.id,
            household_id: target.householdId,
            portfolio_id: target.portfolioId,
            stock_id: target.stockId,
            pivot_price: target.pivotPrice,
            failure_price: target.failurePrice,
            status: 'active',
            notes: target.notes,
          })
          .returningAll()
          .returning(stockSymbol)
          .executeTakeFirstOrThrow();
        return toTarget(row);
      } catch (error) {
        // The portfolio or stock was deleted after it was checked.
        if (isForeignKeyViolation(error)) throw new NotFoundError('Portfolio or stock');
        throw error;
      }
    },
    async getAllByHousehold(householdId) {
      const rows = await db
        .selectFrom('targets')
        .selectAll()
        .select(stockSymbol)
        .where('household_id', '=', householdId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toTarget);
    },
    async insertMany(targets) {
      await inBatches(targets, 12, (batch) =>
        db
          .insertInto('targets')
          .values(
            batch.map((t) => ({
              id: t.id,
              household_id: t.householdId,
              portfolio_id: t.portfolioId,
              stock_id: t.stockId,
              pivot_price: t.pivotPrice,
              failure_price: t.failurePrice,
              status: t.status,
              notes: t.notes,
              triggered_price: t.triggeredPrice,
              triggered_on: t.triggeredOn,
              created_at: t.createdAt,
              updated_at: t.updatedAt,
            })),
          )
          .execute(),
      );
    },
    async getById(householdId, id) {
      if (!isUuid(id)) return null;
      const row = await byId(householdId, id).executeTakeFirst();
      return row ? toTarget(row) : null;
    },
    async lockById(householdId, id) {
      if (!isUuid(id)) return null;
      const row = await byId(householdId, id).forUpdate().executeTakeFirst();
      return row ? toTarget(row) : null;
    },
    async lockActiveByStock(householdId, stockId) {
      const rows = await db
        .selectFrom('targets')
        .selectAll()
        .select(stockSymbol)
        .where('household_id', '=', householdId)
        .where('stock_id', '=', stockId)
        .where('status', '=', 'active')
        .orderBy('created_at')
        .orderBy('id')
        .forUpdate()
        .execute();
      return rows.map(toTarget);
    },
    async getPage(householdId, filter, request) {
      const rows = sorted(filtered(householdId, filter).selectAll().select(stockSymbol), request).orderBy('id');
      return fetchPage(rows, filtered(householdId, filter), request, toTarget);
    },
    async update(householdId, id, fields) {
      const row = await db
        .updateTable('targets')
        .set({
          pivot_price: fields.pivotPrice,
          failure_price: fields.failurePrice,
          status: fields.status,
          notes: fields.notes,
          triggered_price: fields.triggeredPrice,
          triggered_on: fields.triggeredOn,
          updated_at: sql`now()`,
        })
        .where('household_id', '=', householdId)
        .where('id', '=', id)
        .returningAll()
        .returning(stockSymbol)
        .executeTakeFirst();
      if (row === undefined) throw new NotFoundError('Target');
      return toTarget(row);
    },
    async delete(householdId, id) {
      if (!isUuid(id)) throw new NotFoundError('Target');
      const result = await db
        .deleteFrom('targets')
        .where('household_id', '=', householdId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (result.numDeletedRows === 0n) throw new NotFoundError('Target');
    },
  };
}
