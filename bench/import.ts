/**
 * CSV import numbers (product.md §12 budgets): `npm run bench:import [-- --pg URL] [-- --rows N] [-- --no-build]`.
 *
 * Starts the built service (`node --max-old-space-size=160 dist/cli/main.js serve`, as `npm start` and the
 * image run it) on PGlite in a new data directory, or on a new PostgreSQL database with --pg, sets up a
 * household and a portfolio, and imports a generated CSV of 10,000 trades (50 stocks, buys, sells that never
 * exceed what is held, dividends, 2:1 splits, notes with commas and quotes): a dry run, the real run, then the
 * same file again (every row a duplicate). Each request is timed from send to the last byte of the answer;
 * the service's RSS is sampled every 100 ms (VmRSS) and its VmHWM read at the end, from /proc/<pid>/status.
 * Prints numbers beside the budgets (<= 10 s per run, RSS <= 250 MB); passes no verdict.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ApiClient } from './lib/api.js';
import { cleanupAll, installSignalCleanup } from './lib/cleanup.js';
import { machineInfo } from './lib/environment.js';
import { benchStorage } from './lib/postgres.js';
import { cleanEnv, freePort, randomSecret, startService } from './lib/service.js';
import { fmt, renderTable } from './lib/table.js';

const HELP = `npm run bench:import [-- options]

  --rows N      rows of the generated CSV (default 10000)
  --pg URL      PostgreSQL instead of PGlite: a new database is created through URL and dropped at the end
  --no-build    use the existing dist/ (node scripts/build.mjs --service is the default first step)
  --help
`;
const BUDGETS = { seconds: 10, rssMb: 250 };
const CREDENTIALS = { email: 'bench-import@example.com', password: 'bench-import-password-1' };
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const runId = new Date().toISOString().replace(/[:.]/g, '-');
const resultsDir = join(repoRoot, 'bench', 'results');
const say = (line: string) => process.stdout.write(`${line}\n`);

function parseOptions() {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '10000' },
      pg: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const rows = Number(values.rows);
  if (!Number.isInteger(rows) || rows < 1) throw new Error(`--rows ${values.rows}: a whole number >= 1`);
  return { rows, pgUrl: values.pg ?? null, build: !values['no-build'] };
}

/** A deterministic history: per stock, sells only of shares held, a dividend now and then, a rare 2:1 split. */
function generateCsv(rows: number): string {
  const held: number[] = new Array(50).fill(0);
  const lines = ['Date,Symbol,Type,Quantity,Price,Fee,Amount,Ratio,Currency,Note'];
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(2005, 0, 3) + Math.floor(i / 4) * 86_400_000).toISOString().slice(0, 10);
    const s = i % 50;
    const holding = held[s] ?? 0;
    const symbol = `BENCH${s}`;
    const price = (20 + random() * 300).toFixed(2);
    const roll = random();
    if (holding === 0 || roll < 0.6) {
      const quantity = 1 + Math.floor(random() * 40);
      held[s] = holding + quantity;
      lines.push(`${day},${symbol},buy,${quantity},${price},1.25,,,USD,"bought, ""lot"" ${i}"`);
    } else if (roll < 0.9) {
      const quantity = 1 + Math.floor(random() * holding);
      held[s] = holding - quantity;
      lines.push(`${day},${symbol},sell,${quantity},${price},1.25,,,USD,`);
    } else if (roll < 0.995) {
      lines.push(`${day},${symbol},dividend,,,,${(random() * 50 + 1).toFixed(2)},,USD,quarterly`);
    } else {
      held[s] = holding * 2;
      lines.push(`${day},${symbol},split,,,,,2:1,USD,`);
    }
  }
  return `${lines.join('\n')}\n`;
}

async function startBuiltService(pgUrl: string | null) {
  const port = await freePort();
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    SECRET_KEY: randomSecret(),
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    HOST: '127.0.0.1',
  };
  const storage = await benchStorage(pgUrl, 'import');
  Object.assign(env, storage.env);
  const database = storage.description;
  const service = await startService({
    label: 'stockbook',
    command: process.execPath,
    args: ['--max-old-space-size=160', 'dist/cli/main.js', 'serve'],
    cwd: repoRoot,
    env: cleanEnv(env),
    port,
    logFile: join(resultsDir, 'logs', `import-${runId}`, 'stockbook.log'),
    readyTimeoutMs: 120_000,
  });
  return { service, database };
}

interface Phase {
  name: string;
  status: number;
  seconds: number;
  peakRssMb: number;
  summary: Record<string, number>;
}

async function main(): Promise<void> {
  const options = parseOptions();
  installSignalCleanup();
  mkdirSync(resultsDir, { recursive: true });
  try {
    if (options.build) {
      const build = spawnSync(process.execPath, ['scripts/build.mjs', '--service'], {
        cwd: repoRoot,
        encoding: 'utf8',
      });
      if (build.status !== 0)
        throw new Error(`node scripts/build.mjs --service failed:\n${build.stdout}${build.stderr}`);
    }
    const csv = generateCsv(options.rows);
    const { service, database } = await startBuiltService(options.pgUrl);
    say(`service on ${service.baseUrl} (${database}); log ${service.logFile}`);
    const api = new ApiClient(service.baseUrl);
    const token = await api.setupAndLogin(CREDENTIALS);
    const portfolio = await api.post<{ id: string }>('/api/v1/portfolios', { name: 'Bench import' });
    const baselineMb = service.sampler.sample() / 1024;

    const phases: Phase[] = [];
    const run = async (name: string, query: string) => {
      const from = performance.now();
      const response = await fetch(`${service.baseUrl}/api/v1/portfolios/${portfolio.id}/import?${query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
        body: csv,
        signal: AbortSignal.timeout(120_000),
      });
      const body = (await response.json()) as { summary?: Record<string, number> };
      const to = performance.now();
      service.sampler.sample();
      phases.push({
        name,
        status: response.status,
        seconds: (to - from) / 1000,
        peakRssMb: service.sampler.peakKb(from, to + 1) / 1024,
        summary: body.summary ?? {},
      });
    };
    await run('dry run', 'dry_run=true');
    await run('real run', 'dry_run=false');
    await run('same file again (all duplicates)', 'dry_run=false');
    const hwmMb = service.sampler.highWaterMarkKb() / 1024;
    await service.stop();

    say(
      renderTable({
        title: `Import of a ${options.rows}-row CSV (${(Buffer.byteLength(csv) / 1e6).toFixed(2)} MB), budgets: <= ${BUDGETS.seconds} s per run, RSS <= ${BUDGETS.rssMb} MB`,
        columns: ['run', 'status', 'seconds', 'peak RSS MB', 'created', 'duplicates', 'errors', 'stocks created'],
        rows: phases.map((p) => [
          p.name,
          p.status,
          p.seconds,
          p.peakRssMb,
          p.summary.created,
          p.summary.duplicates,
          p.summary.errors,
          p.summary.stocks_created,
        ]),
        notes: [
          `RSS before the imports ${fmt(baselineMb)} MB; VmHWM (peak RSS since start, sampled or not) ${fmt(hwmMb)} MB`,
          `database: ${database}; node --max-old-space-size=160 dist/cli/main.js serve, NODE_ENV=production`,
          'seconds: from sending the request to the last byte of the answer (the answer lists every row)',
        ],
      }),
    );
    const file = join(resultsDir, `import-${runId}.json`);
    writeFileSync(
      file,
      JSON.stringify(
        {
          runId,
          machine: machineInfo(repoRoot),
          options: { ...options, pgUrl: options.pgUrl !== null },
          database,
          baselineMb,
          hwmMb,
          phases,
        },
        null,
        2,
      ),
    );
    say(`\nresults: ${file}`);
  } finally {
    await cleanupAll();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`\nbench:import failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
