import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../src/infrastructure/database/migrations/index.js';
import { migrateToLatest } from '../../src/infrastructure/database/migrator.js';
import { useTestApp } from '../support/app.js';

const testApp = useTestApp();

describe('migrations at start', () => {
  it('a migrated database is left alone, and one that records a migration this code lacks is refused', async () => {
    const db = testApp().database.db;
    expect(await migrateToLatest(db)).toEqual({ applied: [] });
    const recorded = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
    expect(recorded.rows.map((r) => r.name)).toEqual(Object.keys(migrations));

    await sql`INSERT INTO kysely_migration (name, timestamp) VALUES ('9999_from_a_newer_version', now()::text)`.execute(
      db,
    );
    try {
      await expect(migrateToLatest(db)).rejects.toThrow(/9999_from_a_newer_version/);
    } finally {
      await sql`DELETE FROM kysely_migration WHERE name = '9999_from_a_newer_version'`.execute(db);
    }
    expect(await migrateToLatest(db)).toEqual({ applied: [] });
  });
});
