import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { copyClusterTemplate, PGLITE_INITDB_PARAMS } from './pglite-template.js';
import type { Database } from './schema.js';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

const NUMERIC_OID = 1700;
const DATE_OID = 1082;
const INT8_OID = 20;

// Money must never pass through a JS number, and a DATE must not shift with the host's time zone:
// both stay strings. COUNT(*) (int8) is small enough for a number.
pg.types.setTypeParser(NUMERIC_OID, (v) => v);
pg.types.setTypeParser(DATE_OID, (v) => v);
pg.types.setTypeParser(INT8_OID, (v) => Number(v));

export interface ConnectOptions {
  databaseUrl: string | null;
  dataDir: string;
  poolSize?: number;
  onPoolError?: (error: Error) => void;
}

/** PostgreSQL when a URL is given; otherwise the embedded PGlite in `dataDir` ("memory://" for tests). */
export async function openDatabase(options: ConnectOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl !== null) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 3000,
      idleTimeoutMillis: 30_000,
      // A statement that hangs on a lost connection must fail, not hold a request forever.
      query_timeout: 30_000,
    });
    // A dropped connection emits 'error' on the pool (idle clients) or on the client itself (checked
    // out by Kysely); unhandled, either would crash the process. The failed query still rejects.
    pool.on('error', (error) => options.onPoolError?.(error));
    pool.on('connect', (client) => client.on('error', (error) => options.onPoolError?.(error)));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }

  const inMemory = options.dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(options.dataDir, { recursive: true });
  if (!inMemory && !existsSync(join(options.dataDir, 'PG_VERSION')) && readdirSync(options.dataDir).length === 0)
    copyClusterTemplate(options.dataDir);
  const client = await PGlite.create({
    dataDir: inMemory ? undefined : options.dataDir,
    initDbStartParams: PGLITE_INITDB_PARAMS,
    parsers: {
      [pgliteTypes.NUMERIC]: (v: string) => v,
      [pgliteTypes.DATE]: (v: string) => v,
      [pgliteTypes.INT8]: (v: string) => Number(v),
    },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      if (!client.closed) await client.close();
    },
  };
}
