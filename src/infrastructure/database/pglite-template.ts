import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

/**
 * PGlite's initdb costs seconds on every new embedded database. `npm ci` (the postinstall script) runs it
 * once and keeps the fresh cluster as a tarball beside the installed packages; a new data directory then
 * starts from a copy of it in a fraction of the time. The tarball is named by PGlite's version, so an
 * upgrade never loads a cluster of another version; without it, PGlite runs initdb as usual.
 */
function templatePath(): string {
  const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
  const marker = `${join('node_modules', '@electric-sql', 'pglite')}`;
  const root = entry.slice(0, entry.indexOf(marker));
  const version = JSON.parse(readFileSync(join(root, marker, 'package.json'), 'utf8')).version as string;
  return join(root, 'node_modules', '.cache', 'stockbook', `pglite-${version}-cluster.tar.gz`);
}

/** The fresh-cluster tarball, when one was prepared for the installed PGlite. */
export function readClusterTemplate(): Blob | undefined {
  try {
    const path = templatePath();
    return existsSync(path) ? new Blob([readFileSync(path)]) : undefined;
  } catch {
    return undefined;
  }
}

export async function writeClusterTemplate(): Promise<string> {
  const path = templatePath();
  if (existsSync(path)) return path;
  const pg = await PGlite.create();
  const tarball = await pg.dumpDataDir('gzip');
  await pg.close();
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.tmp`;
  writeFileSync(partial, Buffer.from(await tarball.arrayBuffer()));
  renameSync(partial, path);
  return path;
}
