import { type Kysely, type MigrationResultSet, Migrator, sql } from 'kysely';
import { migrations } from './migrations/index.js';

// Any fixed 64-bit key; it names "StockBook schema migration" among the advisory locks of the database.
const MIGRATION_LOCK_KEY = 7_316_402_118;

export interface MigrationReport {
  applied: string[];
}

/**
 * Whether the database has recorded exactly this code's migrations: then there is nothing to do, and every start
 * (and every replica) skips the Migrator, whose look at the catalog costs 40-400 ms of a start. Anything else
 * (a fresh database, a pending migration, one this code does not know) goes to the Migrator, which reports it.
 */
// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema
async function upToDate(conn: Kysely<any>): Promise<boolean> {
  const table = await sql<{ found: boolean }>`SELECT to_regclass('kysely_migration') IS NOT NULL AS found`.execute(
    conn,
  );
  if (table.rows[0]?.found !== true) return false;
  const recorded = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(conn);
  const names = new Set(recorded.rows.map((r) => r.name));
  const known = Object.keys(migrations);
  return names.size === known.length && known.every((name) => names.has(name));
}

/**
 * Brings the schema to the latest version. A session-level advisory lock makes concurrent starters
 * (three replicas at once) queue: the first migrates, the others then find nothing left to do.
 */
// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationReport> {
  return db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
    try {
      if (await upToDate(conn)) return { applied: [] };
      const migrator = new Migrator({ db: conn, provider: { getMigrations: async () => migrations } });
      const result: MigrationResultSet = await migrator.migrateToLatest();
      if (result.error !== undefined) throw result.error;
      return { applied: (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
    } finally {
      await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn);
    }
  });
}
