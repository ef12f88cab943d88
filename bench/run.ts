/**
 * `npm run bench [-- options]`: StockBook's benchmarks (product.md section 9). Prints numbers, not a
 * verdict; the budgets are shown next to them. See bench/README.md.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cleanupAll, installSignalCleanup, onCleanup } from './lib/cleanup.js';
import type { BenchContext, BenchOptions, DatabaseTarget, Scenario, ScenarioReport } from './lib/context.js';
import { machineInfo, redisServer } from './lib/environment.js';
import { serverInfo } from './lib/postgres.js';
import { postmasterPid } from './lib/process.js';
import { buildService, exportRevision } from './lib/stockbook.js';
import { renderTable } from './lib/table.js';
import { coldStartScenario } from './scenarios/cold-start.js';
import { soakScenario } from './scenarios/soak.js';
import { stocksScenario } from './scenarios/stocks.js';
import { tradingScenario } from './scenarios/trading.js';

const SCENARIOS: Scenario[] = [stocksScenario, coldStartScenario, tradingScenario, soakScenario];
/** Run only when named: the soak takes minutes and restarts the PostgreSQL cluster and Redis the bench uses. */
const ON_REQUEST = ['soak'];

const HELP = `usage: npm run bench -- [options]

  --scenario LIST        comma-separated: ${SCENARIOS.map((s) => s.name).join(', ')} (default: all but ${ON_REQUEST.join(', ')})
  --targets LIST         databases for the stocks scenario: postgres,pglite (default: both)
  --duration S           measured seconds per load (default 10)
  --warmup S             warm-up seconds before each load (default 3)
  --connections N        concurrent connections (default 50)
  --cold-start-repeats N cold starts per command and data-dir state (default 3)
  --python-workers LIST  uvicorn worker counts for the baseline (default 1,2)
  --python-bin PATH      interpreter with the Debian packages (default /usr/bin/python3)
  --no-python            skip the Python baseline
  --no-build             use the existing dist/ instead of running npm run build
  --ref REV              benchmark a committed revision (e.g. HEAD) instead of the working tree: it is
                         exported with git archive to bench/results/ref-<commit>/, built and run there
  --trades N             trading scenario: trades seeded in SQL (default 100000)
  --trade-stocks N       trading scenario: stocks (default 500)
  --http-trades N        trading scenario: trades created over HTTP (default 2000)
  --soak-minutes N       soak scenario: minutes of load (default 10)
  --soak-restart LIST    soak scenario: postgres,redis (default), one of them, or none; the PostgreSQL cluster
                         (pg_ctlcluster) and the redis-server of BENCH_PG_URL / BENCH_REDIS_URL, on this machine
  --quick                short smoke run: 3 s loads, 1 s warm-up, 1 cold start, 10000 trades
  --help

environment:
  BENCH_PG_URL     maintenance connection for creating the per-run databases
                   (default postgres://postgres:postgres@127.0.0.1:5432/postgres)
  BENCH_REDIS_URL  Redis for the PostgreSQL runs (default redis://127.0.0.1:6379; "none" = without)
`;

function list(value: string | undefined, fallback: string[]): string[] {
  return value === undefined
    ? fallback
    : value
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got '${value}'`);
  return n;
}

function parseOptions(argv: string[]): BenchOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      scenario: { type: 'string' },
      targets: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      'cold-start-repeats': { type: 'string' },
      'python-workers': { type: 'string' },
      'python-bin': { type: 'string' },
      'no-python': { type: 'boolean' },
      'no-build': { type: 'boolean' },
      ref: { type: 'string' },
      trades: { type: 'string' },
      'trade-stocks': { type: 'string' },
      'http-trades': { type: 'string' },
      'soak-minutes': { type: 'string' },
      'soak-restart': { type: 'string' },
      quick: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return null;
  const quick = values.quick ?? false;
  const scenarios = list(
    values.scenario,
    SCENARIOS.map((s) => s.name).filter((name) => !ON_REQUEST.includes(name)),
  );
  for (const name of scenarios)
    if (!SCENARIOS.some((s) => s.name === name)) throw new Error(`unknown scenario '${name}'`);
  const targets = list(values.targets, ['postgres', 'pglite']);
  for (const target of targets)
    if (target !== 'postgres' && target !== 'pglite') throw new Error(`unknown target '${target}'`);
  const restarts = values['soak-restart'] === 'none' ? [] : list(values['soak-restart'], ['postgres', 'redis']);
  for (const service of restarts)
    if (service !== 'postgres' && service !== 'redis') throw new Error(`--soak-restart: unknown service '${service}'`);
  const redis = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  return {
    scenarios,
    targets: targets as DatabaseTarget[],
    connections: positive('connections', values.connections, 50),
    durationSeconds: positive('duration', values.duration, quick ? 3 : 10),
    warmupSeconds: values.warmup === '0' ? 0 : positive('warmup', values.warmup, quick ? 1 : 3),
    build: !(values['no-build'] ?? false),
    ref: values.ref ?? null,
    python: !(values['no-python'] ?? false),
    pythonBin: values['python-bin'] ?? '/usr/bin/python3',
    pythonWorkers: list(values['python-workers'], ['1', '2']).map((w) => positive('python-workers', w, 1)),
    coldStartRepeats: positive('cold-start-repeats', values['cold-start-repeats'], quick ? 1 : 3),
    pgAdminUrl: process.env.BENCH_PG_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres',
    redisUrl: redis === 'none' ? null : redis,
    trading: {
      trades: positive('trades', values.trades, quick ? 10_000 : 100_000),
      stocks: positive('trade-stocks', values['trade-stocks'], 500),
      httpTrades: positive('http-trades', values['http-trades'], quick ? 300 : 2000),
      priceDays: 260,
    },
    soak: {
      minutes: positive('soak-minutes', values['soak-minutes'], 10),
      restarts: restarts as ('postgres' | 'redis')[],
    },
  };
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options === null) {
    process.stdout.write(HELP);
    return 0;
  }
  installSignalCleanup();
  const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
  const runId = new Date().toISOString().replace(/[:.]/g, '-');
  const resultsDir = join(repoRoot, 'bench', 'results');
  const ctx: BenchContext = {
    options,
    repoRoot,
    serviceRoot: repoRoot,
    logDir: join(resultsDir, 'logs', runId),
    log: (message) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`),
    postmasterPid: null,
    redisPid: null,
  };
  const machine = machineInfo(repoRoot);
  ctx.log(`${machine.cpus} CPU(s), ${machine.memoryGb} GB, Node ${machine.node}, commit ${machine.commit}`);
  const notes: string[] = [];

  let postgresVersion: string | null = null;
  try {
    const server = await serverInfo(options.pgAdminUrl);
    postgresVersion = server.version;
    if (server.dataDirectory !== null) ctx.postmasterPid = postmasterPid(server.dataDirectory);
  } catch (error) {
    notes.push(`PostgreSQL not reachable at BENCH_PG_URL (${(error as Error).message}): PostgreSQL runs skipped`);
    options.targets = options.targets.filter((t) => t !== 'postgres');
  }
  if (options.redisUrl !== null) {
    const redis = await redisServer(options.redisUrl);
    if (redis === null) {
      notes.push(`Redis not answering at ${options.redisUrl}: the PostgreSQL runs go without Redis`);
      options.redisUrl = null;
    } else {
      ctx.redisPid = redis.pid;
    }
  }
  for (const note of notes) ctx.log(note);

  let benchedCommit: string | null = null;
  if (options.ref !== null) {
    const target = join(resultsDir, `ref-${options.ref.replace(/[^\w.-]+/g, '_')}`);
    benchedCommit = exportRevision(repoRoot, options.ref, target);
    ctx.serviceRoot = target;
    onCleanup(`export of ${options.ref}`, async () => rmSync(target, { recursive: true, force: true }));
    ctx.log(`benchmarking ${options.ref} (${benchedCommit.slice(0, 7)}) exported to ${target}`);
  }
  if (options.build || options.ref !== null) {
    ctx.log(`npm run build${options.ref === null ? '' : ` (in the export of ${options.ref})`}`);
    const build = buildService(ctx.serviceRoot);
    if (!build.ok) {
      process.stderr.write(
        `${build.output}\nnpm run build failed; fix it, rerun with --no-build to use the existing dist/, or with --ref HEAD to bench the last commit\n`,
      );
      await cleanupAll();
      return 1;
    }
  }

  const reports: ScenarioReport[] = [];
  for (const scenario of SCENARIOS.filter((s) => options.scenarios.includes(s.name))) {
    ctx.log(`scenario ${scenario.name}: ${scenario.summary}`);
    try {
      reports.push(await scenario.run(ctx));
    } catch (error) {
      reports.push({
        name: scenario.name,
        status: 'failed',
        messages: [(error as Error).message],
        tables: [],
        data: {},
      });
    }
  }
  await cleanupAll();

  const out: string[] = [
    `\nStockBook benchmarks, ${new Date().toISOString()} (${machine.cpus} CPU(s) ${machine.cpuModel}, Node ${machine.node}, PostgreSQL ${postgresVersion ?? 'n/a'}, ${benchedCommit === null ? `working tree at ${machine.commit}${machine.srcChanges > 0 ? ` + ${machine.srcChanges} uncommitted file(s) in src/` : ''}` : `revision ${options.ref} = ${benchedCommit.slice(0, 7)}`})`,
    `load generator: autocannon in this process, on the same machine as the service`,
  ];
  for (const note of notes) out.push(`note: ${note}`);
  for (const report of reports) {
    for (const table of report.tables) out.push(renderTable(table));
    const tag = report.status === 'ok' ? '' : ` [${report.status}]`;
    for (const message of report.messages) out.push(`\n${report.name}${tag}: ${message}`);
    if (report.status !== 'ok' && report.messages.length === 0) out.push(`\n${report.name}: ${report.status}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);

  mkdirSync(resultsDir, { recursive: true });
  const json = JSON.stringify({ runId, machine, benchedCommit, postgresVersion, options, notes, reports }, null, 2);
  const file = join(resultsDir, `bench-${runId}.json`);
  writeFileSync(file, json);
  writeFileSync(join(resultsDir, 'latest.json'), json);
  process.stdout.write(`\nresults: ${file} (also bench/results/latest.json); service logs: ${ctx.logDir}\n`);
  return reports.some((r) => r.status === 'failed') ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    await cleanupAll();
    process.exit(1);
  },
);
