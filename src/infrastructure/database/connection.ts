import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import { copyClusterTemplate, PGLITE_INITDB_PARAMS } from './pglite-template.js';
import type { Database } from './schema.js';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
  /** The pg pool's connections (for /metrics); absent on PGlite, which has a single in-process one. */
  poolStats?(): { total: number; idle: number; waiting: number };
}

const NUMERIC_OID = 1700;
const DATE_OID = 1082;
const INT8_OID = 20;

// Money must never pass through a JS number, and a DATE must not shift with the host's time zone:
// both stay strings. COUNT(*) (int8) is small enough for a number.
const keepText = (v: string) => v;
const toNumber = (v: string) => Number(v);

/**
 * PostgreSQL's memory settings inside PGlite. Its shared memory lives in the WASM heap and is written
 * through at start, so the default shared_buffers of 128 MB is resident from the first second (110 MB of
 * a 280 MB process). A household's database is a few MB and every buffer miss is only a read from the OS's
 * page cache, so 16 MB loses nothing measurable; maintenance_work_mem bounds what a CREATE INDEX in a
 * migration leaves behind in a heap that never shrinks. PGlite's startParams replace its defaults, hence
 * the spread of PGlite.defaultStartParams below.
 */
const PGLITE_MEMORY_PARAMS = ['-c', 'shared_buffers=16MB', '-c', 'maintenance_work_mem=16MB'];

export interface ConnectOptions {
  databaseUrl: string | null;
  dataDir: string;
  poolSize?: number;
  onPoolError?: (error: Error) => void;
}

/** PostgreSQL when a URL is given; otherwise the embedded PGlite in `dataDir` ("memory://" for tests). */
export async function openDatabase(options: ConnectOptions): Promise<DatabaseHandle> {
  // Each driver is loaded only when it is the one in use (a tenth of a second each at start).
  if (options.databaseUrl !== null) {
    const { default: pg } = await import('pg');
    pg.types.setTypeParser(NUMERIC_OID, keepText);
    pg.types.setTypeParser(DATE_OID, keepText);
    pg.types.setTypeParser(INT8_OID, toNumber);
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
    return {
      db,
      kind: 'postgres',
      close: () => db.destroy(),
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    };
  }

  const inMemory = options.dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(options.dataDir, { recursive: true });
  const [{ PGlite }, { PGliteDialect }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('kysely-pglite-dialect'),
  ]);
  if (!inMemory && !existsSync(join(options.dataDir, 'PG_VERSION')) && readdirSync(options.dataDir).length === 0)
    copyClusterTemplate(options.dataDir);
  const client = await PGlite.create({
    dataDir: inMemory ? undefined : options.dataDir,
    initDbStartParams: PGLITE_INITDB_PARAMS,
    startParams: [...PGlite.defaultStartParams, ...PGLITE_MEMORY_PARAMS],
    parsers: { [NUMERIC_OID]: keepText, [DATE_OID]: keepText, [INT8_OID]: toNumber },
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
