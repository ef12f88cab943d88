// The embedded database's footprint as a new user meets it: `npm start` (PGlite, no configuration) on a new
// temporary data directory, then again on the same one. For each start: spawn to the first 200 from /health,
// the resident set of the service's node process (VmRSS, VmHWM of /proc/<pid>/status) idle, after a few
// requests (setup, login, a stock, a portfolio, a trade, a few GETs), and after a short load (200 stocks
// seeded, then 50 connections on the stock list, single stocks and the holdings for a few seconds: the
// stocks scenario's concurrency). RssAnon / RssFile split the resident set into the heaps (V8's, the WASM
// memory, malloc's) and the mapped files (the node binary, shared libraries).
//   npx tsx bench/pglite-memory.ts [--repeats 3] [--load-seconds 5] [--connections 50]
// The machine may be shared: the table gives the min and the median of the repeats.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { ApiClient, mapConcurrent } from './lib/api.js';
import { memoryOf, processTree } from './lib/process.js';
import { cleanEnv, freePort } from './lib/service.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const REPEATS = option('repeats', 3);
const LOAD_SECONDS = option('load-seconds', 5);
const CONNECTIONS = option('connections', 50);
const ROOT = join(import.meta.dirname, '..');
const CREDENTIALS = { email: 'memory@example.com', password: 'memory-password-123' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The node process that serves (npm → sh → exec node dist/cli/main.js serve). */
function serverPid(root: number): number | null {
  for (const pid of processTree(root)) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dist/cli/main.js')) return pid;
    } catch {
      // Gone meanwhile.
    }
  }
  return null;
}

interface Start {
  child: ChildProcess;
  port: number;
  readyMs: number;
  pid: number;
}

async function start(dataDir: string): Promise<Start> {
  const port = await freePort();
  // No configuration but the bench's: the rate limit off, as in the stocks scenario, so that the load is
  // served rather than answered 429.
  const env = cleanEnv({
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    RATE_LIMIT_PER_MINUTE: '0',
  });
  const began = performance.now();
  const child = spawn('npm', ['start', '--silent'], { cwd: ROOT, env, detached: true, stdio: 'ignore' });
  while (performance.now() - began < 60_000) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.status === 200) {
        const readyMs = performance.now() - began;
        const pid = serverPid(child.pid as number);
        if (pid === null) throw new Error('no dist/cli/main.js process under npm start');
        return { child, port, readyMs, pid };
      }
    } catch (error) {
      if ((error as Error).message.startsWith('no dist')) throw error;
    }
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
    await sleep(10);
  }
  throw new Error('npm start: no 200 from /health within 60 s');
}

async function stop(s: Start): Promise<void> {
  const exited = new Promise((resolve) => s.child.once('exit', resolve));
  try {
    process.kill(-(s.child.pid as number), 'SIGTERM');
  } catch {
    return;
  }
  await Promise.race([exited, sleep(15_000)]);
}

const mb = (kb: number) => kb / 1024;

/** RssAnon and RssFile of /proc/<pid>/status, in kB. */
function residentSplit(pid: number): { anonKb: number; fileKb: number } {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
    return { anonKb: field('RssAnon'), fileKb: field('RssFile') + field('RssShmem') };
  } catch {
    return { anonKb: 0, fileKb: 0 };
  }
}

async function fewRequests(api: ApiClient, firstStart: boolean): Promise<void> {
  if (firstStart) await api.setupAndLogin(CREDENTIALS);
  else api.token = (await api.post<{ access_token: string }>('/api/v1/auth/login', CREDENTIALS)).access_token;
  if (firstStart) {
    const stock = await api.post<{ id: string }>('/api/v1/stocks', {
      symbol: 'MEMO',
      company_name: 'Memory Test Company',
      sector: 'Information Technology',
      grade: 'A',
    });
    const portfolio = await api.post<{ id: string }>('/api/v1/portfolios', { name: 'Memory portfolio' });
    await api.post(`/api/v1/portfolios/${portfolio.id}/transactions`, {
      stock_id: stock.id,
      type: 'buy',
      quantity: '10',
      price: '12.5',
      trade_date: '2026-01-05',
    });
  }
  const portfolios = await api.get<{ items: { id: string }[] }>('/api/v1/portfolios');
  await api.get('/api/v1/stocks?size=20');
  for (const p of portfolios.items) await api.get(`/api/v1/portfolios/${p.id}/holdings`);
  await api.get('/api/v1/auth/me');
}

async function load(api: ApiClient, port: number, firstStart: boolean): Promise<number> {
  if (firstStart)
    await mapConcurrent(
      Array.from({ length: 200 }, (_, i) => i),
      10,
      (i) =>
        api.post('/api/v1/stocks', {
          symbol: `L${String(i).padStart(4, '0')}`,
          company_name: `Load Company ${i}`,
          sector: 'Financials',
          grade: 'B',
        }),
    );
  const portfolios = await api.get<{ items: { id: string }[] }>('/api/v1/portfolios');
  const stocks = await api.get<{ items: { id: string }[] }>('/api/v1/stocks?size=20');
  const paths = [
    '/api/v1/stocks?size=20',
    ...stocks.items.slice(0, 5).map((s) => `/api/v1/stocks/${s.id}`),
    ...portfolios.items.map((p) => `/api/v1/portfolios/${p.id}/holdings`),
  ];
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: LOAD_SECONDS,
    headers: { authorization: `Bearer ${api.token}` },
    requests: [{ setupRequest: (r) => ({ ...r, path: paths[next++ % paths.length] as string }) }],
  });
  if (result.non2xx > 0)
    console.log(`  not 2xx under load: ${JSON.stringify(result.statusCodeStats)} of ${result.requests.total}`);
  return result.requests.average;
}

type Row = Record<string, number>;
const rows: Record<'fresh' | 'existing', Row[]> = { fresh: [], existing: [] };

for (let i = 0; i < REPEATS; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'stockbook-mem-'));
  try {
    for (const state of ['fresh', 'existing'] as const) {
      const s = await start(join(dir, 'data'));
      try {
        const api = new ApiClient(`http://127.0.0.1:${s.port}`);
        await sleep(2000);
        const idle = memoryOf(s.pid);
        await fewRequests(api, state === 'fresh');
        await sleep(2000);
        const afterRequests = memoryOf(s.pid);
        const reqPerSec = await load(api, s.port, state === 'fresh');
        await sleep(2000);
        const afterLoad = memoryOf(s.pid);
        const split = residentSplit(s.pid);
        const row = {
          readyMs: s.readyMs,
          idleMb: mb(idle?.rssKb ?? 0),
          requestsMb: mb(afterRequests?.rssKb ?? 0),
          loadMb: mb(afterLoad?.rssKb ?? 0),
          hwmMb: mb(afterLoad?.hwmKb ?? 0),
          loadAnonMb: mb(split.anonKb),
          loadFileMb: mb(split.fileKb),
          reqPerSec,
        };
        rows[state].push(row);
        console.log(
          `#${i + 1} ${state.padEnd(8)} ready ${row.readyMs.toFixed(0)} ms; RSS idle ${row.idleMb.toFixed(0)} MB, after requests ${row.requestsMb.toFixed(0)} MB, after load ${row.loadMb.toFixed(0)} MB (peak ${row.hwmMb.toFixed(0)} MB; anon ${row.loadAnonMb.toFixed(0)} MB, files ${row.loadFileMb.toFixed(0)} MB; ${row.reqPerSec.toFixed(0)} req/s)`,
        );
      } finally {
        await stop(s);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
};
console.log('\nmin / median / max over %d runs (MB, ms):', REPEATS);
for (const state of ['fresh', 'existing'] as const) {
  const cells = ['readyMs', 'idleMb', 'requestsMb', 'loadMb', 'hwmMb', 'loadAnonMb', 'reqPerSec'].map((key) => {
    const values = rows[state].map((r) => r[key] as number);
    return `${key} ${Math.min(...values).toFixed(0)} / ${median(values).toFixed(0)} / ${Math.max(...values).toFixed(0)}`;
  });
  console.log(`${state.padEnd(8)} ${cells.join(', ')}`);
}
