import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';

export interface TestDatabase {
  /** The DATABASE_URL to give the service (null = PGlite in `dataDir`). */
  databaseUrl: string | null;
  dataDir: string;
  drop(): Promise<void>;
}

/**
 * A database of this test file's own: a fresh PostgreSQL database when TEST_DATABASE_URL names a
 * server (CI), else a copy of the migrated PGlite template.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = process.env.TEST_DATABASE_URL;
  if (server === undefined) {
    const dataDir = mkdtempSync(join(tmpdir(), 'stockbook-test-'));
    cpSync(inject('pgliteTemplate'), dataDir, { recursive: true });
    return { databaseUrl: null, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `stockbook_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    dataDir: '',
    async drop() {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
