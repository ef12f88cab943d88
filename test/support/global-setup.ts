import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/infrastructure/database/connection.js';
import { migrateToLatest } from '../../src/infrastructure/database/migrator.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

/**
 * PGlite's initdb takes seconds; it runs once here into a migrated template directory, and each
 * test file starts from a copy of it. With TEST_DATABASE_URL set, tests use PostgreSQL instead.
 */
export default async function setup(project: TestProject) {
  // The service serves the built interface (web/dist); a change to web/ since the last build is built first.
  execFileSync(process.execPath, ['scripts/build.mjs', '--web', '--if-stale'], { stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'stockbook-template-'));
  if (process.env.TEST_DATABASE_URL === undefined) {
    const handle = await openDatabase({ databaseUrl: null, dataDir: dir });
    await migrateToLatest(handle.db);
    await handle.close();
  }
  project.provide('pgliteTemplate', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
