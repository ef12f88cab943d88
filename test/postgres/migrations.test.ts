import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/infrastructure/database/connection.js';
import { migrations } from '../../src/infrastructure/database/migrations/index.js';
import { migrateToLatest } from '../../src/infrastructure/database/migrator.js';
import { createTestDatabase } from '../support/database.js';

describe('migrations on PostgreSQL', () => {
  it('three migrators started together against an empty database all succeed and apply the schema once', async () => {
    const testDb = await createTestDatabase();
    const handles = await Promise.all(
      [1, 2, 3].map(() => openDatabase({ databaseUrl: testDb.databaseUrl, dataDir: '' })),
    );
    try {
      const reports = await Promise.all(handles.map((h) => migrateToLatest(h.db)));
      const applied = reports.flatMap((r) => r.applied);
      expect(applied.sort()).toEqual(Object.keys(migrations).sort());
      expect(reports.filter((r) => r.applied.length > 0)).toHaveLength(1);
      const rows = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(handles[0]!.db);
      expect(rows.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
    } finally {
      await Promise.all(handles.map((h) => h.close()));
      await testDb.drop();
    }
  });
});
