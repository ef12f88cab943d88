import { spawnSync } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { ApiClient, mapConcurrent } from '../lib/api.js';
import { type BenchContext, postgresScenario, type Scenario, type ScenarioReport } from '../lib/context.js';
import { redisServer } from '../lib/environment.js';
import { createBenchDatabase, serverInfo } from '../lib/postgres.js';
import { postmasterPid } from '../lib/process.js';
import {
  postgresRestarter,
  type Restarter,
  type RestartTiming,
  redisRestarter,
  restartAndWait,
} from '../lib/restart.js';
import { randomSecret } from '../lib/service.js';
import { percentile } from '../lib/stats.js';
import { type StockbookService, startStockbook } from '../lib/stockbook.js';
import type { Table } from '../lib/table.js';
import { CREDENTIALS } from './stocks-common.js';
import { missingRoutes, PRICES_ROUTE, ROUTES } from './trading.js';
import { generatePortfolio, random } from './trading-data.js';
import { readSeedSchema, seedPortfolio } from './trading-seed.js';

/**
 * Issue 11 part 7: minutes of mixed reads and writes at 50 connections on PostgreSQL + Redis, with the
 * PostgreSQL cluster restarted once and the Redis server restarted once in the middle. Printed: failed
 * requests outside the restart windows, the recovery after each return, RSS at one minute and at the end,
 * and the requests per kind with their statuses. See bench/README.md.
 */

const SOAK_STOCKS = 100;
const SOAK_TRADES = 10_000;
const REQUEST_TIMEOUT_MS = 10_000;
/** A failure up to this long after a service is back counts as its recovery, not as a failure outside. */
const RECOVERY_BUDGET_MS = 5_000;
/** Where in the run the restarts happen (fractions of it; both after the first minute from 2 minutes on). */
const RESTART_AT = { postgres: 0.55, redis: 0.8 } as const;

type Kind = 'list' | 'get' | 'holdings' | 'analytics' | 'trade' | 'price';
const KINDS: Kind[] = ['list', 'get', 'holdings', 'analytics', 'trade', 'price'];
/** Weights of the mix (percent). Without the prices route its share goes to trades. */
const WEIGHTS: Record<Kind, number> = { list: 30, get: 25, holdings: 15, analytics: 15, trade: 5, price: 10 };
const KIND_REQUEST: Record<Kind, string> = {
  list: 'GET /api/v1/stocks?size=20&page=1..5',
  get: 'GET /api/v1/stocks/{id}',
  holdings: 'GET /api/v1/portfolios/{id}/holdings',
  analytics: 'GET /api/v1/portfolios/{id}/analytics',
  trade: 'POST /api/v1/portfolios/{id}/transactions (a buy of 1 share)',
  price: 'POST /api/v1/stocks/{id}/prices (one close, latest day)',
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every request of the run, column-wise (hundreds of thousands of them). */
class RequestLog {
  readonly kind: number[] = [];
  readonly start: number[] = [];
  readonly end: number[] = [];
  /** HTTP status; 0 = no answer (see `error`). */
  readonly status: number[] = [];
  readonly error: (string | null)[] = [];

  add(kind: number, start: number, end: number, status: number, error: string | null): void {
    this.kind.push(kind);
    this.start.push(start);
    this.end.push(end);
    this.status.push(status);
    this.error.push(error);
  }

  get length(): number {
    return this.kind.length;
  }

  ok(i: number): boolean {
    const s = this.status[i] ?? 0;
    return s >= 200 && s <= 299;
  }

  /** "503", or the socket error's code ("ECONNRESET", "timeout"). */
  outcome(i: number): string {
    const s = this.status[i] ?? 0;
    return s === 0 ? (this.error[i] ?? 'no answer') : String(s);
  }
}

interface Target {
  host: string;
  port: number;
  token: string;
  agent: Agent;
}

/** One request on the keep-alive agent (at most one socket per connection); never rejects. */
function send(
  target: Target,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; error: string | null }> {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { authorization: `Bearer ${target.token}` };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    const req = httpRequest({ host: target.host, port: target.port, method, path, headers, agent: target.agent });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })));
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ status: 0, error: error.code ?? error.message }));
    req.on('response', (response) => {
      response.on('error', (error: NodeJS.ErrnoException) => resolve({ status: 0, error: error.code ?? 'aborted' }));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, error: null }));
      response.resume();
    });
    req.end(payload);
  });
}

interface WindowFigures {
  service: string;
  command: string;
  /** Seconds from the start of the load. */
  issuedAtS: number;
  /** Seconds from issuing the restart until the service answered again. */
  downS: number | null;
  failedInWindow: number;
  /** From the service's return to the end of the first 2xx request started after it. */
  firstSuccessS: number | null;
  /** From the return until every kind of request had succeeded once again. */
  allKindsOkS: number | null;
  /** From the return to the end of the last failed request in the window (negative: all failed before). */
  lastFailureS: number | null;
  error: string | null;
}

function windowFigures(log: RequestLog, timing: RestartTiming, t0: number): WindowFigures {
  const end = (timing.backAt ?? timing.issuedAt) + RECOVERY_BUDGET_MS;
  let failed = 0;
  let lastFailure = Number.NEGATIVE_INFINITY;
  let firstSuccess = Number.POSITIVE_INFINITY;
  const firstPerKind = new Map<number, number>();
  const kindsAfter = new Set<number>();
  const back = timing.backAt;
  for (let i = 0; i < log.length; i++) {
    const start = log.start[i] as number;
    const finish = log.end[i] as number;
    if (!log.ok(i) && start <= end && finish >= timing.issuedAt) {
      failed++;
      lastFailure = Math.max(lastFailure, finish);
    }
    if (back !== null && start >= back) {
      const kind = log.kind[i] as number;
      kindsAfter.add(kind);
      if (log.ok(i)) {
        firstSuccess = Math.min(firstSuccess, finish);
        firstPerKind.set(kind, Math.min(firstPerKind.get(kind) ?? Number.POSITIVE_INFINITY, finish));
      }
    }
  }
  const allKinds =
    back === null || [...kindsAfter].some((k) => !firstPerKind.has(k))
      ? null
      : Math.max(...[...firstPerKind.values()].map((t) => t - back));
  return {
    service: timing.service,
    command: timing.command,
    issuedAtS: (timing.issuedAt - t0) / 1000,
    downS: back === null ? null : (back - timing.issuedAt) / 1000,
    failedInWindow: failed,
    firstSuccessS: back === null || !Number.isFinite(firstSuccess) ? null : (firstSuccess - back) / 1000,
    allKindsOkS: allKinds === null ? null : allKinds / 1000,
    lastFailureS: back === null || !Number.isFinite(lastFailure) ? null : (lastFailure - back) / 1000,
    error: timing.error,
  };
}

function inAnyWindow(log: RequestLog, i: number, timings: RestartTiming[]): boolean {
  const start = log.start[i] as number;
  const finish = log.end[i] as number;
  return timings.some(
    (t) => start <= (t.backAt ?? Number.POSITIVE_INFINITY) + RECOVERY_BUDGET_MS && finish >= t.issuedAt,
  );
}

async function runSoak(ctx: BenchContext, report: ScenarioReport): Promise<void> {
  const { soak, redisUrl, connections } = ctx.options;
  const durationMs = soak.minutes * 60_000;

  // What will be restarted, found and checked before anything starts.
  const restarters: { at: number; restarter: Restarter }[] = [];
  if (soak.restarts.includes('postgres')) {
    const found = await postgresRestarter(ctx.options.pgAdminUrl);
    if ('problem' in found) report.messages.push(`PostgreSQL not restarted: ${found.problem}`);
    else restarters.push({ at: RESTART_AT.postgres * durationMs, restarter: found });
  }
  if (soak.restarts.includes('redis')) {
    if (redisUrl === null) report.messages.push('Redis not restarted: the run goes without Redis');
    else {
      const found = await redisRestarter(redisUrl);
      if ('problem' in found) report.messages.push(`Redis not restarted: ${found.problem}`);
      else restarters.push({ at: RESTART_AT.redis * durationMs, restarter: found });
    }
  }

  const database = await createBenchDatabase(ctx.options.pgAdminUrl, 'soak');
  let service: StockbookService | null = null;
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  try {
    const label = `postgres${redisUrl ? '+redis' : ''}`;
    ctx.log(`soak: starting the service on database ${database.name}`);
    service = await startStockbook(ctx, {
      label: 'soak-postgres',
      databaseUrl: database.url,
      redisUrl,
      secretKey: randomSecret(),
    });
    const api = new ApiClient(service.baseUrl);
    const token = await api.setupAndLogin(CREDENTIALS);
    const missing = await missingRoutes(api, ROUTES);
    const schema = await readSeedSchema(database.url);
    if (missing.length > 0 || 'problem' in schema) {
      report.status = 'skipped';
      report.messages.push(
        missing.length > 0
          ? `the service does not have ${missing.join(', ')}`
          : (schema as { problem: string }).problem,
      );
      return;
    }
    const pricesRoute = (await missingRoutes(api, PRICES_ROUTE)).length === 0;

    const data = generatePortfolio({
      trades: SOAK_TRADES,
      stocks: SOAK_STOCKS,
      priceDays: 260,
      splits: schema.hasRatio,
    });
    const me = await api.get<{ household: { id: string } }>('/api/v1/auth/me');
    ctx.log(`soak: ${SOAK_STOCKS} stocks and a portfolio over HTTP, ${SOAK_TRADES} trades and prices in SQL`);
    const stockIds = (
      await mapConcurrent(data.stocks, 10, (stock) =>
        api.post<{ id: string }>('/api/v1/stocks', {
          symbol: stock.symbol,
          company_name: stock.companyName,
          sector: stock.sector,
        }),
      )
    ).map((s) => s.id);
    const portfolio = await api.post<{ id: string }>('/api/v1/portfolios', {
      name: 'Soak',
      currency: 'USD',
      cost_basis_method: 'average',
    });
    await seedPortfolio(
      database.url,
      schema,
      { householdId: me.household.id, portfolioId: portfolio.id, stockIds },
      data,
    );
    const rebuild = spawnSync(process.execPath, ['dist/cli/main.js', 'rebuild-positions'], {
      cwd: ctx.serviceRoot,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: database.url, MIGRATE_ON_START: 'false', LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    });
    if (rebuild.status !== 0) throw new Error(`rebuild-positions failed: ${rebuild.stderr}`);

    const weights = { ...WEIGHTS };
    if (!pricesRoute) {
      weights.trade += weights.price;
      weights.price = 0;
      report.messages.push('the service has no POST /api/v1/stocks/{id}/prices: its share of the mix went to trades');
    }
    const cumulative: number[] = [];
    let sum = 0;
    for (const kind of KINDS) {
      sum += weights[kind];
      cumulative.push(sum);
    }
    const target: Target = { host: '127.0.0.1', port: service.port, token, agent };
    const paths = {
      holdings: `/api/v1/portfolios/${portfolio.id}/holdings`,
      analytics: `/api/v1/portfolios/${portfolio.id}/analytics`,
      trades: `/api/v1/portfolios/${portfolio.id}/transactions`,
    };
    const issue = (kind: Kind, rnd: () => number) => {
      const stock = stockIds[Math.floor(rnd() * stockIds.length)] as string;
      switch (kind) {
        case 'list':
          return send(target, 'GET', `/api/v1/stocks?size=20&page=${1 + Math.floor(rnd() * 5)}`);
        case 'get':
          return send(target, 'GET', `/api/v1/stocks/${stock}`);
        case 'holdings':
          return send(target, 'GET', paths.holdings);
        case 'analytics':
          return send(target, 'GET', paths.analytics);
        case 'trade':
          return send(target, 'POST', paths.trades, {
            stock_id: stock,
            type: 'buy',
            quantity: '1',
            price: (50 + rnd() * 100).toFixed(2),
            fee: '1.00',
            trade_date: data.lastDate,
          });
        case 'price':
          return send(target, 'POST', `/api/v1/stocks/${stock}/prices`, {
            prices: [{ date: data.lastDate, close: (50 + rnd() * 100).toFixed(2) }],
          });
      }
    };

    const log = new RequestLog();
    let stop = false;
    const t0 = performance.now();
    ctx.log(
      `soak: ${soak.minutes} min at ${connections} connections; restarts: ${restarters.length === 0 ? 'none' : restarters.map((r) => `${r.restarter.service} at ${(r.at / 1000).toFixed(0)} s`).join(', ')}`,
    );
    const workers = Array.from({ length: connections }, async (_, w) => {
      const rnd = random(0x5eed + w);
      while (!stop) {
        const pick = rnd() * sum;
        const k = cumulative.findIndex((c) => pick < c);
        const kind = KINDS[k] as Kind;
        const start = performance.now();
        const { status, error } = await issue(kind, rnd);
        log.add(k, start, performance.now(), status, error);
        // A refused connection answers at once: without a pause the loop would spin on the CPU the
        // service needs to come back.
        if (status === 0) await sleep(10);
      }
    });

    const { sampler } = service;
    const rssByMinute: { minute: number; rssMb: number }[] = [];
    const timings: RestartTiming[] = [];
    let rssAtMinuteMb: number | null = null;
    const pending = [...restarters].sort((a, b) => a.at - b.at);
    let nextMinute = 1;
    while (performance.now() - t0 < durationMs) {
      const elapsed = performance.now() - t0;
      if (elapsed >= nextMinute * 60_000) {
        const rssMb = sampler.sample() / 1024;
        rssByMinute.push({ minute: nextMinute, rssMb });
        if (nextMinute === 1) rssAtMinuteMb = rssMb;
        nextMinute++;
      }
      const due = pending[0];
      if (due !== undefined && elapsed >= due.at) {
        pending.shift();
        ctx.log(`soak: restarting ${due.restarter.service}: ${due.restarter.description}`);
        const timing = await restartAndWait(due.restarter);
        timings.push(timing);
        ctx.log(
          `soak: ${due.restarter.service} ${timing.backAt === null ? `not back: ${timing.error}` : `back after ${((timing.backAt - timing.issuedAt) / 1000).toFixed(2)} s`}`,
        );
        // Later scenarios measure the CPU of these processes: they have new pids now.
        if (due.restarter.service === 'redis' && redisUrl !== null)
          ctx.redisPid = (await redisServer(redisUrl))?.pid ?? ctx.redisPid;
        if (due.restarter.service === 'postgres') {
          const server = await serverInfo(ctx.options.pgAdminUrl).catch(() => null);
          if (server?.dataDirectory) ctx.postmasterPid = postmasterPid(server.dataDirectory);
        }
        continue;
      }
      await sleep(Math.min(250, durationMs - elapsed));
    }
    const rssEndMb = sampler.sample() / 1024;
    // A run of exactly N minutes ends on the last minute mark.
    if (nextMinute === Math.ceil(soak.minutes) && durationMs >= nextMinute * 60_000) {
      rssByMinute.push({ minute: nextMinute, rssMb: rssEndMb });
      if (nextMinute === 1) rssAtMinuteMb = rssEndMb;
    }
    stop = true;
    await Promise.all(workers);
    const loadSeconds = (performance.now() - t0) / 1000;
    const vmHwmMb = sampler.highWaterMarkKb() / 1024;
    const exitCode = await service.stop();

    // Figures.
    const windows = timings.map((t) => windowFigures(log, t, t0));
    const perKind = KINDS.map((kind) => ({
      kind,
      requests: 0,
      ok: 0,
      failedOutside: 0,
      failedInside: 0,
      statuses: {} as Record<string, number>,
      latencies: [] as number[],
    }));
    const outsideExamples: string[] = [];
    for (let i = 0; i < log.length; i++) {
      const row = perKind[log.kind[i] as number];
      if (row === undefined) continue;
      row.requests++;
      const outcome = log.outcome(i);
      row.statuses[outcome] = (row.statuses[outcome] ?? 0) + 1;
      if (log.ok(i)) {
        row.ok++;
        row.latencies.push((log.end[i] as number) - (log.start[i] as number));
      } else if (inAnyWindow(log, i, timings)) row.failedInside++;
      else {
        row.failedOutside++;
        if (outsideExamples.length < 5)
          outsideExamples.push(`${row.kind} ${outcome} at ${(((log.start[i] as number) - t0) / 1000).toFixed(1)} s`);
      }
    }
    const total = perKind.reduce((n, r) => n + r.requests, 0);
    const failedOutside = perKind.reduce((n, r) => n + r.failedOutside, 0);
    const failedInside = perKind.reduce((n, r) => n + r.failedInside, 0);
    const growth = rssAtMinuteMb === null ? null : (rssEndMb / rssAtMinuteMb - 1) * 100;

    const minutes: { minute: number; requests: number; failed: number; latencies: number[] }[] = [];
    for (let i = 0; i < log.length; i++) {
      const m = Math.min(Math.ceil(soak.minutes) - 1, Math.floor(((log.end[i] as number) - t0) / 60_000));
      const bucket = minutes[m] ?? { minute: m + 1, requests: 0, failed: 0, latencies: [] };
      minutes[m] = bucket;
      bucket.requests++;
      if (log.ok(i)) bucket.latencies.push((log.end[i] as number) - (log.start[i] as number));
      else bucket.failed++;
    }

    report.data = {
      label,
      minutes: soak.minutes,
      connections,
      loadSeconds,
      requests: total,
      failedOutside,
      failedInside,
      outsideExamples,
      windows,
      rss: { atMinuteMb: rssAtMinuteMb, endMb: rssEndMb, growthPercent: growth, vmHwmMb, byMinute: rssByMinute },
      perKind: perKind.map(({ latencies, ...r }) => ({
        ...r,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
      })),
      exitCode,
    };

    report.tables.push({
      title: `Soak: ${soak.minutes} min of mixed reads and writes at ${connections} connections on ${label} (${SOAK_STOCKS} stocks, ${SOAK_TRADES} trades)`,
      columns: ['what', 'value', 'goal'],
      rows: [
        ['requests', `${total} in ${loadSeconds.toFixed(0)} s (${(total / loadSeconds).toFixed(0)}/s)`, ''],
        ['failed outside the restart windows', failedOutside, '0'],
        ['failed inside the restart windows', failedInside, ''],
        ['RSS at 1 minute MB', rssAtMinuteMb, ''],
        ['RSS at the end MB', rssEndMb, ''],
        ['RSS growth after the first minute', growth === null ? '-' : `${growth.toFixed(1)} %`, '<= 10 %'],
        ['VmHWM MB (peak since start)', vmHwmMb, ''],
        ['service exit code', exitCode, ''],
      ],
      notes: [
        'failed = no 2xx answer (another status, a socket error, or no answer within 10 s)',
        `restart window = from the restart command until ${RECOVERY_BUDGET_MS / 1000} s after the service answers again; a request in it = one`,
        '  that overlaps it in time',
        ...(outsideExamples.length > 0 ? [`first failures outside: ${outsideExamples.join('; ')}`] : []),
      ],
    });
    const restartTable: Table = {
      title: 'Soak: restarts (times in s; "return" = the restarted service answers a new connection again)',
      columns: [
        'service',
        'at s',
        'down s',
        'failed in window',
        'first 2xx after return',
        'every kind 2xx after return',
        'last failure after return',
      ],
      rows: windows.map((w) => [
        w.service,
        w.issuedAtS,
        w.downS,
        w.failedInWindow,
        w.firstSuccessS,
        w.allKindsOkS,
        w.lastFailureS,
      ]),
      notes: [
        'goal: recovery within 5 s of each return (every kind 2xx again, no failure later than 5 s after it); the',
        "  times after the return include the requests' own latency (see p50 per kind below); down = from the",
        '  restart command to the return; "-" under last failure: no request failed',
        ...windows.map((w) => `${w.service}: ${w.command}${w.error === null ? '' : ` (${w.error})`}`),
      ],
    };
    if (windows.length === 0) restartTable.notes?.push('no restart was made (see the messages below)');
    report.tables.push(restartTable);
    report.tables.push({
      title: 'Soak: requests per kind',
      columns: ['kind', 'requests', '2xx', 'failed outside', 'failed inside', 'p50 ms', 'p99 ms', 'statuses'],
      rows: perKind
        .filter((r) => weights[r.kind] > 0)
        .map((r) => [
          r.kind,
          r.requests,
          r.ok,
          r.failedOutside,
          r.failedInside,
          percentile(r.latencies, 50),
          percentile(r.latencies, 99),
          Object.entries(r.statuses)
            .sort((a, b) => b[1] - a[1])
            .map(([s, n]) => `${s}: ${n}`)
            .join(', '),
        ]),
      notes: [
        ...KINDS.filter((k) => weights[k] > 0).map((k) => `${k} (${weights[k]} %) = ${KIND_REQUEST[k]}`),
        'p50/p99 over the 2xx answers',
      ],
    });
    report.tables.push({
      title: 'Soak: per minute',
      columns: ['minute', 'requests', 'req/s', 'failed', 'p99 ms', 'RSS MB at its end'],
      rows: minutes
        .filter((m) => m !== undefined)
        .map((m) => [
          m.minute,
          m.requests,
          m.requests / 60,
          m.failed,
          percentile(m.latencies, 99),
          rssByMinute.find((r) => r.minute === m.minute)?.rssMb ??
            (m.minute === Math.ceil(soak.minutes) ? rssEndMb : null),
        ]),
    });
    if (failedOutside > 0) report.messages.push(`${failedOutside} request(s) failed outside the restart windows`);
  } finally {
    agent.destroy();
    await service?.stop();
    await database.drop();
  }
}

export const soakScenario: Scenario = postgresScenario(
  'soak',
  'issue 11: mixed reads and writes at 50 connections on PostgreSQL + Redis, each restarted once (only when asked for)',
  runSoak,
);
