import { type Kysely, type MigrationResultSet, Migrator, sql } from 'kysely';
import { migrations } from './migrations/index.js';

// Any fixed 64-bit key; it names "StockBook schema migration" among the advisory locks of the database.
const MIGRATION_LOCK_KEY = 7_316_402_118;

export interface MigrationReport {
  applied: string[];
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
      const migrator = new Migrator({ db: conn, provider: { getMigrations: async () => migrations } });
      const result: MigrationResultSet = await migrator.migrateToLatest();
      if (result.error !== undefined) throw result.error;
      return { applied: (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
    } finally {
      await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn);
    }
  });
}
