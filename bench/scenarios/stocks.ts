import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from '../lib/api.js';
import type { BenchContext, DatabaseTarget, Scenario, ScenarioReport } from '../lib/context.js';
import type { LoadResult } from '../lib/load.js';
import { compareAnswers, DEFAULT_POOL_SIZE, databaseBackends, peerRatios, startPeer } from '../lib/peer.js';
import { type BenchDatabase, createBenchDatabase } from '../lib/postgres.js';
import { type CpuProbe, postgresBackendsCpu, processCpu } from '../lib/process.js';
import { randomSecret } from '../lib/service.js';
import { startStockbook } from '../lib/stockbook.js';
import type { Table } from '../lib/table.js';
import { benchPythonBaseline, type PythonRun } from './python-baseline.js';
import { loadStockEndpoints, type SeededStocks, STOCK_COUNT, seedStocks } from './stocks-common.js';

interface TargetRun {
  target: DatabaseTarget;
  label: string;
  redis: boolean;
  seedSeconds: number;
  loads: LoadResult[];
  /** VmHWM of the service process: its peak resident set over the whole run, start-up and seeding included. */
  vmHwmMb: number;
  /** The highest sampled RSS during the measured load windows. */
  peakRssUnderLoadMb: number;
  exitCode: number | null;
  python?: PythonRun[];
  pythonSkipped?: string;
  /** The bare peer on the same database, loaded right after the service (PostgreSQL only). */
  peer?: PeerRun;
  peerSkipped?: string;
}

export interface PeerRun {
  label: string;
  /** The pool the peer got: StockBook's open connections to the database after its load. */
  poolSize: number;
  /** Whether poolSize was counted (else StockBook's default). */
  poolCounted: boolean;
  /** Differences between the peer's answers and StockBook's for the same requests (empty: the same JSON). */
  answerDifferences: string[];
  loads: LoadResult[];
  vmHwmMb: number;
}

/**
 * The bare peer (bench/peer/server.ts) on the database the service just served, while the service stands
 * idle: the same requests, token, connections and durations; its answers are compared with the service's first.
 */
async function benchPeer(
  ctx: BenchContext,
  database: BenchDatabase,
  stockbookUrl: string,
  seeded: SeededStocks,
  probes: CpuProbe[],
): Promise<PeerRun> {
  const counted = await databaseBackends(ctx.options.pgAdminUrl, database.name);
  const poolSize = counted !== null && counted > 0 ? counted : DEFAULT_POOL_SIZE;
  const api = new ApiClient(stockbookUrl);
  api.token = seeded.token;
  const me = await api.get<{ household: { id: string } }>('/api/v1/auth/me');
  ctx.log(`peer: starting bench/peer/server.ts on ${database.name} with a pool of ${poolSize}`);
  const peer = await startPeer(ctx, {
    label: 'stocks-peer',
    databaseUrl: database.url,
    token: seeded.token,
    householdId: me.household.id,
    poolSize,
  });
  try {
    const differences: string[] = [];
    for (const path of ['/api/v1/stocks?size=20', `/api/v1/stocks/${seeded.ids[0]}`]) {
      const difference = await compareAnswers(stockbookUrl, peer.baseUrl, seeded.token, path);
      if (difference !== null) differences.push(difference);
    }
    const loads = await loadStockEndpoints(ctx, 'peer', peer.baseUrl, seeded, peer.sampler, probes);
    return {
      label: 'peer',
      poolSize,
      poolCounted: counted !== null && counted > 0,
      answerDifferences: differences,
      loads,
      vmHwmMb: peer.sampler.highWaterMarkKb() / 1024,
    };
  } finally {
    await peer.stop();
  }
}

async function runTarget(ctx: BenchContext, target: DatabaseTarget, report: ScenarioReport): Promise<TargetRun> {
  const secretKey = randomSecret();
  const redisUrl = target === 'postgres' ? ctx.options.redisUrl : null;
  const label = target === 'postgres' ? `postgres${redisUrl ? '+redis' : ''}` : 'pglite';
  const database = target === 'postgres' ? await createBenchDatabase(ctx.options.pgAdminUrl, 'stocks') : null;
  const dataDir = target === 'pglite' ? mkdtempSync(join(tmpdir(), 'stockbook-bench-')) : undefined;
  try {
    ctx.log(`${label}: starting the service${database ? ` on database ${database.name}` : ` in ${dataDir}`}`);
    const service = await startStockbook(ctx, {
      label: `stocks-${label}`,
      databaseUrl: database?.url,
      dataDir,
      redisUrl,
      secretKey,
    });
    let run: TargetRun;
    try {
      ctx.log(`${label}: seeding ${STOCK_COUNT} stocks over HTTP`);
      const seeded = await seedStocks(service.baseUrl, STOCK_COUNT);
      const probes: CpuProbe[] = [];
      if (database !== null && ctx.postmasterPid !== null)
        probes.push(postgresBackendsCpu(ctx.postmasterPid, database.name));
      if (redisUrl !== null && ctx.redisPid !== null) probes.push(processCpu('redis', ctx.redisPid));
      const loads = await loadStockEndpoints(ctx, label, service.baseUrl, seeded, service.sampler, probes);
      run = {
        target,
        label,
        redis: redisUrl !== null,
        seedSeconds: seeded.seedSeconds,
        loads,
        vmHwmMb: service.sampler.highWaterMarkKb() / 1024,
        peakRssUnderLoadMb: Math.max(...loads.map((l) => l.servicePeakRssMb ?? 0)),
        exitCode: null,
      };
      if (database !== null) {
        try {
          run.peer = await benchPeer(ctx, database, service.baseUrl, seeded, probes);
        } catch (error) {
          run.peerSkipped = (error as Error).message;
        }
      }
      run.exitCode = await service.stop();
      if (target === 'postgres' && database !== null) {
        if (ctx.options.python) {
          const python = await benchPythonBaseline(ctx, database, secretKey, seeded);
          if ('skipped' in python) run.pythonSkipped = python.skipped;
          else run.python = python.runs;
        } else {
          run.pythonSkipped = 'disabled with --no-python';
        }
      }
    } finally {
      await service.stop();
    }
    return run;
  } catch (error) {
    report.messages.push(`${label}: ${(error as Error).message}`);
    throw error;
  } finally {
    await database?.drop();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  }
}

function loadRow(target: string, endpoint: string, load: LoadResult, peer?: LoadResult) {
  const vsPeer = peerRatios(load, peer);
  return [
    target,
    endpoint,
    load.requestsPerSecond,
    vsPeer.throughput,
    load.latencyMs.p50,
    load.latencyMs.p99,
    vsPeer.p99,
    load.latencyMs.max,
    load.errors + load.timeouts,
    load.non2xx,
    load.cpuPercent.service,
    load.cpuPercent.postgres,
    load.cpuPercent.redis,
    load.cpuPercent.bench,
    load.cpuPercent.other,
    load.servicePeakRssMb,
  ];
}

const LOAD_COLUMNS = [
  'service',
  'endpoint',
  'req/s',
  'req/s vs peer',
  'p50 ms',
  'p99 ms',
  'p99 vs peer',
  'max ms',
  'errors',
  'non-2xx',
  'svc CPU',
  'pg CPU',
  'redis CPU',
  'bench CPU',
  'other CPU',
  'RSS MB',
];

export const stocksScenario: Scenario = {
  name: 'stocks',
  summary: 'issue 2: stock list and get at 50 connections on PostgreSQL(+Redis) and PGlite, RSS, Python baseline',
  async run(ctx) {
    const report: ScenarioReport = { name: 'stocks', status: 'ok', messages: [], tables: [], data: {} };
    const runs: TargetRun[] = [];
    for (const target of ctx.options.targets) {
      try {
        runs.push(await runTarget(ctx, target, report));
      } catch {
        report.status = 'failed';
      }
    }
    report.data.targets = runs;

    const { connections, durationSeconds, warmupSeconds } = ctx.options;
    const loadTable: Table = {
      title: `Stocks API: ${STOCK_COUNT} stocks, ${connections} connections, ${durationSeconds} s each after ${warmupSeconds} s warm-up`,
      columns: LOAD_COLUMNS,
      rows: [],
      notes: [
        'list = GET /api/v1/stocks?size=20; get = GET /api/v1/stocks/{id} rotating over all ids',
        'latency percentiles from autocannon (2xx answers, 1 ms resolution); errors = socket errors + timeouts',
        'CPU in % of one core over the window: svc = the service (all its processes); pg = the PostgreSQL backends of',
        '  the bench database; redis = redis-server; bench = autocannon in this process; other = the rest of the',
        '  machine (other work running meanwhile: noise that lowers the figures)',
        'RSS MB = highest sampled service RSS during that window',
      ],
    };
    for (const run of runs) {
      run.loads.forEach((load, i) => {
        loadTable.rows.push(loadRow(run.label, load.label.split(' ').pop() ?? '', load, run.peer?.loads[i]));
      });
      for (const load of run.peer?.loads ?? [])
        loadTable.rows.push(loadRow(run.peer?.label ?? 'peer', load.label.split(' ').pop() ?? '', load));
      if (run.peer !== undefined) {
        const p = run.peer;
        loadTable.notes?.push(
          `peer = bench/peer/server.ts (Fastify + pg, the same SQL, one fixed token) on ${run.label}'s database right after it,`,
          `  while it stood idle; pool of ${p.poolSize} (${p.poolCounted ? `the connections ${run.label} held open after its load` : 'StockBook default: its connections could not be counted'});`,
          `  vs peer = ${run.label} / peer (goal: req/s >= 0.8x, p99 <= 1.5x); answers ${p.answerDifferences.length === 0 ? 'checked identical' : `DIFFER: ${p.answerDifferences.join('; ')}`}`,
        );
      }
      if (run.peerSkipped !== undefined) report.messages.push(`peer (${run.label}): ${run.peerSkipped}`);
      for (const py of run.python ?? [])
        for (const load of py.loads) loadTable.rows.push(loadRow(py.label, load.label.split(' ').pop() ?? '', load));
    }
    report.tables.push(loadTable);
    report.tables.push({
      title: 'Service memory and seeding',
      columns: ['service', 'VmHWM MB', 'peak RSS under load MB', `seed ${STOCK_COUNT} stocks s`, 'exit code'],
      rows: runs.map((r) => [r.label, r.vmHwmMb, r.peakRssUnderLoadMb, r.seedSeconds, r.exitCode]),
      notes: [
        'VmHWM = peak resident set of the service process since it started (/proc/<pid>/status)',
        'budget (product.md 9): RSS <= 200 MB under the benchmark',
      ],
    });

    const pg = runs.find((r) => r.target === 'postgres');
    if (pg?.python !== undefined) {
      const ratioTable: Table = {
        title: 'Throughput vs the Python FastAPI + SQLAlchemy baseline (same database, same load)',
        columns: ['endpoint', `${pg.label} req/s`],
        rows: [],
        notes: ['budget (product.md 9): at least 5x; ratio = Node req/s / Python req/s'],
      };
      for (const py of pg.python) ratioTable.columns.push(`${py.label} req/s`, 'ratio');
      pg.loads.forEach((load, i) => {
        const row: (string | number)[] = [load.label.split(' ').pop() ?? '', load.requestsPerSecond];
        for (const py of pg.python ?? []) {
          const other = py.loads[i];
          const ratio = other === undefined ? Number.NaN : load.requestsPerSecond / other.requestsPerSecond;
          row.push(other?.requestsPerSecond ?? Number.NaN, `${ratio.toFixed(2)}x`);
        }
        ratioTable.rows.push(row);
      });
      report.tables.push(ratioTable);
    }
    if (pg?.pythonSkipped !== undefined) report.messages.push(`Python baseline skipped: ${pg.pythonSkipped}`);
    return report;
  },
};
