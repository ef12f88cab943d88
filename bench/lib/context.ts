import type { Table } from './table.js';

export type DatabaseTarget = 'postgres' | 'pglite';

export interface BenchOptions {
  scenarios: string[];
  targets: DatabaseTarget[];
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  build: boolean;
  /** A git revision to benchmark instead of the working tree (exported, built and run apart). */
  ref: string | null;
  python: boolean;
  pythonBin: string;
  pythonWorkers: number[];
  coldStartRepeats: number;
  /** Maintenance connection used to create and drop the per-run databases. */
  pgAdminUrl: string;
  /** null: the PostgreSQL target runs without Redis. */
  redisUrl: string | null;
  /** Trading scenario sizes (issue 4). */
  trading: { trades: number; stocks: number; httpTrades: number; priceDays: number };
  /** Soak scenario (issue 11): its length and what it restarts in the middle. */
  soak: { minutes: number; restarts: ('postgres' | 'redis')[] };
}

export interface BenchContext {
  options: BenchOptions;
  repoRoot: string;
  /** Where the service is built and started from: the repository, or an export of `--ref`. */
  serviceRoot: string;
  /** bench/results/logs/<run id>/ : the spawned services' output. */
  logDir: string;
  log(message: string): void;
  /** The local PostgreSQL postmaster, when found: the CPU of a bench database's backends is measured. */
  postmasterPid: number | null;
  /** The local redis-server, when REDIS_URL points at this machine: its CPU is measured. */
  redisPid: number | null;
}

export interface ScenarioReport {
  name: string;
  status: 'ok' | 'skipped' | 'failed';
  /** Why a scenario (or a part of it) was skipped or failed. */
  messages: string[];
  tables: Table[];
  data: Record<string, unknown>;
}

/** One benchmark scenario; run.ts runs the selected ones in order and prints their tables. */
export interface Scenario {
  name: string;
  summary: string;
  run(ctx: BenchContext): Promise<ScenarioReport>;
}

/** A scenario that needs PostgreSQL: skipped without it, failed (not thrown) when its run throws. */
export function postgresScenario(
  name: string,
  summary: string,
  run: (ctx: BenchContext, report: ScenarioReport) => Promise<void>,
): Scenario {
  return {
    name,
    summary,
    async run(ctx) {
      const report: ScenarioReport = { name, status: 'ok', messages: [], tables: [], data: {} };
      if (!ctx.options.targets.includes('postgres')) {
        report.status = 'skipped';
        report.messages.push('needs PostgreSQL (not among --targets, or not reachable)');
        return report;
      }
      try {
        await run(ctx, report);
      } catch (error) {
        report.status = 'failed';
        report.messages.push((error as Error).message);
      }
      return report;
    },
  };
}
