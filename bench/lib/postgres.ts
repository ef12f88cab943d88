import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { onCleanup } from './cleanup.js';

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

function withDatabase(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The server's version, and its data directory when the role may see it (to find the postmaster's pid). */
export async function serverInfo(adminUrl: string): Promise<{ version: string; dataDirectory: string | null }> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version;
    const dataDirectory = await client
      .query<{ data_directory: string }>('SHOW data_directory')
      .then((r) => r.rows[0]?.data_directory ?? null)
      .catch(() => null);
    return { version: version ?? 'unknown', dataDirectory };
  } finally {
    await client.end();
  }
}

/** A fresh, empty database `stockbook_bench_<timestamp>_<label>`, dropped by `drop()` or on Ctrl-C. */
export async function createBenchDatabase(adminUrl: string, label: string): Promise<BenchDatabase> {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const name = `stockbook_bench_${stamp}_${label.replace(/\W/g, '_')}`.toLowerCase();
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    unregister();
    const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  };
  const unregister = onCleanup(`database ${name}`, drop);
  return { name, url: withDatabase(adminUrl, name), drop };
}

/**
 * Where a benchmarked service keeps its data: a new PostgreSQL database through `pgUrl`, or a new PGlite data
 * directory; removed at the end either way. Returns the environment that points the service at it.
 */
export async function benchStorage(
  pgUrl: string | null,
  label: string,
): Promise<{ env: Record<string, string>; description: string }> {
  if (pgUrl !== null) {
    const db = await createBenchDatabase(pgUrl, label);
    return { env: { DATABASE_URL: db.url }, description: `PostgreSQL, database ${db.name} (dropped at the end)` };
  }
  const dataDir = mkdtempSync(join(tmpdir(), `stockbook-bench-${label}-`));
  onCleanup(`temp dir ${dataDir}`, async () => rmSync(dataDir, { recursive: true, force: true }));
  return { env: { DATA_DIR: dataDir }, description: `PGlite in ${dataDir} (removed at the end)` };
}
