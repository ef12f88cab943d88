import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runScheduledRefresh } from '../../src/application/market-data/refresh.js';
import { buildService, createCache } from '../../src/cli/composition-root.js';
import { createLogger } from '../../src/infrastructure/logger.js';
import {
  addUser,
  type Client,
  client,
  expectEnvelope,
  type Json,
  setupOwner,
  startTestApp,
  type TestApp,
} from '../support/app.js';
import {
  type MarketDataDouble,
  type Provider,
  recentWeekdays,
  startMarketDataDouble,
  TOKYO,
} from '../support/market-data-doubles.js';
import { dataVersion, newBuy, newPortfolio, newStock, otherHousehold } from '../support/trading-fixtures.js';

/**
 * The market-data refresh against local doubles of the providers (their real wire formats), driven through
 * POST /market-data/refresh and watched through GET /market-data/status.
 */

interface World {
  t: TestApp;
  double: MarketDataDouble;
  owner: Client;
  portfolioId: string;
}

function useWorld(provider: Provider, env: Record<string, string> = {}): () => World {
  let world: World | undefined;
  beforeAll(async () => {
    const double = await startMarketDataDouble(provider);
    const t = await startTestApp({
      ALLOW_SIGNUP: 'true',
      MARKET_DATA_PROVIDER: provider,
      MARKET_DATA_BASE_URL: double.url,
      MARKET_DATA_API_KEY: 'secret-test-key-123',
      MARKET_DATA_TIMEOUT: '1',
      MARKET_DATA_REQUESTS_PER_MINUTE: '60000',
      ...env,
    });
    const { owner } = await setupOwner(t.app);
    world = { t, double, owner, portfolioId: await newPortfolio(owner, 'Main') };
  });
  afterAll(async () => {
    await world?.t.close();
    await world?.double.close();
  });
  beforeEach(() => world?.double.reset());
  return () => {
    if (world === undefined) throw new Error('world not started');
    return world;
  };
}

/** A stock the household holds (a buy), so that refreshes fetch it. */
async function heldStock(w: World, symbol: string, fields: Record<string, unknown> = {}, who = w.owner) {
  const res = await who.post('/api/v1/stocks', { symbol, ...fields });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const portfolio = who === w.owner ? w.portfolioId : await newPortfolio(who, `P ${symbol}`);
  await newBuy(who, portfolio, res.body.id);
  return res.body.id as string;
}

/** Starts a refresh and waits for it to finish; returns the caller's status. */
async function refresh(who: Client): Promise<Json> {
  const started = await who.post('/api/v1/market-data/refresh');
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  return waitForRun(who, started.body.run_id);
}

async function waitForRun(who: Client, runId: string, timeoutMs = 20_000): Promise<Json> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await who.get('/api/v1/market-data/status');
    expect(status.status).toBe(200);
    if (status.body.last_run?.id === runId && status.body.last_run.finished_at !== null) return status.body;
    if (Date.now() > deadline) throw new Error(`run ${runId} did not finish: ${JSON.stringify(status.body)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function pricesOf(who: Client, stockId: string): Promise<Array<{ date: string; close: string; source: string }>> {
  const res = await who.get(`/api/v1/stocks/${stockId}/prices?size=100&sort=date:asc`);
  expect(res.status).toBe(200);
  return res.body.items;
}

const errorFor = (status: Json, symbol: string) =>
  (status.last_run.errors as Array<{ symbol: string; message: string }>).find((e) => e.symbol === symbol);

/** Another replica on the same database: its context is what `serve` gives the scheduled refresh. */
async function secondReplica(t: TestApp) {
  const logger = createLogger('silent');
  const cache = await createCache(t.config, logger);
  const { app, ctx } = await buildService(t.config, logger, t.database, cache);
  return {
    ctx,
    async close() {
      await app.close();
      await cache.close();
    },
  };
}

/** When the runs started and finished, read from the database (a household's status shows only its latest run). */
async function runTimes(t: TestApp, ids: string[]) {
  const rows = await t.database.db
    .selectFrom('market_data_runs')
    .select(['id', 'started_at', 'finished_at'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { startedAt: r.started_at, finishedAt: r.finished_at }]));
}

async function healthOf(t: TestApp, until: (check: Json) => boolean): Promise<Json> {
  // /health caches the check for a few seconds.
  const deadline = Date.now() + 5000;
  for (;;) {
    const res = await client(t.app).get('/health');
    expect(res.status).toBe(200);
    if (until(res.body.checks.market_data) || Date.now() > deadline) return res.body;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('Yahoo Finance', () => {
  const world = useWorld('yahoo');

  it('fetches five years of closes at first, stores them as provider prices, skips null closes, keeps manual prices', async () => {
    const w = world();
    const days = recentWeekdays(6);
    w.double.setSeries('AAPL', [
      { date: days[0] as string, close: 180.5 },
      { date: days[1] as string, close: 181.25 },
      { date: days[2] as string, close: null },
      { date: days[3] as string, close: 183.63999938964844 },
      { date: days[4] as string, close: 184 },
      { date: days[5] as string, close: 185.1 },
    ]);
    const id = await heldStock(w, 'AAPL');
    expect(
      (await w.owner.post(`/api/v1/stocks/${id}/prices`, { prices: [{ date: days[4], close: '99' }] })).status,
    ).toBe(201);

    const status = await refresh(w.owner);
    expect(status.provider).toBe('yahoo');
    expect(status.last_run).toMatchObject({ stocks: 1, prices_stored: 4, errors: [] });

    const [request] = w.double.requestsFor('AAPL');
    expect(request?.query.interval).toBe('1d');
    const fiveYearsAgo = new Date();
    fiveYearsAgo.setUTCFullYear(fiveYearsAgo.getUTCFullYear() - 5);
    const period1Day = new Date(Number(request?.query.period1) * 1000).toISOString().slice(0, 10);
    // A day early, for exchanges east of UTC.
    expect(period1Day).toBe(
      new Date(Date.parse(`${fiveYearsAgo.toISOString().slice(0, 10)}T00:00:00Z`) - 86_400_000)
        .toISOString()
        .slice(0, 10),
    );
    expect(Number(request?.query.period2)).toBeGreaterThan(Date.now() / 1000 - 60);

    expect(await pricesOf(w.owner, id)).toEqual([
      { date: days[0], close: '180.5', source: 'provider' },
      { date: days[1], close: '181.25', source: 'provider' },
      { date: days[3], close: '183.639999', source: 'provider' },
      { date: days[4], close: '99', source: 'manual' },
      { date: days[5], close: '185.1', source: 'provider' },
    ]);
    const stock = await w.owner.get(`/api/v1/stocks/${id}`);
    expect(stock.body).toMatchObject({ current_price: '185.1', price_date: days[5] });
    const health = await healthOf(w.t, (c) => c.status === 'ok' && c.last_run_at !== null);
    expect(health.checks.market_data).toMatchObject({ status: 'ok', message: '1 of 1 stocks refreshed' });
  });

  it('asks next time only for the days after the latest provider close; manual prices do not move the start', async () => {
    const w = world();
    const all = recentWeekdays(8);
    const first = all.slice(0, 5);
    const later = all[7] as string;
    w.double.setSeries(
      'MSFT',
      first.map((date, i) => ({ date, close: 400 + i })),
    );
    const id = await heldStock(w, 'MSFT');
    await refresh(w.owner);
    expect(await pricesOf(w.owner, id)).toHaveLength(5);
    // A later close entered by hand does not count as fetched.
    expect((await w.owner.post(`/api/v1/stocks/${id}/prices`, { prices: [{ date: later, close: '1' }] })).status).toBe(
      201,
    );

    w.double.setSeries(
      'MSFT',
      all.map((date, i) => ({ date, close: 400 + i })),
    );
    w.double.reset();
    const status = await refresh(w.owner);
    const requests = w.double.requestsFor('MSFT');
    expect(requests).toHaveLength(1);
    // The day after the latest provider close, less the one day of slack: the latest provider close's day.
    expect(new Date(Number(requests[0]?.query.period1) * 1000).toISOString().slice(0, 10)).toBe(first[4]);
    const stored = await pricesOf(w.owner, id);
    expect(stored.filter((p) => p.source === 'provider').map((p) => p.date)).toEqual(all.slice(0, 7));
    expect(stored.find((p) => p.date === later)).toEqual({ date: later, close: '1', source: 'manual' });
    expect(status.last_run).toMatchObject({ prices_stored: 2, errors: [] });
  });

  it('dates a Tokyo close stamped 00:00 JST on its JST day, and derives BRK-B from BRK.B', async () => {
    const w = world();
    const days = recentWeekdays(3);
    w.double.setSeries(
      '7203.T',
      days.map((date, i) => ({ date, close: 2500 + i })),
      TOKYO,
    );
    w.double.setSeries('BRK-B', [{ date: days[2] as string, close: 412.5 }]);
    const toyota = await heldStock(w, '7203.T');
    const berkshire = await heldStock(w, 'BRK.B');
    // Another stock with the same code at the provider: the code is fetched once per run.
    const sameCode = await heldStock(w, 'BRK-B');
    await refresh(w.owner);
    expect((await pricesOf(w.owner, toyota)).map((p) => p.date)).toEqual(days);
    expect(await pricesOf(w.owner, berkshire)).toEqual([{ date: days[2], close: '412.5', source: 'provider' }]);
    expect(await pricesOf(w.owner, sameCode)).toEqual([{ date: days[2], close: '412.5', source: 'provider' }]);
    expect(w.double.requestsFor('BRK-B')).toHaveLength(1);
    expect(w.double.requestsFor('BRK.B')).toHaveLength(0);
  });

  it('uses the stock’s provider_symbol when it has one', async () => {
    const w = world();
    const day = recentWeekdays(1)[0] as string;
    w.double.setSeries('SHEL.L', [{ date: day, close: '27.15' }]);
    const id = await heldStock(w, 'SHEL', { provider_symbol: 'SHEL.L' });
    const status = await refresh(w.owner);
    expect(errorFor(status, 'SHEL')).toBeUndefined();
    expect(await pricesOf(w.owner, id)).toEqual([{ date: day, close: '27.15', source: 'provider' }]);
  });

  it('evaluates active targets against the fetched closes in the same refresh (hit and failed)', async () => {
    const w = world();
    const days = recentWeekdays(3);
    w.double.setSeries('UPCO', [
      { date: days[0] as string, close: 100 },
      { date: days[1] as string, close: 121 },
      { date: days[2] as string, close: 90 },
    ]);
    w.double.setSeries('DOWNCO', [
      { date: days[0] as string, close: 50 },
      { date: days[1] as string, close: 39.5 },
    ]);
    const up = await heldStock(w, 'UPCO');
    // Watched only: an active target, no trades.
    const down = await newStock(w.owner, 'DOWNCO');
    const hit = await w.owner.post('/api/v1/targets', {
      portfolio_id: w.portfolioId,
      stock_id: up,
      pivot_price: '120',
      failure_price: '80',
    });
    const failed = await w.owner.post('/api/v1/targets', {
      portfolio_id: w.portfolioId,
      stock_id: down,
      pivot_price: '60',
      failure_price: '40',
    });
    expect([hit.status, failed.status]).toEqual([201, 201]);
    await refresh(w.owner);
    expect((await w.owner.get(`/api/v1/targets/${hit.body.id}`)).body).toMatchObject({ status: 'hit' });
    expect((await w.owner.get(`/api/v1/targets/${failed.body.id}`)).body).toMatchObject({ status: 'failed' });
    expect(await pricesOf(w.owner, down)).toHaveLength(2);
  });

  it('fails only the stock that faults (unknown symbol, HTML, 500, timeout, garbage, truncated) and goes on', async () => {
    const w = world();
    const day = recentWeekdays(1)[0] as string;
    w.double.setSeries('GOOD', [{ date: day, close: 10 }]);
    const faults = {
      NOSUCH: null,
      HTMLCO: { kind: 'html' },
      FIVEOO: { kind: 'server_error' },
      HANGCO: { kind: 'hang' },
      JUNKCO: { kind: 'garbage' },
      CUTCO: { kind: 'truncated' },
    } as const;
    for (const [symbol, fault] of Object.entries(faults)) {
      if (fault === null) continue;
      w.double.setSeries(symbol, [{ date: day, close: 10 }]);
      w.double.fault(symbol, fault);
    }
    const ids: Record<string, string> = {};
    for (const symbol of ['GOOD', ...Object.keys(faults)]) ids[symbol] = await heldStock(w, symbol);

    const status = await refresh(w.owner);
    expect(errorFor(status, 'GOOD')).toBeUndefined();
    expect(await pricesOf(w.owner, ids.GOOD as string)).toHaveLength(1);
    expect(errorFor(status, 'NOSUCH')?.message).toMatch(/does not know NOSUCH.*No data found/);
    expect(errorFor(status, 'HTMLCO')?.message).toMatch(/HTML page/);
    expect(errorFor(status, 'FIVEOO')?.message).toMatch(/HTTP 500/);
    expect(errorFor(status, 'HANGCO')?.message).toMatch(/did not answer within 1 s/);
    expect(errorFor(status, 'JUNKCO')?.message).toMatch(/not valid JSON/);
    expect(errorFor(status, 'CUTCO')?.message).toMatch(/not valid JSON/);
    for (const symbol of Object.keys(faults)) expect(await pricesOf(w.owner, ids[symbol] as string)).toEqual([]);

    const health = await healthOf(w.t, (c) => c.status === 'degraded');
    expect(health.status).toBe('ok');
    expect(health.checks.market_data.status).toBe('degraded');
    expect(health.checks.market_data.message).toMatch(/^6 of \d+ stocks failed: .*CUTCO.*NOSUCH/);
    expect(Date.parse(health.checks.market_data.last_run_at)).toBeGreaterThan(Date.now() - 60_000);

    // The next clean run makes it ok again.
    const fixed = await refresh(w.owner);
    expect(fixed.last_run.errors.map((e: { symbol: string }) => e.symbol)).toEqual(['NOSUCH']);
  });

  it("honours a 429's Retry-After, and fails the stock when the wait asked for is beyond the bound", async () => {
    const w = world();
    const day = recentWeekdays(1)[0] as string;
    w.double.setSeries('WAITCO', [{ date: day, close: 5 }]);
    w.double.setSeries('NEVERCO', [{ date: day, close: 5 }]);
    w.double.fault('WAITCO', { kind: 'http_429', retryAfter: '1' });
    w.double.fault('NEVERCO', { kind: 'http_429', retryAfter: '3600' });
    const waitco = await heldStock(w, 'WAITCO');
    const neverco = await heldStock(w, 'NEVERCO');
    const status = await refresh(w.owner);

    const [first, second] = w.double.requestsFor('WAITCO');
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(await pricesOf(w.owner, waitco)).toHaveLength(1);
    expect(errorFor(status, 'WAITCO')).toBeUndefined();
    expect(w.double.requestsFor('NEVERCO')).toHaveLength(1);
    expect(errorFor(status, 'NEVERCO')?.message).toMatch(/asks to wait 3600 s/);
    expect(await pricesOf(w.owner, neverco)).toEqual([]);
  });

  it('answers 409 to a second refresh while one runs; viewers may read the status but not refresh', async () => {
    const w = world();
    w.double.setSeries('SLOWCO', [{ date: recentWeekdays(1)[0] as string, close: 1 }]);
    w.double.fault('SLOWCO', { kind: 'slow', ms: 700 });
    await heldStock(w, 'SLOWCO');
    const viewer = (await addUser(w.t.app, w.owner, 'viewer@example.com', 'viewer')).owner;
    const member = (await addUser(w.t.app, w.owner, 'member@example.com', 'member')).owner;

    expectEnvelope(await viewer.post('/api/v1/market-data/refresh'), 403, 'FORBIDDEN');
    const first = await member.post('/api/v1/market-data/refresh');
    expect(first.status).toBe(202);
    expect(first.body.run_id).toMatch(/^[0-9a-f-]{36}$/);
    const second = await w.owner.post('/api/v1/market-data/refresh');
    expectEnvelope(second, 409, 'CONFLICT');
    expect(second.body.error.message).toMatch(/already running/);
    const running = await viewer.get('/api/v1/market-data/status');
    expect(running.body.last_run).toMatchObject({ id: first.body.run_id, finished_at: null });
    await waitForRun(viewer, first.body.run_id);
    expectEnvelope(await client(w.t.app).get('/api/v1/market-data/status'), 401, 'AUTHENTICATION_REQUIRED');
  });

  it('shows each household only its own stocks of a run, by their own symbols', async () => {
    const w = world();
    const day = recentWeekdays(1)[0] as string;
    w.double.setSeries('OURS', [{ date: day, close: 3 }]);
    w.double.setSeries('BRK-A', [{ date: day, close: 700000 }]);
    await heldStock(w, 'OURS');
    const other = (await otherHousehold(w.t.app, 'other@example.com')).owner;
    const before = await other.get('/api/v1/market-data/status');
    expect(before.body.last_run).toBeNull();
    await heldStock(w, 'BRK.A', {}, other);
    await heldStock(w, 'THEIRS', {}, other);

    const theirs = await refresh(other);
    expect(theirs.last_run).toMatchObject({ stocks: 2, prices_stored: 1 });
    expect(theirs.last_run.errors).toEqual([
      { symbol: 'THEIRS', message: expect.stringMatching(/does not know THEIRS/) },
    ]);
    expect(JSON.stringify(theirs)).not.toMatch(/OURS|BRK-A/);

    const ours = await w.owner.get('/api/v1/market-data/status');
    expect(ours.body.last_run?.id).not.toBe(theirs.last_run.id);
    expect(JSON.stringify(ours.body)).not.toMatch(/THEIRS|BRK/);
  });

  it("runs one household's refresh beside another's, and answers 409 only to a household's own second one", async () => {
    const w = world();
    const day = recentWeekdays(1)[0] as string;
    for (const symbol of ['AHOLD', 'BHOLD']) {
      w.double.setSeries(symbol, [{ date: day, close: 4 }]);
      w.double.fault(symbol, { kind: 'slow', ms: 700 });
    }
    const ours = await heldStock(w, 'AHOLD');
    const other = (await otherHousehold(w.t.app, 'beside@example.com')).owner;
    const theirs = await heldStock(w, 'BHOLD', {}, other);

    const first = await w.owner.post('/api/v1/market-data/refresh');
    expect(first.status).toBe(202);
    const second = await other.post('/api/v1/market-data/refresh');
    expect(second.status, JSON.stringify(second.body)).toBe(202);
    expectEnvelope(await other.post('/api/v1/market-data/refresh'), 409, 'CONFLICT');
    expectEnvelope(await w.owner.post('/api/v1/market-data/refresh'), 409, 'CONFLICT');
    // The other household's run started while ours was going.
    expect((await w.owner.get('/api/v1/market-data/status')).body.last_run).toMatchObject({
      id: first.body.run_id,
      finished_at: null,
    });

    const [a, b] = await Promise.all([waitForRun(w.owner, first.body.run_id), waitForRun(other, second.body.run_id)]);
    expect(errorFor(a, 'AHOLD')).toBeUndefined();
    expect(b.last_run).toMatchObject({ stocks: 1, prices_stored: 1, errors: [] });
    expect(await pricesOf(w.owner, ours)).toHaveLength(1);
    expect(await pricesOf(other, theirs)).toHaveLength(1);
  });

  it('runs a scheduled slot while a manual refresh goes, and refuses manual refreshes while the slot runs', async () => {
    const w = world();
    const day = recentWeekdays(1)[0] as string;
    w.double.setSeries('SCHEDCO', [{ date: day, close: 8 }]);
    // Slow for the manual run's fetch and for the scheduled run's.
    w.double.fault('SCHEDCO', { kind: 'slow', ms: 700 }, { kind: 'slow', ms: 700 });
    const id = await heldStock(w, 'SCHEDCO');
    const other = (await otherHousehold(w.t.app, 'scheduled@example.com')).owner;
    const replica = await secondReplica(w.t);
    try {
      const manual = await w.owner.post('/api/v1/market-data/refresh');
      expect(manual.status).toBe(202);
      const scheduled = runScheduledRefresh(replica.ctx, new Date(Date.UTC(2026, 0, 5, 22, 30)));

      // The scheduled run covers every household: the other one sees it going and may not start its own.
      const deadline = Date.now() + 5000;
      let going = (await other.get('/api/v1/market-data/status')).body.last_run;
      while (going?.finished_at !== null && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        going = (await other.get('/api/v1/market-data/status')).body.last_run;
      }
      expect(going, 'the scheduled run never started').toMatchObject({ finished_at: null });
      const refused = await other.post('/api/v1/market-data/refresh');
      expectEnvelope(refused, 409, 'CONFLICT');
      expect(JSON.stringify(refused.body)).not.toMatch(/schedul/i);

      const summary = await scheduled;
      expect(summary?.runId).toBe(going.id);
      expect(summary?.stocks).toBeGreaterThan(1);
      const times = await runTimes(w.t, [manual.body.run_id, going.id]);
      const manualFinished = times.get(manual.body.run_id)?.finishedAt ?? new Date();
      // It did not wait for the manual run: it started before that one finished.
      expect(times.get(going.id)?.startedAt.getTime() ?? Number.POSITIVE_INFINITY).toBeLessThan(
        manualFinished.getTime(),
      );
      expect(w.double.requestsFor('SCHEDCO')).toHaveLength(2);
      expect(await pricesOf(w.owner, id)).toEqual([{ date: day, close: '8', source: 'provider' }]);

      const until = Date.now() + 10_000;
      while ((await runTimes(w.t, [manual.body.run_id])).get(manual.body.run_id)?.finishedAt === null) {
        if (Date.now() > until) throw new Error('the manual run did not finish');
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await replica.close();
    }
  });

  it('reports the provider and the next run of the schedule (UTC)', async () => {
    const w = world();
    const status = await w.owner.get('/api/v1/market-data/status');
    expect(status.body).toMatchObject({ provider: 'yahoo', schedule: '30 22 * * 1-5' });
    const next = new Date(status.body.next_run_at);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect([next.getUTCHours(), next.getUTCMinutes()]).toEqual([22, 30]);
    expect([1, 2, 3, 4, 5]).toContain(next.getUTCDay());
  });
});

describe('Twelve Data', () => {
  const world = useWorld('twelvedata');

  it('reads newest-first values, waits out its HTTP-200 code 429, fails unknown symbols, and never shows the key', async () => {
    const w = world();
    const days = recentWeekdays(3);
    w.double.setSeries(
      'AAPL',
      days.map((date, i) => ({ date, close: `19${i}.12340` })),
    );
    w.double.setSeries('BUSY', [{ date: days[2] as string, close: 7 }]);
    w.double.fault('BUSY', { kind: 'rate_limited' });
    const aapl = await heldStock(w, 'AAPL');
    const busy = await heldStock(w, 'BUSY');
    await heldStock(w, 'NOPE');

    const status = await refresh(w.owner);
    expect(await pricesOf(w.owner, aapl)).toEqual(
      days.map((date, i) => ({ date, close: `19${i}.1234`, source: 'provider' })),
    );
    const [request] = w.double.requestsFor('AAPL');
    expect(request?.query).toMatchObject({ interval: '1day', outputsize: '5000', apikey: 'secret-test-key-123' });
    expect(w.double.requestsFor('BUSY')).toHaveLength(2);
    expect(await pricesOf(w.owner, busy)).toHaveLength(1);
    expect(status.last_run.errors).toEqual([{ symbol: 'NOPE', message: expect.stringMatching(/not found: NOPE/) }]);
    expect(JSON.stringify(status)).not.toContain('secret-test-key-123');
    const health = await healthOf(w.t, (c) => c.status === 'degraded');
    expect(JSON.stringify(health)).not.toContain('secret-test-key-123');

    // Next time: from the day after the latest close; "no data on the specified dates" is no error.
    w.double.reset();
    const again = await refresh(w.owner);
    const next = new Date(Date.parse(`${days[2]}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect(w.double.requestsFor('AAPL')[0]?.query.start_date).toBe(next);
    expect(again.last_run).toMatchObject({ stocks: 3, prices_stored: 0 });
    expect(again.last_run.errors.map((e: { symbol: string }) => e.symbol)).toEqual(['NOPE']);
  });

  it('fails a stock on a 500 or an HTML page and goes on', async () => {
    const w = world();
    const day = recentWeekdays(1)[0] as string;
    for (const symbol of ['TDHTML', 'TD500', 'TDOK']) w.double.setSeries(symbol, [{ date: day, close: 2 }]);
    w.double.fault('TDHTML', { kind: 'html' });
    w.double.fault('TD500', { kind: 'server_error' });
    for (const symbol of ['TDHTML', 'TD500', 'TDOK']) await heldStock(w, symbol);
    const status = await refresh(w.owner);
    expect(errorFor(status, 'TDHTML')?.message).toMatch(/HTML page/);
    expect(errorFor(status, 'TD500')?.message).toMatch(/HTTP 500/);
    expect(errorFor(status, 'TDOK')).toBeUndefined();
  });
});

describe('Twelve Data out of daily credits', () => {
  const world = useWorld('twelvedata');

  it('ends the run on its "for the day" 429 instead of retrying', async () => {
    const w = world();
    const day = recentWeekdays(1)[0] as string;
    w.double.setSeries('FIRST', [{ date: day, close: 1 }]);
    w.double.setSeries('LAST', [{ date: day, close: 1 }]);
    w.double.fault('FIRST', { kind: 'daily_limit' });
    await heldStock(w, 'FIRST');
    await heldStock(w, 'LAST');
    const status = await refresh(w.owner);
    expect(w.double.requestsFor('FIRST')).toHaveLength(1);
    expect(w.double.requestsFor('LAST')).toHaveLength(0);
    expect(status.last_run.errors).toEqual([
      { symbol: 'FIRST', message: expect.stringMatching(/^Not fetched: Twelve Data: .*for the day/) },
      { symbol: 'LAST', message: expect.stringMatching(/^Not fetched: Twelve Data: .*for the day/) },
    ]);
  });
});

describe('Alpha Vantage', () => {
  const world = useWorld('alphavantage');

  it('reads Time Series (Daily), retries after a Note, fails an Error Message, and ends the run on Information', async () => {
    const w = world();
    const days = recentWeekdays(3);
    // Stocks are fetched in symbol order: AAA, BBB, CCC, DDD, EEE.
    w.double.setSeries(
      'AAA',
      days.map((date, i) => ({ date, close: 10 + i })),
    );
    w.double.setSeries('BBB', [{ date: days[0] as string, close: 20 }]);
    w.double.fault('BBB', { kind: 'rate_limited' });
    w.double.setSeries('DDD', [{ date: days[0] as string, close: 40 }]);
    w.double.fault('DDD', { kind: 'daily_limit' });
    w.double.setSeries('EEE', [{ date: days[0] as string, close: 50 }]);
    const ids: Record<string, string> = {};
    for (const symbol of ['AAA', 'BBB', 'CCC', 'DDD', 'EEE']) ids[symbol] = await heldStock(w, symbol);

    const status = await refresh(w.owner);
    expect(await pricesOf(w.owner, ids.AAA as string)).toEqual(
      days.map((date, i) => ({ date, close: String(10 + i), source: 'provider' })),
    );
    // A first fetch asks for the full history; the API key goes along.
    expect(w.double.requestsFor('AAA')[0]?.query).toMatchObject({
      function: 'TIME_SERIES_DAILY',
      outputsize: 'full',
      apikey: 'secret-test-key-123',
    });
    expect(w.double.requestsFor('BBB')).toHaveLength(2);
    expect(await pricesOf(w.owner, ids.BBB as string)).toHaveLength(1);
    expect(errorFor(status, 'CCC')?.message).toMatch(/does not know CCC: Invalid API call/);
    expect(errorFor(status, 'DDD')?.message).toMatch(/25 requests per day/);
    // The daily limit ends the run: EEE is never asked for.
    expect(w.double.requestsFor('EEE')).toHaveLength(0);
    expect(errorFor(status, 'EEE')?.message).toMatch(/^Not fetched: .*25 requests per day/);
    expect(await pricesOf(w.owner, ids.EEE as string)).toEqual([]);
    expect(status.last_run).toMatchObject({ stocks: 5, prices_stored: 4 });

    // Later runs ask only for the recent days (compact).
    w.double.reset();
    await refresh(w.owner);
    expect(w.double.requestsFor('AAA')[0]?.query.outputsize).toBe('compact');
  });
});

// ---------------------------------------------------------------- exchange rates (product.md section 14)

interface CurrencyHousehold {
  owner: Client;
  householdId: string;
  stockIds: string[];
}

/**
 * A household of its own in `baseCurrency` with one portfolio in `portfolioCurrency` that bought each stock (in
 * its own currency) on `tradeDate`; each stock's symbol is served one close so that the stocks themselves refresh.
 */
async function currencyHousehold(
  w: World,
  email: string,
  currencies: { base: string; portfolio: string; stocks: Record<string, string>; tradeDate?: string },
): Promise<CurrencyHousehold> {
  const { owner, householdId } = await otherHousehold(w.t.app, email);
  const base = await owner.patch('/api/v1/household', { base_currency: currencies.base });
  expect(base.status, JSON.stringify(base.body)).toBe(200);
  const portfolio = await owner.post('/api/v1/portfolios', { name: 'Abroad', currency: currencies.portfolio });
  expect(portfolio.status, JSON.stringify(portfolio.body)).toBe(201);
  const stockIds: string[] = [];
  for (const [symbol, currency] of Object.entries(currencies.stocks)) {
    w.double.setSeries(symbol, [{ date: recentWeekdays(1)[0] as string, close: 10 }]);
    const stock = await owner.post('/api/v1/stocks', { symbol, currency });
    expect(stock.status, JSON.stringify(stock.body)).toBe(201);
    await newBuy(owner, portfolio.body.id, stock.body.id, currencies.tradeDate);
    stockIds.push(stock.body.id);
  }
  return { owner, householdId, stockIds };
}

/** The household's rates of one pair through GET /fx-rates, oldest first. */
async function ratesOf(who: Client, pair: string): Promise<Array<{ date: string; rate: string; source: string }>> {
  const [base, quote] = pair.split('/');
  const res = await who.get(`/api/v1/fx-rates?base=${base}&quote=${quote}&size=100&sort=date:asc`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items.map((r: Json) => {
    expect([r.base, r.quote]).toEqual([base, quote]);
    return { date: r.date, rate: r.rate, source: r.source };
  });
}

const fxPairs = (double: MarketDataDouble) => double.fxRequests().map((r) => r.symbol);

/** One rate a day: `rates[i]` on `days[i]`. */
const daily = (days: readonly string[], rates: ReadonlyArray<number | string>) =>
  rates.map((close, i) => ({ date: days[i] as string, close }));

/** A day's rate as GET /fx-rates lists a fetched one. */
const fetched = (r: { date: string; close: number | string }) => ({
  date: r.date,
  rate: String(r.close),
  source: 'provider',
});

describe('exchange rates from Yahoo Finance', () => {
  const world = useWorld('yahoo');

  it('fetches USD/EUR, USD/GBP and EUR/GBP for a USD stock in a EUR portfolio of a GBP household, as provider rates', async () => {
    const w = world();
    const days = recentWeekdays(3);
    w.double.setRates('USD/EUR', daily(days, [0.92, 0.921, 0.9215]));
    w.double.setRates('USD/GBP', daily(days, [0.79, 0.7905, 0.791]));
    w.double.setRates('EUR/GBP', daily(days, ['0.8580', 0.8585, 0.859]));
    const h = await currencyHousehold(w, 'three-pairs@example.com', {
      base: 'GBP',
      portfolio: 'EUR',
      stocks: { FXAPPL: 'USD' },
    });

    const status = await refresh(h.owner);
    expect(status.last_run).toMatchObject({ stocks: 1, prices_stored: 1, rates_stored: 9, errors: [] });
    // Each pair once, in the orientation needed, by Yahoo's currency symbols.
    expect(fxPairs(w.double).sort()).toEqual(['EUR/GBP', 'USD/EUR', 'USD/GBP']);
    expect(
      w.double
        .fxRequests()
        .map((r) => decodeURIComponent(r.path))
        .sort(),
    ).toEqual(['/v8/finance/chart/EURGBP=X', '/v8/finance/chart/USDEUR=X', '/v8/finance/chart/USDGBP=X']);
    // No provider rate yet and a trade of 2024: five years back (less Yahoo's day of slack), like a stock.
    const fiveYearsAgo = new Date();
    fiveYearsAgo.setUTCFullYear(fiveYearsAgo.getUTCFullYear() - 5);
    const period1 = Number(w.double.fxRequests()[0]?.query.period1) * 1000;
    expect(new Date(period1 + 86_400_000).toISOString().slice(0, 10)).toBe(fiveYearsAgo.toISOString().slice(0, 10));

    expect(await ratesOf(h.owner, 'USD/EUR')).toEqual(daily(days, ['0.92', '0.921', '0.9215']).map(fetched));
    expect(await ratesOf(h.owner, 'USD/GBP')).toEqual(daily(days, ['0.79', '0.7905', '0.791']).map(fetched));
    expect(await ratesOf(h.owner, 'EUR/GBP')).toEqual(daily(days, ['0.858', '0.8585', '0.859']).map(fetched));
    // Neither inverse was fetched.
    expect(await ratesOf(h.owner, 'EUR/USD')).toEqual([]);
    // Another household's status shows none of it.
    expect(JSON.stringify((await w.owner.get('/api/v1/market-data/status')).body)).not.toMatch(/GBP|EUR/);
    const health = await healthOf(w.t, (c) => c.status === 'ok' && /exchange rates/.test(c.message));
    expect(health.checks.market_data.message).toBe('1 of 1 stocks and 3 of 3 exchange rates refreshed');
  });

  it('never replaces a rate entered by hand', async () => {
    const w = world();
    const days = recentWeekdays(3);
    w.double.setRates('JPY/CHF', daily(days, [0.0058, 0.00581, 0.00582]));
    const h = await currencyHousehold(w, 'manual-rate@example.com', {
      base: 'CHF',
      portfolio: 'JPY',
      stocks: { FXTOYO: 'JPY' },
    });
    const manual = await h.owner.post('/api/v1/fx-rates', {
      rates: [{ base: 'JPY', quote: 'CHF', date: days[1], rate: '0.005' }],
    });
    expect(manual.status, JSON.stringify(manual.body)).toBe(201);

    const status = await refresh(h.owner);
    expect(status.last_run).toMatchObject({ rates_stored: 2, errors: [] });
    expect(fxPairs(w.double)).toEqual(['JPY/CHF']);
    expect(await ratesOf(h.owner, 'JPY/CHF')).toEqual([
      { date: days[0], rate: '0.0058', source: 'provider' },
      { date: days[1], rate: '0.005', source: 'manual' },
      { date: days[2], rate: '0.00582', source: 'provider' },
    ]);
  });

  it('fails only the pair that faults (a 500, a rate of 0), lists it among the errors and stores the rest', async () => {
    const w = world();
    const days = recentWeekdays(2);
    w.double.setRates('DKK/NOK', daily(days, [1.55, 1.56]));
    w.double.setRates('DKK/SEK', daily(days, [1.5, 1.51]));
    w.double.fault('DKK/SEK', { kind: 'server_error' });
    w.double.setRates('NOK/SEK', daily(days, [0.97, 0]));
    const h = await currencyHousehold(w, 'failing-pair@example.com', {
      base: 'SEK',
      portfolio: 'NOK',
      stocks: { FXNOVO: 'DKK' },
    });
    const before = await dataVersion(w.t, h.householdId);

    const status = await refresh(h.owner);
    expect(status.last_run).toMatchObject({ stocks: 1, prices_stored: 1, rates_stored: 2 });
    expect(status.last_run.errors).toEqual([
      { symbol: 'DKK/SEK', message: expect.stringMatching(/Yahoo Finance answered HTTP 500/) },
      { symbol: 'NOK/SEK', message: expect.stringMatching(/cannot read: a close is not an exchange rate/) },
    ]);
    expect(await ratesOf(h.owner, 'DKK/NOK')).toEqual(daily(days, ['1.55', '1.56']).map(fetched));
    // A malformed answer stores none of its rates, not even the valid ones.
    expect(await ratesOf(h.owner, 'NOK/SEK')).toEqual([]);
    expect(await ratesOf(h.owner, 'DKK/SEK')).toEqual([]);
    expect(await dataVersion(w.t, h.householdId)).toBeGreaterThan(before);

    const health = await healthOf(w.t, (c) => c.status === 'degraded');
    expect(health.status).toBe('ok');
    expect(health.checks.market_data.message).toBe('2 of 3 exchange rates failed: DKK/SEK, NOK/SEK');
  });

  it('fetches no rate for a household in one currency, pence in a pound portfolio included', async () => {
    const w = world();
    const pounds = await currencyHousehold(w, 'pounds@example.com', {
      base: 'GBP',
      portfolio: 'GBP',
      stocks: { 'FXVOD.L': 'GBp', FXBARC: 'GBP' },
    });
    const status = await refresh(pounds.owner);
    expect(status.last_run).toMatchObject({ stocks: 2, prices_stored: 2, rates_stored: 0, errors: [] });
    expect(w.double.fxRequests()).toEqual([]);
    // The household of the world: dollars only.
    await heldStock(w, 'FXUSD');
    w.double.setSeries('FXUSD', [{ date: recentWeekdays(1)[0] as string, close: 3 }]);
    expect((await refresh(w.owner)).last_run).toMatchObject({ rates_stored: 0, errors: [] });
    expect(w.double.fxRequests()).toEqual([]);
  });

  it('asks next time only for the days after the latest provider rate, and bumps the data version only for new rates', async () => {
    const w = world();
    const all = recentWeekdays(6);
    const first = all.slice(0, 4);
    w.double.setRates('CAD/AUD', daily(first, [1.1, 1.11, 1.12, 1.13]));
    const h = await currencyHousehold(w, 'second-run@example.com', {
      base: 'AUD',
      portfolio: 'CAD',
      stocks: { FXSHOP: 'CAD' },
    });
    expect((await refresh(h.owner)).last_run).toMatchObject({ rates_stored: 4, errors: [] });
    // A later rate entered by hand does not move the start.
    const later = all[5] as string;
    const manual = await h.owner.post('/api/v1/fx-rates', {
      rates: [{ base: 'CAD', quote: 'AUD', date: later, rate: '2' }],
    });
    expect(manual.status).toBe(201);

    w.double.setRates('CAD/AUD', daily(all, [1.1, 1.11, 1.12, 1.13, 1.14, 1.15]));
    w.double.reset();
    const before = await dataVersion(w.t, h.householdId);
    const second = await refresh(h.owner);
    const [request] = w.double.fxRequests();
    expect(w.double.fxRequests()).toHaveLength(1);
    // The day after the latest provider rate, less Yahoo's day of slack: the latest provider rate's day.
    expect(new Date(Number(request?.query.period1) * 1000).toISOString().slice(0, 10)).toBe(first[3]);
    // The stock has no new close: the one new rate alone moves the data version.
    expect(second.last_run).toMatchObject({ prices_stored: 0, rates_stored: 1, errors: [] });
    expect(await dataVersion(w.t, h.householdId)).toBeGreaterThan(before);
    expect(await ratesOf(h.owner, 'CAD/AUD')).toEqual([
      ...daily(all.slice(0, 5), ['1.1', '1.11', '1.12', '1.13', '1.14']).map(fetched),
      { date: later, rate: '2', source: 'manual' },
    ]);

    // Nothing new: nothing stored, the data version stays.
    const unchanged = await dataVersion(w.t, h.householdId);
    expect((await refresh(h.owner)).last_run).toMatchObject({ prices_stored: 0, rates_stored: 0, errors: [] });
    expect(await dataVersion(w.t, h.householdId)).toBe(unchanged);
  });

  it('fetches a pair once in a scheduled run however many households need it, each from its own start', async () => {
    const w = world();
    const days = recentWeekdays(3);
    w.double.setRates('NZD/USD', daily(days, [0.6, 0.61, 0.62]));
    // An old trade: the first fetch reaches back to it.
    const a = await currencyHousehold(w, 'kiwi-a@example.com', {
      base: 'USD',
      portfolio: 'NZD',
      stocks: { FXFPH: 'NZD' },
      tradeDate: '2015-03-02',
    });
    const b = await currencyHousehold(w, 'kiwi-b@example.com', {
      base: 'USD',
      portfolio: 'USD',
      stocks: { FXAIR: 'NZD' },
    });
    // b has every rate already.
    await refresh(b.owner);
    const replica = await secondReplica(w.t);
    try {
      w.double.reset();
      const summary = await runScheduledRefresh(replica.ctx, new Date(Date.UTC(2026, 0, 6, 22, 30)));
      expect(summary?.rates).toBeGreaterThanOrEqual(2);
    } finally {
      await replica.close();
    }
    const requests = w.double.requestsFor('NZD/USD');
    expect(requests).toHaveLength(1);
    // From the earlier start of the two: a's trade of 2015 (less Yahoo's day of slack).
    expect(new Date(Number(requests[0]?.query.period1) * 1000).toISOString().slice(0, 10)).toBe('2015-03-01');
    expect(await ratesOf(a.owner, 'NZD/USD')).toEqual(daily(days, ['0.6', '0.61', '0.62']).map(fetched));
    expect(await ratesOf(b.owner, 'NZD/USD')).toEqual(daily(days, ['0.6', '0.61', '0.62']).map(fetched));
    expect((await a.owner.get('/api/v1/market-data/status')).body.last_run).toMatchObject({ rates_stored: 3 });
    // b had them all: the scheduled run stored none of its days again.
    expect((await b.owner.get('/api/v1/market-data/status')).body.last_run).toMatchObject({ rates_stored: 0 });
  });
});

describe('exchange rates from Twelve Data', () => {
  const world = useWorld('twelvedata');

  it('asks for EUR/USD style symbols, waits out its HTTP-200 code 429 and fails a pair it does not know', async () => {
    const w = world();
    const days = recentWeekdays(2);
    w.double.setRates('USD/EUR', daily(days, ['0.92010', '0.92100']));
    w.double.fault('USD/EUR', { kind: 'rate_limited' });
    const h = await currencyHousehold(w, 'twelve@example.com', {
      base: 'EUR',
      portfolio: 'EUR',
      stocks: { FXMSFT: 'USD', FXDEO: 'ISK' },
    });
    const status = await refresh(h.owner);
    expect(w.double.requestsFor('USD/EUR')).toHaveLength(2);
    expect(w.double.requestsFor('USD/EUR')[1]?.query).toMatchObject({
      symbol: 'USD/EUR',
      interval: '1day',
      apikey: 'secret-test-key-123',
    });
    expect(await ratesOf(h.owner, 'USD/EUR')).toEqual(daily(days, ['0.9201', '0.921']).map(fetched));
    expect(status.last_run).toMatchObject({ rates_stored: 2 });
    expect(status.last_run.errors).toEqual([
      { symbol: 'ISK/EUR', message: expect.stringMatching(/Twelve Data does not know ISK\/EUR: .*not found/) },
    ]);
    expect(JSON.stringify(status)).not.toContain('secret-test-key-123');
  });
});

describe('exchange rates from Alpha Vantage', () => {
  const world = useWorld('alphavantage');

  it('reads FX_DAILY, retries after a Note, and ends the run on Information: the pairs after it are not fetched', async () => {
    const w = world();
    const days = recentWeekdays(2);
    // Pairs are fetched in order: EUR/GBP, USD/EUR, USD/GBP.
    w.double.setRates('EUR/GBP', daily(days, [0.858, 0.8585]));
    w.double.fault('EUR/GBP', { kind: 'rate_limited' });
    w.double.setRates('USD/EUR', daily(days, [0.92, 0.921]));
    w.double.fault('USD/EUR', { kind: 'daily_limit' });
    w.double.setRates('USD/GBP', daily(days, [0.79, 0.7905]));
    const h = await currencyHousehold(w, 'alpha@example.com', {
      base: 'GBP',
      portfolio: 'EUR',
      stocks: { FXIBM: 'USD' },
    });
    const status = await refresh(h.owner);
    expect(w.double.requestsFor('EUR/GBP')[0]?.query).toMatchObject({
      function: 'FX_DAILY',
      from_symbol: 'EUR',
      to_symbol: 'GBP',
      outputsize: 'full',
      apikey: 'secret-test-key-123',
    });
    expect(w.double.requestsFor('EUR/GBP')).toHaveLength(2);
    expect(await ratesOf(h.owner, 'EUR/GBP')).toEqual(daily(days, ['0.858', '0.8585']).map(fetched));
    expect(w.double.requestsFor('USD/EUR')).toHaveLength(1);
    expect(w.double.requestsFor('USD/GBP')).toHaveLength(0);
    expect(status.last_run).toMatchObject({ stocks: 1, prices_stored: 1, rates_stored: 2 });
    expect(status.last_run.errors).toEqual([
      { symbol: 'USD/EUR', message: expect.stringMatching(/^Not fetched: Alpha Vantage: .*25 requests per day/) },
      { symbol: 'USD/GBP', message: expect.stringMatching(/^Not fetched: Alpha Vantage: .*25 requests per day/) },
    ]);
    expect(await ratesOf(h.owner, 'USD/GBP')).toEqual([]);
  });

  it('fetches no rate after a stock met the daily limit', async () => {
    const w = world();
    w.double.setRates('CHF/EUR', daily(recentWeekdays(1), [0.95]));
    const h = await currencyHousehold(w, 'alpha-limit@example.com', {
      base: 'EUR',
      portfolio: 'EUR',
      stocks: { FXNESN: 'CHF' },
    });
    w.double.fault('FXNESN', { kind: 'daily_limit' });
    const status = await refresh(h.owner);
    expect(w.double.fxRequests()).toEqual([]);
    expect(status.last_run.errors).toEqual([
      { symbol: 'FXNESN', message: expect.stringMatching(/^Not fetched: .*25 requests per day/) },
      { symbol: 'CHF/EUR', message: expect.stringMatching(/^Not fetched: .*25 requests per day/) },
    ]);
  });
});

describe('without a provider', () => {
  let t: TestApp;
  let owner: Client;
  beforeAll(async () => {
    t = await startTestApp();
    owner = (await setupOwner(t.app)).owner;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reports none, refuses a refresh with 422, and /health says disabled', async () => {
    const status = await owner.get('/api/v1/market-data/status');
    expect(status.body).toEqual({ provider: 'none', schedule: '30 22 * * 1-5', next_run_at: null, last_run: null });
    const refused = await owner.post('/api/v1/market-data/refresh');
    expectEnvelope(refused, 422, 'BUSINESS_RULE_VIOLATION');
    expect(refused.body.error.message).toMatch(/MARKET_DATA_PROVIDER=none/);
    const health = await client(t.app).get('/health');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
    expect(health.body.checks.market_data).toMatchObject({ status: 'disabled', last_run_at: null });
  });
});
