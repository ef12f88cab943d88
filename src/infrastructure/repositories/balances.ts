import { type Kysely, type Selectable, sql } from 'kysely';
import type { Balance, BalanceFields, BalanceFilter, BalanceRepository } from '../../application/ports.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import type { BalancesTable, Database } from '../database/schema.js';
import { inBatches } from './batches.js';
import { fetchPage, sorted } from './paging.js';
import { isForeignKeyViolation, isUniqueViolation, isUuid } from './sql-errors.js';

export function toBalance(row: Selectable<BalancesTable>): Balance {
  return {
    id: row.id,
    householdId: row.household_id,
    portfolioId: row.portfolio_id,
    date: row.date,
    finalBalance: row.final_balance,
    deposits: row.deposits,
    withdrawals: row.withdrawals,
    indexChange: row.index_change,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function duplicateDate(date: string): ConflictError {
  return new ConflictError(`The portfolio already has a balance for ${date}`, [
    { field: 'date', message: 'already has a balance in this portfolio' },
  ]);
}

const columns = (f: BalanceFields) => ({
  date: f.date,
  final_balance: f.finalBalance,
  deposits: f.deposits,
  withdrawals: f.withdrawals,
  index_change: f.indexChange,
});

export function balanceRepository(db: Kysely<Database>): BalanceRepository {
  const filtered = (portfolioId: string, filter: BalanceFilter) => {
    let query = db.selectFrom('balances').where('portfolio_id', '=', portfolioId);
    if (filter.from !== undefined) query = query.where('date', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('date', '<=', filter.to);
    return query;
  };

  return {
    async getHistory(portfolioIds) {
      if (portfolioIds.length === 0) return [];
      const rows = await db
        .selectFrom('balances')
        .selectAll()
        .where('portfolio_id', 'in', portfolioIds)
        .orderBy('date')
        .execute();
      return rows.map(toBalance);
    },
    async create(balance) {
      try {
        const row = await db
          .insertInto('balances')
          .values({
            id: balance.id,
            household_id: balance.householdId,
            portfolio_id: balance.portfolioId,
            ...columns(balance),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toBalance(row);
      } catch (error) {
        if (isUniqueViolation(error, 'balances_portfolio_date_key')) throw duplicateDate(balance.date);
        if (isForeignKeyViolation(error)) throw new NotFoundError('Portfolio');
        throw error;
      }
    },
    async insertMany(balances) {
      await inBatches(balances, 10, (batch) =>
        db
          .insertInto('balances')
          .values(
            batch.map((b) => ({
              id: b.id,
              household_id: b.householdId,
              portfolio_id: b.portfolioId,
              ...columns(b),
              created_at: b.createdAt,
              updated_at: b.updatedAt,
            })),
          )
          .execute(),
      );
    },
    async getById(portfolioId, id) {
      if (!isUuid(id)) return null;
      const row = await db
        .selectFrom('balances')
        .selectAll()
        .where('portfolio_id', '=', portfolioId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toBalance(row) : null;
    },
    async getPage(portfolioId, filter, request) {
      const rows = sorted(filtered(portfolioId, filter).selectAll(), request).orderBy('id');
      return fetchPage(rows, filtered(portfolioId, filter), request, toBalance);
    },
    async update(portfolioId, id, fields) {
      try {
        const row = await db
          .updateTable('balances')
          .set({ ...columns(fields), updated_at: sql`now()` })
          .where('portfolio_id', '=', portfolioId)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        if (row === undefined) throw new NotFoundError('Balance');
        return toBalance(row);
      } catch (error) {
        if (isUniqueViolation(error, 'balances_portfolio_date_key')) throw duplicateDate(fields.date);
        throw error;
      }
    },
    async delete(portfolioId, id) {
      if (!isUuid(id)) throw new NotFoundError('Balance');
      const result = await db
        .deleteFrom('balances')
        .where('portfolio_id', '=', portfolioId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (result.numDeletedRows === 0n) throw new NotFoundError('Balance');
    },
  };
}
