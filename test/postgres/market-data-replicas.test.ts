import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { type MarketDataDouble, recentWeekdays, startMarketDataDouble } from '../support/market-data-doubles.js';
import { freePort, runCli, type ServiceProcess, stop, waitFor200 } from '../support/process.js';

/** Market data across real service processes on one PostgreSQL: each slot runs once, a killed run leaves no half. */

const PASSWORD = 'correct-horse-battery';

async function call(base: string, method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? {} : JSON.parse(text) };
}

/** A household (setup for the first, signup for the others) whose owner holds `symbols`. */
async function household(base: string, email: string, symbols: string[], first: boolean) {
  const created = await call(base, 'POST', first ? '/api/v1/setup' : '/api/v1/households', {
    household_name: email,
    display_name: email,
    email,
    password: PASSWORD,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const login = await call(base, 'POST', '/api/v1/auth/login', { email, password: PASSWORD });
  const token = login.body.access_token as string;
  const portfolio = await call(base, 'POST', '/api/v1/portfolios', { name: 'Main' }, token);
  const stocks: Record<string, string> = {};
  for (const symbol of symbols) {
    const stock = await call(base, 'POST', '/api/v1/stocks', { symbol }, token);
    stocks[symbol] = stock.body.id;
    const buy = await call(
      base,
      'POST',
      `/api/v1/portfolios/${portfolio.body.id}/transactions`,
      { stock_id: stock.body.id, type: 'buy', quantity: '1', price: '10', trade_date: '2024-01-02' },
      token,
    );
    expect(buy.status).toBe(201);
  }
  return { token, portfolioId: portfolio.body.id as string, stocks };
}

function service(db: TestDatabase, double: MarketDataDouble, port: number, schedule: string): ServiceProcess {
  return runCli(['serve'], {
    PORT: String(port),
    DATABASE_URL: db.databaseUrl ?? '',
    ALLOW_SIGNUP: 'true',
    MARKET_DATA_PROVIDER: 'yahoo',
    MARKET_DATA_BASE_URL: double.url,
    MARKET_DATA_REQUESTS_PER_MINUTE: '60000',
    MARKET_DATA_TIMEOUT: '5',
    PRICE_REFRESH_SCHEDULE: schedule,
    LOG_LEVEL: 'warn',
  });
}

/** A new database, a Yahoo double and an SQL client for one block; the services it starts are stopped after it. */
function useStack() {
  const stack = { services: [] } as unknown as {
    db: TestDatabase;
    double: MarketDataDouble;
    sql: pg.Client;
    services: ServiceProcess[];
  };
  beforeAll(async () => {
    stack.db = await createTestDatabase();
    stack.double = await startMarketDataDouble('yahoo');
    stack.sql = new pg.Client({ connectionString: stack.db.databaseUrl ?? '' });
    await stack.sql.connect();
  });
  afterAll(async () => {
    for (const s of stack.services) await stop(s);
    await stack.sql?.end();
    await stack.double?.close();
    await stack.db?.drop();
  });
  return stack;
}

describe('two replicas on one schedule', () => {
  const stack = useStack();

  it('runs each one-minute slot once, fetching each symbol once for every household that holds it', async () => {
    const days = recentWeekdays(3);
    for (const symbol of ['AAPL', 'MSFT', 'NVDA'])
      stack.double.setSeries(
        symbol,
        days.map((date, i) => ({ date, close: 100 + i })),
      );
    for (const port of [await freePort(), await freePort()])
      stack.services.push(service(stack.db, stack.double, port, '* * * * *'));
    const [a, b] = stack.services as [ServiceProcess, ServiceProcess];
    await Promise.all([waitFor200(`${a.url}/health`, 30_000), waitFor200(`${b.url}/health`, 30_000)]);
    const first = await household(a.url, 'one@example.com', ['AAPL', 'MSFT'], true);
    const second = await household(b.url, 'two@example.com', ['AAPL', 'NVDA'], false);

    // The first slot after the setup that finished (a slot may have started before the stocks existed).
    let run: { id: string; scheduled_for: Date } | undefined;
    const deadline = Date.now() + 150_000;
    while (run === undefined && Date.now() < deadline) {
      const rows = await stack.sql.query(
        `SELECT r.id, r.scheduled_for FROM market_data_runs r
         WHERE r.status = 'finished' AND (SELECT count(*) FROM market_data_run_stocks s WHERE s.run_id = r.id) = 4
         ORDER BY r.scheduled_for LIMIT 1`,
      );
      run = rows.rows[0];
      if (run === undefined) await new Promise((r) => setTimeout(r, 500));
    }
    expect(run, a.output() + b.output()).toBeDefined();
    const slot = (run as { scheduled_for: Date }).scheduled_for;
    expect(slot.getUTCSeconds()).toBe(0);

    const slotRuns = await stack.sql.query('SELECT count(*)::int AS n FROM market_data_runs WHERE scheduled_for = $1', [
      slot,
    ]);
    expect(slotRuns.rows[0].n).toBe(1);
    // The requests of that slot's run: their period2 is the time of the fetch, within the slot's minute.
    const minute = Math.floor(slot.getTime() / 60_000);
    const ofSlot = stack.double.requests.filter((r) => Math.floor(Number(r.query.period2) / 60) === minute);
    expect(ofSlot.map((r) => r.symbol).sort()).toEqual(['AAPL', 'MSFT', 'NVDA']);

    for (const [who, symbols] of [
      [first, ['AAPL', 'MSFT']],
      [second, ['AAPL', 'NVDA']],
    ] as const) {
      for (const symbol of symbols) {
        const prices = await call(a.url, 'GET', `/api/v1/stocks/${who.stocks[symbol]}/prices`, undefined, who.token);
        expect(prices.body.items).toHaveLength(3);
      }
      const status = await call(b.url, 'GET', '/api/v1/market-data/status', undefined, who.token);
      expect(status.body.last_run.stocks).toBe(2);
    }
  }, 200_000);
});

describe('a replica killed in the middle of a refresh', () => {
  const stack = useStack();

  it('leaves each stock fully updated or untouched, and its run is taken over once its heartbeat is stale', async () => {
    const days = recentWeekdays(30);
    const symbols = Array.from({ length: 12 }, (_, i) => `K${String(i).padStart(2, '0')}`);
    for (const symbol of symbols) {
      // The last close reaches every stock's target pivot.
      stack.double.setSeries(
        symbol,
        days.map((date, i) => ({ date, close: i === days.length - 1 ? 200 : 100 })),
      );
      stack.double.fault(symbol, { kind: 'slow', ms: 300 });
    }
    // Never due during the test.
    const first = service(stack.db, stack.double, await freePort(), '0 0 1 1 *');
    stack.services.push(first);
    await waitFor200(`${first.url}/health`, 30_000);
    const owner = await household(first.url, 'kill@example.com', symbols, true);
    for (const symbol of symbols) {
      const target = await call(
        first.url,
        'POST',
        '/api/v1/targets',
        { portfolio_id: owner.portfolioId, stock_id: owner.stocks[symbol], pivot_price: '150', failure_price: '50' },
        owner.token,
      );
      expect(target.status).toBe(201);
    }

    const started = await call(first.url, 'POST', '/api/v1/market-data/refresh', undefined, owner.token);
    expect(started.status).toBe(202);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const done = await stack.sql.query(
        "SELECT count(*)::int AS n FROM market_data_run_stocks WHERE run_id = $1 AND outcome = 'stored'",
        [started.body.run_id],
      );
      if (done.rows[0].n >= 4 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    first.child.kill('SIGKILL');
    await first.exited;

    const rows = await stack.sql.query(
      `SELECT s.symbol,
         (SELECT count(*)::int FROM prices p WHERE p.stock_id = s.id AND p.source = 'provider') AS prices,
         (SELECT status FROM targets t WHERE t.stock_id = s.id) AS target,
         (SELECT outcome FROM market_data_run_stocks r WHERE r.stock_id = s.id AND r.run_id = $1) AS outcome
       FROM stocks s ORDER BY s.symbol`,
      [started.body.run_id],
    );
    const updated = rows.rows.filter((r) => r.prices > 0);
    expect(updated.length).toBeGreaterThanOrEqual(4);
    expect(updated.length).toBeLessThan(symbols.length);
    for (const row of rows.rows) {
      if (row.prices > 0) expect(row).toMatchObject({ prices: days.length, target: 'hit', outcome: 'stored' });
      else expect(row).toMatchObject({ prices: 0, target: 'active', outcome: 'pending' });
    }

    // Another replica sees the run as still going until its heartbeat is stale, then takes over.
    const second = service(stack.db, stack.double, await freePort(), '0 0 1 1 *');
    stack.services.push(second);
    await waitFor200(`${second.url}/health`, 30_000);
    const busy = await call(second.url, 'POST', '/api/v1/market-data/refresh', undefined, owner.token);
    expect(busy.status).toBe(409);
    await stack.sql.query("UPDATE market_data_runs SET heartbeat_at = now() - interval '10 minutes' WHERE id = $1", [
      started.body.run_id,
    ]);
    const retaken = await call(second.url, 'POST', '/api/v1/market-data/refresh', undefined, owner.token);
    expect(retaken.status, JSON.stringify(retaken.body)).toBe(202);
    const old = await stack.sql.query(
      "SELECT status, (SELECT count(*)::int FROM market_data_run_stocks WHERE run_id = $1 AND outcome = 'pending') AS pending FROM market_data_runs WHERE id = $1",
      [started.body.run_id],
    );
    expect(old.rows[0]).toEqual({ status: 'abandoned', pending: 0 });

    const finishBy = Date.now() + 30_000;
    let status: { body: any } = { body: {} };
    while (Date.now() < finishBy) {
      status = await call(second.url, 'GET', '/api/v1/market-data/status', undefined, owner.token);
      if (status.body.last_run?.id === retaken.body.run_id && status.body.last_run.finished_at !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(status.body.last_run).toMatchObject({ id: retaken.body.run_id, stocks: symbols.length, errors: [] });
    const after = await stack.sql.query(
      "SELECT count(*)::int AS n FROM prices WHERE source = 'provider' GROUP BY stock_id ORDER BY 1",
    );
    expect(after.rows.map((r) => r.n)).toEqual(symbols.map(() => days.length));
  }, 120_000);
});
