import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely } from 'kysely';
import { migrations } from './migrations/index.js';
import { migrateToLatest } from './migrator.js';

/**
 * PGlite's initdb and the first migration cost seconds on every new embedded database. `npm ci` (the
 * postinstall script) does both once and keeps the resulting data directory beside the installed packages;
 * a new data directory then starts as a file copy of it, in a fraction of the time. The template is named by
 * PGlite's version and the list of migrations it holds, so a cluster of another version, or one missing a
 * migration, is never used: without a matching template, PGlite runs initdb and the migrator runs as usual.
 */
/**
 * 1 MB WAL segments instead of 16: a new embedded cluster is 23 MB rather than 38, and the first start
 * copies that much less. An embedded, single-user database writes little WAL.
 */
export const PGLITE_INITDB_PARAMS = ['--wal-segsize=1'];

function templatePath(): string {
  const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
  const marker = `${join('node_modules', '@electric-sql', 'pglite')}`;
  const root = entry.slice(0, entry.indexOf(marker));
  const version = JSON.parse(readFileSync(join(root, marker, 'package.json'), 'utf8')).version as string;
  const schema = createHash('sha256').update(Object.keys(migrations).join('\n')).digest('hex').slice(0, 12);
  return join(root, 'node_modules', '.cache', 'stockbook', `pglite-${version}-wal1-schema-${schema}`);
}

/** Fills a new, empty data directory from the template; false when there is no matching template. */
export function copyClusterTemplate(dataDir: string): boolean {
  try {
    const template = templatePath();
    if (!existsSync(join(template, 'PG_VERSION'))) return false;
    cpSync(template, dataDir, { recursive: true });
    return true;
  } catch {
    return false;
  }
}

export async function writeClusterTemplate(): Promise<string> {
  const path = templatePath();
  if (existsSync(join(path, 'PG_VERSION'))) return path;
  const [{ PGlite }, { PGliteDialect }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('kysely-pglite-dialect'),
  ]);
  const partial = `${path}.${process.pid}.tmp`;
  mkdirSync(dirname(path), { recursive: true });
  const pg = await PGlite.create({ dataDir: partial, initDbStartParams: PGLITE_INITDB_PARAMS });
  const db = new Kysely<unknown>({ dialect: new PGliteDialect(pg) });
  await migrateToLatest(db);
  await db.destroy();
  if (!pg.closed) await pg.close();
  rmSync(path, { recursive: true, force: true });
  renameSync(partial, path);
  return path;
}
