import { spawnSync } from 'node:child_process';
import { ApiClient, mapConcurrent } from '../lib/api.js';
import { type BenchContext, postgresScenario, type Scenario, type ScenarioReport } from '../lib/context.js';
import { type LoadResult, measureLoad } from '../lib/load.js';
import { compareAnswers, DEFAULT_POOL_SIZE, databaseBackends, peerRatios, startPeer } from '../lib/peer.js';
import { createBenchDatabase } from '../lib/postgres.js';
import { type CpuProbe, postgresBackendsCpu, processCpu } from '../lib/process.js';
import { randomSecret } from '../lib/service.js';
import { type LatencySummary, summarize } from '../lib/stats.js';
import { type StockbookService, startStockbook } from '../lib/stockbook.js';
import type { Table } from '../lib/table.js';
import { CREDENTIALS } from './stocks-common.js';
import { type GeneratedPortfolio, generatePortfolio } from './trading-data.js';
import { readSeedSchema, seedPortfolio } from './trading-seed.js';

/**
 * Issue 4's benchmark on PostgreSQL + Redis: a household with a portfolio of 100,000 trades over 500
 * stocks (stocks and portfolio created over HTTP; trades, prices and balances inserted in SQL), then
 * holdings and analytics latency (first request, warm, after a write, under 50 connections), /health
 * while four analytics requests run, and trade creation over HTTP. Routes and shapes: product.md 10.
 */

export const ROUTES = {
  portfolios: ['post', '/api/v1/portfolios'],
  transactions: ['post', '/api/v1/portfolios/{}/transactions'],
  holdings: ['get', '/api/v1/portfolios/{}/holdings'],
  analytics: ['get', '/api/v1/portfolios/{}/analytics'],
} as const;
/** Without it, the writes that make the service recompute are trades (a buy of one share) instead. */
export const PRICES_ROUTE = { prices: ['post', '/api/v1/stocks/{}/prices'] } as const;

const SEQUENTIAL_SAMPLES = 30;
const AFTER_WRITE_SAMPLES = 10;
const HEALTH_SECONDS = 10;
const HEALTH_INTERVAL_MS = 10;
const TRADE_CONCURRENCY = 10;
const TRADE_MAX_SECONDS = 60;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Which of the routes the running service's OpenAPI document lists (path parameters of any name). */
export async function missingRoutes(
  api: ApiClient,
  routes: Record<string, readonly [string, string]>,
): Promise<string[]> {
  const document = await api.get<{ paths: Record<string, Record<string, unknown>> }>('/openapi.json');
  const present = new Set<string>();
  for (const [path, operations] of Object.entries(document.paths))
    for (const method of Object.keys(operations)) present.add(`${method} ${path.replace(/\{[^}]+\}/g, '{}')}`);
  return Object.values(routes)
    .filter(([method, path]) => !present.has(`${method} ${path}`))
    .map(([method, path]) => `${method.toUpperCase()} ${path.replace(/\{\}/g, '{id}')}`);
}

/** One raw request, timed; the body is read but not parsed. */
async function timedFetch(
  baseUrl: string,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ ms: number; status: number }> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const start = performance.now();
  try {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(120_000),
    });
    await response.arrayBuffer();
    return { ms: performance.now() - start, status: response.status };
  } catch {
    return { ms: performance.now() - start, status: 0 };
  }
}

interface LatencyRow {
  request: string;
  firstMs: number | null;
  summary: LatencySummary | null;
  non2xx: number;
  load?: LoadResult;
}

async function sequential(n: number, task: () => Promise<{ ms: number; status: number }>) {
  const times: number[] = [];
  let non2xx = 0;
  for (let i = 0; i < n; i++) {
    const { ms, status } = await task();
    times.push(ms);
    if (status < 200 || status > 299) non2xx++;
  }
  return { summary: summarize(times), non2xx };
}

interface HealthUnderLoad {
  load: string;
  health: LatencySummary;
  healthNon200: number;
  analyticsDone: number;
  analyticsNon2xx: number;
  seconds: number;
}

/** /health probed every 10 ms (one at a time) while `workers` loops run `work` back to back. */
async function healthWhile(
  baseUrl: string,
  label: string,
  workers: number,
  seconds: number,
  work: (() => Promise<number>) | null,
): Promise<HealthUnderLoad> {
  let stop = false;
  let done = 0;
  let failed = 0;
  const loops = Array.from({ length: work === null ? 0 : workers }, async () => {
    while (!stop && work !== null) {
      const status = await work();
      done++;
      if (status < 200 || status > 299) failed++;
    }
  });
  const latencies: number[] = [];
  let non200 = 0;
  const start = performance.now();
  // Let the analytics loops get going before the first probe.
  if (work !== null) await sleep(200);
  while (performance.now() - start < seconds * 1000) {
    const { ms, status } = await timedFetch(baseUrl, null, 'GET', '/health');
    latencies.push(ms);
    if (status !== 200) non200++;
    await sleep(HEALTH_INTERVAL_MS);
  }
  stop = true;
  await Promise.all(loops);
  return {
    load: label,
    health: summarize(latencies),
    healthNon200: non200,
    analyticsDone: done,
    analyticsNon2xx: failed,
    seconds: (performance.now() - start) / 1000,
  };
}

interface TradeCreation {
  portfolio: string;
  attempted: number;
  created: number;
  seconds: number;
  perSecond: number;
  latency: LatencySummary;
  statuses: Record<string, number>;
}

/** Buys posted over HTTP, `concurrency` at a time, until `count` are done or `maxSeconds` have passed. */
async function createTrades(
  baseUrl: string,
  token: string,
  label: string,
  portfolioId: string,
  stockIds: string[],
  date: string,
  count: number,
  maxSeconds: number,
): Promise<TradeCreation> {
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  const start = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < count && performance.now() - start < maxSeconds * 1000) {
      const i = next++;
      const { ms, status } = await timedFetch(
        baseUrl,
        token,
        'POST',
        `/api/v1/portfolios/${portfolioId}/transactions`,
        {
          stock_id: stockIds[i % stockIds.length],
          type: 'buy',
          quantity: String(1 + (i % 10)),
          price: '100.00',
          fee: '1.00',
          trade_date: date,
        },
      );
      latencies.push(ms);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: TRADE_CONCURRENCY }, worker));
  const seconds = (performance.now() - start) / 1000;
  const created = statuses['201'] ?? 0;
  return {
    portfolio: label,
    attempted: latencies.length,
    created,
    seconds,
    perSecond: created / seconds,
    latency: summarize(latencies),
    statuses,
  };
}

/** Compares the holdings' quantities with the generator's; returns the number of stocks that differ. */
function holdingMismatches(
  holdings: { items: { stock_id: string; quantity: string }[] },
  stockIds: string[],
  data: GeneratedPortfolio,
): number {
  const held = new Map(holdings.items.map((item) => [item.stock_id, Number(item.quantity)]));
  let mismatches = 0;
  stockIds.forEach((id, i) => {
    if ((held.get(id) ?? 0) !== data.finalQuantity[i]) mismatches++;
  });
  return mismatches;
}

async function runTrading(ctx: BenchContext, report: ScenarioReport): Promise<void> {
  const { trading, redisUrl } = ctx.options;
  const database = await createBenchDatabase(ctx.options.pgAdminUrl, 'trading');
  let service: StockbookService | null = null;
  try {
    const label = `postgres${redisUrl ? '+redis' : ''}`;
    ctx.log(`trading: starting the service on database ${database.name}`);
    service = await startStockbook(ctx, {
      label: 'trading-postgres',
      databaseUrl: database.url,
      redisUrl,
      secretKey: randomSecret(),
    });
    const { baseUrl, sampler } = service;
    const api = new ApiClient(baseUrl);
    const token = await api.setupAndLogin(CREDENTIALS);

    const missing = await missingRoutes(api, ROUTES);
    if (missing.length > 0) {
      report.status = 'skipped';
      report.messages.push(`the service does not have ${missing.join(', ')} yet (issue 4); nothing measured`);
      return;
    }
    const schema = await readSeedSchema(database.url);
    if ('problem' in schema) {
      report.status = 'skipped';
      report.messages.push(schema.problem);
      return;
    }
    const pricesRoute = (await missingRoutes(api, PRICES_ROUTE)).length === 0;

    const data = generatePortfolio({ ...trading, splits: schema.hasRatio });
    const me = await api.get<{ household: { id: string } }>('/api/v1/auth/me');
    ctx.log(`trading: creating ${trading.stocks} stocks and the portfolio over HTTP`);
    const stockIds = (
      await mapConcurrent(data.stocks, TRADE_CONCURRENCY, (stock) =>
        api.post<{ id: string }>('/api/v1/stocks', {
          symbol: stock.symbol,
          company_name: stock.companyName,
          sector: stock.sector,
        }),
      )
    ).map((s) => s.id);
    const portfolio = await api.post<{ id: string }>('/api/v1/portfolios', {
      name: 'Bench 100k',
      currency: 'USD',
      cost_basis_method: 'average',
    });

    ctx.log(`trading: inserting ${data.trades.length} trades, prices and balances in SQL`);
    const seed = await seedPortfolio(
      database.url,
      schema,
      { householdId: me.household.id, portfolioId: portfolio.id, stockIds },
      data,
    );
    if (seed.balances === 0)
      report.messages.push('balances table does not match: analytics run without balances (no TWR or drawdown data)');
    // Trades written by SQL bypass the service's stored positions; its maintenance command recomputes them.
    const rebuild = spawnSync(process.execPath, ['dist/cli/main.js', 'rebuild-positions'], {
      cwd: ctx.serviceRoot,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: database.url, MIGRATE_ON_START: 'false', LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    });
    if (rebuild.status !== 0) throw new Error(`rebuild-positions failed: ${rebuild.stderr}`);

    const holdingsPath = `/api/v1/portfolios/${portfolio.id}/holdings`;
    const analyticsPath = `/api/v1/portfolios/${portfolio.id}/analytics`;
    const get = (path: string) => () => timedFetch(baseUrl, token, 'GET', path);
    const seededPeakMb = sampler.peakKb() / 1024;

    ctx.log('trading: first holdings and analytics requests');
    const holdingsFirst = await get(holdingsPath)();
    const analyticsFirst = await get(analyticsPath)();
    const holdings = await api.get<{ items: { stock_id: string; quantity: string }[] }>(holdingsPath);
    const mismatches = holdingMismatches(holdings, stockIds, data);
    if (mismatches > 0) {
      report.status = 'failed';
      report.messages.push(
        `${mismatches} of ${stockIds.length} holdings differ from the generated trades: the SQL seeding misses something the service keeps (see trading-seed.ts)`,
      );
    }

    ctx.log('trading: warm and after-write latency');
    const holdingsWarm = await sequential(SEQUENTIAL_SAMPLES, get(holdingsPath));
    const analyticsWarm = await sequential(SEQUENTIAL_SAMPLES, get(analyticsPath));
    // A write invalidates what the service caches: the next request recomputes. A price when the route
    // exists (cheap for the service), else a buy of one share in the big portfolio.
    let bump = 0;
    const writeKind = pricesRoute ? 'price' : 'trade';
    const write = () => {
      const i = bump++ % stockIds.length;
      return pricesRoute
        ? timedFetch(baseUrl, token, 'POST', `/api/v1/stocks/${stockIds[i]}/prices`, {
            prices: [{ date: data.lastDate, close: (100 + (bump % 50)).toFixed(2) }],
          })
        : timedFetch(baseUrl, token, 'POST', `/api/v1/portfolios/${portfolio.id}/transactions`, {
            stock_id: stockIds[i],
            type: 'buy',
            quantity: '1',
            price: '100.00',
            trade_date: data.lastDate,
          });
    };
    const writeTimes: number[] = [];
    let writeFailures = 0;
    const afterWrite = async (path: string) => {
      const times: number[] = [];
      let non2xx = 0;
      for (let i = 0; i < AFTER_WRITE_SAMPLES; i++) {
        const written = await write();
        writeTimes.push(written.ms);
        if (written.status < 200 || written.status > 299) writeFailures++;
        const { ms, status } = await get(path)();
        times.push(ms);
        if (status < 200 || status > 299) non2xx++;
      }
      return { summary: summarize(times), non2xx };
    };
    const holdingsAfterWrite = await afterWrite(holdingsPath);
    const analyticsAfterWrite = await afterWrite(analyticsPath);

    const probes: CpuProbe[] = [];
    if (ctx.postmasterPid !== null) probes.push(postgresBackendsCpu(ctx.postmasterPid, database.name));
    if (redisUrl !== null && ctx.redisPid !== null) probes.push(processCpu('redis', ctx.redisPid));
    const loadSpec = {
      baseUrl,
      headers: { authorization: `Bearer ${token}` },
      connections: ctx.options.connections,
      durationSeconds: ctx.options.durationSeconds,
      warmupSeconds: ctx.options.warmupSeconds,
      sampler,
      cpuProbes: probes,
    };
    ctx.log(`trading: holdings and analytics at ${ctx.options.connections} connections`);
    const holdingsLoad = await measureLoad({ ...loadSpec, label: 'holdings', path: holdingsPath });
    const analyticsLoad = await measureLoad({ ...loadSpec, label: 'analytics', path: analyticsPath });
    // Issue 11: a cached view should cost no more than a one-row read, measured in the same run.
    let nextStock = 0;
    const stockGetLoad = await measureLoad({
      ...loadSpec,
      label: 'stock get',
      path: () => `/api/v1/stocks/${stockIds[nextStock++ % stockIds.length]}`,
    });

    // The bare peer on the same database while the service stands idle: holdings and a stock get.
    const counted = await databaseBackends(ctx.options.pgAdminUrl, database.name);
    const poolSize = counted !== null && counted > 0 ? counted : DEFAULT_POOL_SIZE;
    let peerLoads: LoadResult[] = [];
    let peerVmHwmMb: number | null = null;
    const peerDifferences: string[] = [];
    try {
      ctx.log(`trading: the bare peer on ${database.name} (pool of ${poolSize}): holdings and stock get`);
      const peer = await startPeer(ctx, {
        label: 'trading-peer',
        databaseUrl: database.url,
        token,
        householdId: me.household.id,
        poolSize,
      });
      try {
        type HoldingItems = { items?: { stock_id: string; quantity: string; current_price: string | null }[] };
        const positions = (body: unknown) =>
          ((body as HoldingItems).items ?? [])
            .map((item) => `${item.stock_id} ${item.quantity} ${item.current_price}`)
            .sort();
        const difference = await compareAnswers(baseUrl, peer.baseUrl, token, holdingsPath, positions);
        if (difference !== null) peerDifferences.push(difference);
        const peerSpec = { ...loadSpec, baseUrl: peer.baseUrl, sampler: peer.sampler };
        nextStock = 0;
        peerLoads = [
          await measureLoad({ ...peerSpec, label: 'peer holdings', path: holdingsPath }),
          await measureLoad({
            ...peerSpec,
            label: 'peer stock get',
            path: () => `/api/v1/stocks/${stockIds[nextStock++ % stockIds.length]}`,
          }),
        ];
        peerVmHwmMb = peer.sampler.highWaterMarkKb() / 1024;
      } finally {
        await peer.stop();
      }
    } catch (error) {
      report.messages.push(`peer: ${(error as Error).message}`);
    }

    ctx.log('trading: /health while four analytics requests run');
    const health = [
      await healthWhile(baseUrl, 'idle (no other requests)', 0, HEALTH_SECONDS / 2, null),
      await healthWhile(
        baseUrl,
        '4 x analytics (warm)',
        4,
        HEALTH_SECONDS,
        async () => (await get(analyticsPath)()).status,
      ),
      await healthWhile(baseUrl, `4 x (${writeKind} write + analytics)`, 4, HEALTH_SECONDS, async () => {
        await write();
        return (await get(analyticsPath)()).status;
      }),
    ];

    ctx.log(`trading: creating up to ${trading.httpTrades} trades over HTTP (max ${TRADE_MAX_SECONDS}s each)`);
    const empty = await api.post<{ id: string }>('/api/v1/portfolios', { name: 'Bench empty', currency: 'USD' });
    const creation = [
      await createTrades(
        baseUrl,
        token,
        'empty portfolio',
        empty.id,
        stockIds,
        data.lastDate,
        trading.httpTrades,
        TRADE_MAX_SECONDS,
      ),
      await createTrades(
        baseUrl,
        token,
        `${data.trades.length}-trade portfolio`,
        portfolio.id,
        stockIds,
        data.lastDate,
        trading.httpTrades,
        TRADE_MAX_SECONDS,
      ),
    ];
    const vmHwmMb = sampler.highWaterMarkKb() / 1024;
    const exitCode = await service.stop();

    const rows: LatencyRow[] = [
      { request: 'holdings', firstMs: holdingsFirst.ms, ...holdingsWarm },
      { request: `holdings after a ${writeKind} write`, firstMs: null, ...holdingsAfterWrite },
      { request: 'analytics', firstMs: analyticsFirst.ms, ...analyticsWarm },
      { request: `analytics after a ${writeKind} write`, firstMs: null, ...analyticsAfterWrite },
      {
        request: `the ${writeKind} writes themselves`,
        firstMs: null,
        summary: summarize(writeTimes),
        non2xx: writeFailures,
      },
    ];
    report.data = {
      label,
      writeKind,
      generated: {
        trades: data.trades.length,
        counts: data.counts,
        stocks: data.stocks.length,
        firstDate: data.firstDate,
        lastDate: data.lastDate,
        priceRows: data.prices.reduce((n, p) => n + p.length, 0),
        balances: seed.balances,
      },
      seed,
      holdingMismatches: mismatches,
      latency: rows,
      loads: [holdingsLoad, analyticsLoad, stockGetLoad],
      peer: {
        poolSize,
        poolCounted: counted !== null && counted > 0,
        loads: peerLoads,
        vmHwmMb: peerVmHwmMb,
        answerDifferences: peerDifferences,
      },
      health,
      creation,
      memory: { vmHwmMb, seededPeakMb },
      exitCode,
    };

    const c = data.counts;
    report.tables.push({
      title: `Trading data (${label})`,
      columns: ['what', 'value'],
      rows: [
        [
          'trades inserted in SQL',
          `${data.trades.length} (${c.buy} buys, ${c.sell} sells, ${c.dividend} dividends, ${c.split} splits)`,
        ],
        ['stocks / trade dates', `${data.stocks.length} / ${data.firstDate} .. ${data.lastDate}`],
        ['trades SQL insert s', seed.tradesSeconds.toFixed(1)],
        [
          'prices inserted in SQL',
          `${data.prices.reduce((n, p) => n + p.length, 0)} rows in ${seed.pricesSeconds.toFixed(1)} s`,
        ],
        ['balances inserted in SQL', seed.balances === 0 ? 'none (table does not match)' : String(seed.balances)],
        ['holdings matching the generated quantities', `${stockIds.length - mismatches} of ${stockIds.length}`],
      ],
    });
    const latencyTable: Table = {
      title: `Holdings and analytics over ${data.trades.length} trades: sequential requests (one at a time)`,
      columns: ['request', 'first ms', 'n', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx'],
      rows: rows.map((r) => [
        r.request,
        r.firstMs,
        r.summary?.count,
        r.summary?.p50,
        r.summary?.p99,
        r.summary?.max,
        r.non2xx,
      ]),
      notes: [
        `first = the first request after seeding; the others follow it (warm); "after a ${writeKind} write" = a ${writeKind} is`,
        '  posted before each request, so whatever the service caches must be recomputed',
        'budget (product.md 9): holdings and analytics <= 100 ms warm',
      ],
    };
    report.tables.push(latencyTable);
    report.tables.push({
      title: `Holdings, analytics and a stock get at ${ctx.options.connections} connections, ${ctx.options.durationSeconds} s each (warm), and the bare peer`,
      columns: [
        'request',
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
        'other CPU',
        'RSS MB',
      ],
      rows: (
        [
          [holdingsLoad, peerLoads[0]],
          [analyticsLoad, undefined],
          [stockGetLoad, peerLoads[1]],
          ...peerLoads.map((l) => [l, undefined]),
        ] as [LoadResult, LoadResult | undefined][]
      ).map(([l, peer]) => {
        const vsPeer = peerRatios(l, peer);
        return [
          l.label,
          l.requestsPerSecond,
          vsPeer.throughput,
          l.latencyMs.p50,
          l.latencyMs.p99,
          vsPeer.p99,
          l.latencyMs.max,
          l.errors + l.timeouts,
          l.non2xx,
          l.cpuPercent.service,
          l.cpuPercent.postgres,
          l.cpuPercent.other,
          l.servicePeakRssMb,
        ];
      }),
      notes: [
        'budget (product.md 9): holdings at 50 connections p99 <= 25 ms',
        `stock get = GET /api/v1/stocks/{id} rotating over the ${stockIds.length} stocks; holdings / stock get (same run): ${(holdingsLoad.requestsPerSecond / stockGetLoad.requestsPerSecond).toFixed(2)}x of the throughput (goal >= 0.8x)`,
        ...(peerLoads.length === 0
          ? ['peer: not run (see the messages below)']
          : [
              `peer = bench/peer/server.ts (Fastify + pg, one fixed token): holdings = one row per stored position with the`,
              `  latest close; on the same database right after the service, which stood idle; pool of ${poolSize}`,
              `  (${counted !== null && counted > 0 ? "the service's open connections after its loads" : 'StockBook default: its connections could not be counted'}); vs peer = service / peer (goal: req/s >= 0.8x, p99 <= 1.5x)`,
              `  holdings positions (stock, quantity, price) ${peerDifferences.length === 0 ? 'checked identical' : `DIFFER: ${peerDifferences.join('; ')}`}`,
            ]),
      ],
    });
    report.tables.push({
      title: `/health, one request every ${HEALTH_INTERVAL_MS} ms, while analytics requests run`,
      columns: ['load', 'health n', 'p50 ms', 'p99 ms', 'max ms', 'non-200', 'analytics done', 'analytics non-2xx'],
      rows: health.map((h) => [
        h.load,
        h.health.count,
        h.health.p50,
        h.health.p99,
        h.health.max,
        h.healthNon200,
        h.analyticsDone,
        h.analyticsNon2xx,
      ]),
      notes: ['budget (product.md 9): /health p99 <= 50 ms while four such requests run'],
    });
    report.tables.push({
      title: `Trade creation over HTTP (buys, ${TRADE_CONCURRENCY} at a time, at most ${TRADE_MAX_SECONDS} s)`,
      columns: ['portfolio', 'created', 's', 'trades/s', 'p50 ms', 'p99 ms', 'statuses'],
      rows: creation.map((t) => [
        t.portfolio,
        t.created,
        t.seconds,
        t.perSecond,
        t.latency.p50,
        t.latency.p99,
        Object.entries(t.statuses)
          .map(([code, n]) => `${code}: ${n}`)
          .join(', '),
      ]),
    });
    report.tables.push({
      title: 'Trading: service memory',
      columns: ['service', 'VmHWM MB', 'peak RSS after seeding MB', 'exit code'],
      rows: [[label, vmHwmMb, seededPeakMb, exitCode]],
      notes: ['budget (product.md 9): RSS <= 200 MB under the benchmark'],
    });
  } finally {
    await service?.stop();
    await database.drop();
  }
}

export const tradingScenario: Scenario = postgresScenario(
  'trading',
  'issue 4: holdings, analytics and trade creation over a 100,000-trade portfolio on PostgreSQL',
  runTrading,
);
