import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { AppMetrics } from '../application/metrics.js';

/** Connection counts of a client-side pool (pg); the embedded database has none. */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

/** The label of every request that matched no route: raw URLs would give one series per probe. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * One registry per app instance (never prom-client's global one): two apps in one process, as in the
 * tests, count apart. Values that already live elsewhere (the pool) are read at scrape time.
 */
export interface Metrics extends AppMetrics {
  registry: Registry;
  requestDuration: Histogram<'method' | 'route' | 'status_code'>;
  /** Incremented by the backup runner through `backupRun` (or directly, with `{ outcome }`). */
  backupRuns: Counter<'outcome'>;
  observeRequest(method: string, route: string | undefined, statusCode: number, seconds: number): void;
}

export function createMetrics(options: { poolStats?: () => PoolStats | null } = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });

  const requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  new Gauge({
    name: 'stockbook_db_pool_connections',
    help: 'Database pool connections by state (PostgreSQL only; waiting: queries queued for a connection)',
    labelNames: ['state'] as const,
    registers,
    collect() {
      const stats = options.poolStats?.();
      if (stats === undefined || stats === null) return;
      this.set({ state: 'total' }, stats.total);
      this.set({ state: 'idle' }, stats.idle);
      this.set({ state: 'waiting' }, stats.waiting);
    },
  });
  const viewCache = new Counter({
    name: 'stockbook_view_cache_requests_total',
    help: 'Reads of computed views (holdings, analytics) by result; hit ratio = hit / (hit + miss)',
    labelNames: ['result'] as const,
    registers,
  });
  const loginFailures = new Counter({
    name: 'stockbook_login_failures_total',
    help: 'Logins refused for a wrong email or password',
    registers,
  });
  const marketDataRuns = new Counter({
    name: 'stockbook_market_data_runs_total',
    help: 'Market-data refresh runs by trigger (manual, schedule) and outcome (ok, partial, failed)',
    labelNames: ['trigger', 'outcome'] as const,
    registers,
  });
  const marketDataLastDuration = new Gauge({
    name: 'stockbook_market_data_last_run_duration_seconds',
    help: 'Duration of the last market-data refresh run this process executed, by trigger',
    labelNames: ['trigger'] as const,
    registers,
  });
  const backupRuns = new Counter({
    name: 'stockbook_backup_runs_total',
    help: 'Backup runs by outcome (success, failure)',
    labelNames: ['outcome'] as const,
    registers,
  });
  const backupLastDuration = new Gauge({
    name: 'stockbook_backup_last_run_duration_seconds',
    help: 'Duration of the last backup run this process executed',
    registers,
  });
  const valuations = new Histogram({
    name: 'stockbook_valuation_duration_seconds',
    help: 'Views (holdings, analytics, summaries) valued on the worker threads, from submission to answer',
    labelNames: ['view'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  // Zero from the start, so that a ratio or rate is defined before the first event.
  for (const result of ['hit', 'miss'] as const) viewCache.inc({ result }, 0);
  loginFailures.inc(0);

  return {
    registry,
    requestDuration,
    backupRuns,
    observeRequest(method, route, statusCode, seconds) {
      requestDuration.observe({ method, route: route ?? UNMATCHED_ROUTE, status_code: String(statusCode) }, seconds);
    },
    loginFailed: () => loginFailures.inc(),
    viewCache: (result) => viewCache.inc({ result }),
    marketDataRun(trigger, outcome, seconds) {
      marketDataRuns.inc({ trigger, outcome });
      marketDataLastDuration.set({ trigger }, seconds);
    },
    backupRun(outcome, seconds) {
      backupRuns.inc({ outcome });
      backupLastDuration.set(seconds);
    },
    valuation: (view, seconds) => valuations.observe({ view }, seconds),
  };
}
