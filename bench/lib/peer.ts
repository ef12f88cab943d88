import { join } from 'node:path';
import pg from 'pg';
import type { BenchContext } from './context.js';
import type { LoadResult } from './load.js';
import { cleanEnv, freePort, type RunningService, startService } from './service.js';

/** When StockBook's connections cannot be counted: its pool's default (src/infrastructure/database/connection.ts). */
export const DEFAULT_POOL_SIZE = 10;

/**
 * The client backends connected to `database` (other than the one asking): right after a load at 50
 * connections, the connections StockBook's pool holds open, which is the pool size the peer gets.
 */
export async function databaseBackends(adminUrl: string, database: string): Promise<number | null> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const result = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_stat_activity
        WHERE datname = $1 AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
      [database],
    );
    return Number(result.rows[0]?.n ?? 0);
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

export interface PeerLaunch {
  /** Row label prefix and log file name. */
  label: string;
  databaseUrl: string;
  /** The bearer token the bench sends (StockBook's session token, accepted by the peer as a fixed value). */
  token: string;
  householdId: string;
  poolSize: number;
}

/**
 * bench/peer/server.ts on the given database, with the settings StockBook's bench runs get that matter to
 * a Node server (NODE_ENV=production, the image's heap flags and malloc threshold).
 */
export async function startPeer(ctx: BenchContext, launch: PeerLaunch): Promise<RunningService> {
  const port = await freePort();
  return startService({
    label: launch.label,
    command: process.execPath,
    args: ['--max-old-space-size=160', '--import', 'tsx', join(ctx.repoRoot, 'bench', 'peer', 'server.ts')],
    cwd: ctx.repoRoot,
    env: cleanEnv({
      NODE_ENV: 'production',
      MALLOC_MMAP_THRESHOLD_: '262144',
      PORT: String(port),
      HOST: '127.0.0.1',
      PEER_DATABASE_URL: launch.databaseUrl,
      PEER_TOKEN: launch.token,
      PEER_HOUSEHOLD_ID: launch.householdId,
      PEER_POOL_SIZE: String(launch.poolSize),
    }),
    port,
    logFile: join(ctx.logDir, `${launch.label.replace(/[^\w.-]+/g, '_')}.log`),
  });
}

/** StockBook's figures over the peer's: throughput (goal >= 0.8x) and p99 (goal <= 1.5x). */
export function peerRatios(stockbook: LoadResult, peer: LoadResult | undefined): { throughput: string; p99: string } {
  if (peer === undefined) return { throughput: '-', p99: '-' };
  const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(2)}x` : '-');
  return {
    throughput: ratio(stockbook.requestsPerSecond, peer.requestsPerSecond),
    p99: ratio(stockbook.latencyMs.p99, peer.latencyMs.p99),
  };
}

/** Checks an answer of the peer against StockBook's for the same request: the same JSON, or what differs. */
export async function compareAnswers(
  stockbookUrl: string,
  peerUrl: string,
  token: string,
  path: string,
  pick: (body: unknown) => unknown = (body) => body,
): Promise<string | null> {
  const get = async (base: string) => {
    const response = await fetch(`${base}${path}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(30_000),
    });
    return { status: response.status, body: pick(await response.json()) };
  };
  const [ours, theirs] = await Promise.all([get(stockbookUrl), get(peerUrl)]);
  if (ours.status !== theirs.status) return `${path}: StockBook ${ours.status}, peer ${theirs.status}`;
  const a = JSON.stringify(ours.body);
  const b = JSON.stringify(theirs.body);
  if (a === b) return null;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `${path}: answers differ at character ${i}: StockBook …${a.slice(Math.max(0, i - 40), i + 60)}… peer …${b.slice(Math.max(0, i - 40), i + 60)}…`;
}
