import { type Kysely, type Selectable, sql } from 'kysely';
import type { Portfolio, PortfolioFields, PortfolioRepository } from '../../application/ports.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import type { Database, PortfoliosTable } from '../database/schema.js';
import { inBatches } from './batches.js';
import { fetchPage, sorted } from './paging.js';
import { isForeignKeyViolation, isUniqueViolation, isUuid } from './sql-errors.js';

function toPortfolio(row: Selectable<PortfoliosTable>): Portfolio {
  return {
    id: row.id,
    householdId: row.household_id,
    name: row.name,
    description: row.description,
    currency: row.currency,
    costBasisMethod: row.cost_basis_method,
    isActive: row.is_active,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function duplicateName(name: string): ConflictError {
  return new ConflictError(`A portfolio named '${name}' already exists`, [
    { field: 'name', message: 'already exists in this household' },
  ]);
}

const columns = (f: PortfolioFields) => ({
  name: f.name,
  description: f.description,
  currency: f.currency,
  cost_basis_method: f.costBasisMethod,
  is_active: f.isActive,
});

export function portfolioRepository(db: Kysely<Database>): PortfolioRepository {
  return {
    async create(portfolio) {
      try {
        const row = await db
          .insertInto('portfolios')
          .values({ id: portfolio.id, household_id: portfolio.householdId, ...columns(portfolio) })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toPortfolio(row);
      } catch (error) {
        if (isUniqueViolation(error, 'portfolios_household_name_key')) throw duplicateName(portfolio.name);
        throw error;
      }
    },
    async getById(householdId, id) {
      if (!isUuid(id)) return null;
      const row = await db
        .selectFrom('portfolios')
        .selectAll()
        .where('household_id', '=', householdId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toPortfolio(row) : null;
    },
    async lockById(householdId, id) {
      if (!isUuid(id)) return null;
      const row = await db
        .selectFrom('portfolios')
        .selectAll()
        .where('household_id', '=', householdId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      return row ? toPortfolio(row) : null;
    },
    async getPageByHousehold(householdId, request) {
      const filtered = db.selectFrom('portfolios').where('household_id', '=', householdId);
      return fetchPage(sorted(filtered.selectAll(), request).orderBy('id'), filtered, request, toPortfolio);
    },
    async getAllByHousehold(householdId) {
      const rows = await db
        .selectFrom('portfolios')
        .selectAll()
        .where('household_id', '=', householdId)
        .orderBy('name')
        .execute();
      return rows.map(toPortfolio);
    },
    async getAll() {
      const rows = await db.selectFrom('portfolios').selectAll().orderBy('household_id').orderBy('id').execute();
      return rows.map(toPortfolio);
    },
    async update(householdId, id, fields) {
      try {
        const row = await db
          .updateTable('portfolios')
          .set({ ...columns(fields), updated_at: sql`now()` })
          .where('household_id', '=', householdId)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        if (row === undefined) throw new NotFoundError('Portfolio');
        return toPortfolio(row);
      } catch (error) {
        if (isUniqueViolation(error, 'portfolios_household_name_key')) throw duplicateName(fields.name);
        throw error;
      }
    },
    async insertMany(portfolios) {
      try {
        await inBatches(portfolios, 9, (batch) =>
          db
            .insertInto('portfolios')
            .values(
              batch.map((p) => ({
                id: p.id,
                household_id: p.householdId,
                ...columns(p),
                created_at: p.createdAt,
                updated_at: p.updatedAt,
              })),
            )
            .execute(),
        );
      } catch (error) {
        // Someone creating a portfolio of one of these names a moment before: a conflict, not a fault.
        if (isUniqueViolation(error, 'portfolios_household_name_key'))
          throw new ConflictError('A portfolio with one of these names was just added to the household', [
            { field: 'name', message: 'already exists in this household' },
          ]);
        throw error;
      }
    },
    async delete(householdId, id) {
      try {
        const result = await db
          .deleteFrom('portfolios')
          .where('household_id', '=', householdId)
          .where('id', '=', id)
          .executeTakeFirst();
        if (result.numDeletedRows === 0n) throw new NotFoundError('Portfolio');
      } catch (error) {
        if (isForeignKeyViolation(error)) throw new ConflictError('The portfolio has trades; delete them first');
        throw error;
      }
    },
  };
}
