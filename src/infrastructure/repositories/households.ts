import { type Kysely, sql } from 'kysely';
import type { Household, HouseholdRepository, HouseholdSettingsRepository } from '../../application/ports.js';
import type { Database } from '../database/schema.js';
import { isUuid } from './sql-errors.js';

const SETUP_LOCK_KEY = 7_316_402_119;

function toHousehold(row: { id: string; name: string; concentration_limit: string; base_currency: string }): Household {
  return { id: row.id, name: row.name, concentrationLimit: row.concentration_limit, baseCurrency: row.base_currency };
}

export function householdRepository(db: Kysely<Database>): HouseholdRepository & HouseholdSettingsRepository {
  const bump = async (householdId: string, column: 'data_version' | 'price_version') => {
    await db
      .updateTable('households')
      .set({ [column]: sql`${sql.ref(column)} + 1` } as never)
      .where('id', '=', householdId)
      .execute();
  };
  return {
    async create(household) {
      const row = await db.insertInto('households').values(household).returningAll().executeTakeFirstOrThrow();
      return toHousehold(row);
    },
    async getById(id) {
      if (!isUuid(id)) return null;
      const row = await db.selectFrom('households').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toHousehold(row) : null;
    },
    async getAllByName(name) {
      const rows = await db.selectFrom('households').selectAll().where('name', '=', name).orderBy('id').execute();
      return rows.map(toHousehold);
    },
    async hasStocksOrPortfolios(id) {
      const row = await db
        .selectNoFrom((eb) =>
          eb
            .or([
              eb.exists(eb.selectFrom('stocks').select(sql.lit(1).as('one')).where('household_id', '=', id)),
              eb.exists(eb.selectFrom('portfolios').select(sql.lit(1).as('one')).where('household_id', '=', id)),
            ])
            .as('found'),
        )
        .executeTakeFirstOrThrow();
      return Boolean(row.found);
    },
    async lock(id) {
      await db.selectFrom('households').select('id').where('id', '=', id).forUpdate().execute();
    },
    bumpDataVersion: (householdId) => bump(householdId, 'data_version'),
    bumpPriceVersion: (householdId) => bump(householdId, 'price_version'),
    async getVersions(householdId) {
      const row = await db
        .selectFrom('households')
        .select(['data_version', 'price_version'])
        .where('id', '=', householdId)
        .executeTakeFirst();
      return { data: Number(row?.data_version ?? 0), prices: Number(row?.price_version ?? 0) };
    },
    async updateConcentrationLimit(householdId, limit) {
      const row = await db
        .updateTable('households')
        .set({ concentration_limit: limit })
        .where('id', '=', householdId)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toHousehold(row);
    },
    async updateBaseCurrency(householdId, currency) {
      const row = await db
        .updateTable('households')
        .set({ base_currency: currency })
        .where('id', '=', householdId)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toHousehold(row);
    },
    async lockSetup() {
      await sql`SELECT pg_advisory_xact_lock(${SETUP_LOCK_KEY})`.execute(db);
    },
  };
}
