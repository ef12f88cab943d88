import { type Kysely, type Selectable, sql } from 'kysely';
import type { User, UserRepository, UserWithPassword } from '../../application/ports.js';
import type { Database, UsersTable } from '../database/schema.js';
import { fetchPage, sorted } from './paging.js';
import { isUuid } from './sql-errors.js';

type UserRow = Selectable<UsersTable>;

function toUser(row: UserRow): User {
  return {
    id: row.id,
    householdId: row.household_id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    isAdmin: row.is_admin,
    createdAt: row.created_at,
  };
}

export function userRepository(db: Kysely<Database>): UserRepository {
  return {
    async anyExists() {
      const row = await db
        .selectNoFrom((eb) => eb.exists(eb.selectFrom('users').select(sql.lit(1).as('one'))).as('found'))
        .executeTakeFirstOrThrow();
      return Boolean(row.found);
    },
    async create(user) {
      const row = await db
        .insertInto('users')
        .values({
          id: user.id,
          household_id: user.householdId,
          email: user.email,
          display_name: user.displayName,
          password_hash: user.passwordHash,
          role: user.role,
          is_admin: user.isAdmin,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toUser(row);
    },
    async getById(householdId, id) {
      if (!isUuid(id)) return null;
      let query = db.selectFrom('users').selectAll().where('id', '=', id);
      if (householdId !== null) query = query.where('household_id', '=', householdId);
      const row = await query.executeTakeFirst();
      return row ? toUser(row) : null;
    },
    async getByEmailWithPassword(email) {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where(sql`lower(email)`, '=', email.toLowerCase())
        .executeTakeFirst();
      return row ? ({ ...toUser(row), passwordHash: row.password_hash } satisfies UserWithPassword) : null;
    },
    async getPageByHousehold(householdId, request) {
      const filtered = db.selectFrom('users').where('household_id', '=', householdId);
      return fetchPage(sorted(filtered.selectAll(), request).orderBy('id'), filtered, request, toUser);
    },
    async getAllByHousehold(householdId) {
      const rows = await db
        .selectFrom('users')
        .selectAll()
        .where('household_id', '=', householdId)
        .orderBy('email')
        .execute();
      return rows.map(toUser);
    },
    async countOwners(householdId) {
      const row = await db
        .selectFrom('users')
        .where('household_id', '=', householdId)
        .where('role', '=', 'owner')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async lockHouseholdMembers(householdId) {
      await db.selectFrom('households').select('id').where('id', '=', householdId).forUpdate().execute();
    },
    async updateRole(id, role) {
      const row = await db
        .updateTable('users')
        .set({ role, updated_at: sql`now()` })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toUser(row);
    },
    async delete(id) {
      await db.deleteFrom('users').where('id', '=', id).execute();
    },
  };
}
