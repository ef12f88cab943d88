import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext } from './context.js';
import { cleanEnv, freePort, type RunningService, startService } from './service.js';

export interface StockbookLaunch {
  label: string;
  /** `dist`: node dist/cli/main.js serve (after npm run build); `npm-start`: npm start (tsx on src/). */
  mode?: 'dist' | 'npm-start';
  databaseUrl?: string;
  dataDir?: string;
  redisUrl?: string | null;
  secretKey?: string;
  /** The production-like settings of the throughput runs; off for the "fresh clone" cold starts. */
  production?: boolean;
  extraEnv?: Record<string, string>;
  pollMs?: number;
}

export interface StockbookService extends RunningService {
  port: number;
}

/** `npm run build` (tsc to dist/); returns tsc's output when it fails. */
export function buildService(root: string): { ok: boolean; output: string; ms: number } {
  const start = performance.now();
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}`, ms: performance.now() - start };
}

/**
 * The files of a committed revision (`git archive`, so the repository's index and worktrees are left
 * alone) in `target`, with the repository's node_modules linked in: a build of exactly that revision,
 * untouched by work in progress in the working tree. Returns the resolved commit.
 */
export function exportRevision(repoRoot: string, ref: string, target: string): string {
  const commit = spawnSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: repoRoot, encoding: 'utf8' });
  if (commit.status !== 0) throw new Error(`--ref ${ref}: not a commit (${commit.stderr.trim()})`);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const archive = spawnSync(
    'sh',
    ['-c', `git archive --format=tar "$1" | tar -x -C "$2"`, 'export', commit.stdout.trim(), target],
    {
      cwd: repoRoot,
      encoding: 'utf8',
    },
  );
  if (archive.status !== 0) throw new Error(`git archive of ${ref} failed: ${archive.stderr.trim()}`);
  symlinkSync(join(repoRoot, 'node_modules'), join(target, 'node_modules'), 'dir');
  return commit.stdout.trim();
}

function nodeArgs(): string[] {
  return (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
}

/** Starts StockBook as the README does (built, or `npm start`); stopped by `stop()` or on Ctrl-C. */
export async function startStockbook(ctx: BenchContext, launch: StockbookLaunch): Promise<StockbookService> {
  const port = await freePort();
  const env: Record<string, string> = { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  if (launch.databaseUrl !== undefined) env.DATABASE_URL = launch.databaseUrl;
  if (launch.dataDir !== undefined) env.DATA_DIR = launch.dataDir;
  if (launch.redisUrl) env.REDIS_URL = launch.redisUrl;
  if (launch.production ?? true) {
    env.NODE_ENV = 'production';
    // As the image runs it (Dockerfile: NODE_OPTIONS and MALLOC_MMAP_THRESHOLD_).
    env.NODE_OPTIONS = '--max-old-space-size=160';
    env.MALLOC_MMAP_THRESHOLD_ = '262144';
    env.RATE_LIMIT_PER_MINUTE = '0';
    if (launch.secretKey === undefined) throw new Error('a production launch needs a SECRET_KEY');
  }
  if (launch.secretKey !== undefined) env.SECRET_KEY = launch.secretKey;
  Object.assign(env, launch.extraEnv);

  const npmStart = launch.mode === 'npm-start';
  const service = await startService({
    label: launch.label,
    command: npmStart ? 'npm' : process.execPath,
    // BENCH_SERVICE_NODE_ARGS: flags for node itself, e.g. `--cpu-prof --cpu-prof-dir=DIR` for a profile under load.
    args: npmStart ? ['start', '--silent'] : [...nodeArgs(), 'dist/cli/main.js', 'serve'],
    cwd: ctx.serviceRoot,
    env: cleanEnv(env),
    port,
    logFile: join(ctx.logDir, `${launch.label.replace(/[^\w.-]+/g, '_')}.log`),
    processTree: npmStart,
    pollMs: launch.pollMs,
  });
  return { ...service, port };
}
