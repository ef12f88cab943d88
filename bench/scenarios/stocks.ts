import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchContext, DatabaseTarget, Scenario, ScenarioReport } from '../lib/context.js';
import type { LoadResult } from '../lib/load.js';
import { createBenchDatabase } from '../lib/postgres.js';
import { type CpuProbe, postgresBackendsCpu, processCpu } from '../lib/process.js';
import { randomSecret } from '../lib/service.js';
import { startStockbook } from '../lib/stockbook.js';
import type { Table } from '../lib/table.js';
import { benchPythonBaseline, type PythonRun } from './python-baseline.js';
import { loadStockEndpoints, STOCK_COUNT, seedStocks } from './stocks-common.js';

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

function loadRow(target: string, endpoint: string, load: LoadResult) {
  return [
    target,
    endpoint,
    load.requestsPerSecond,
    load.latencyMs.p50,
    load.latencyMs.p99,
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
  'p50 ms',
  'p99 ms',
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
      for (const load of run.loads) loadTable.rows.push(loadRow(run.label, load.label.split(' ').pop() ?? '', load));
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
