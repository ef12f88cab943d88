import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  client,
  expectEnvelope,
  PASSWORD,
  setupOwner,
  startTestApp,
  type TestApp,
  useTestApp,
} from '../support/app.js';
import { type MarketDataDouble, recentWeekdays, startMarketDataDouble } from '../support/market-data-doubles.js';
import { newBuy, newPortfolio, newStock, UNKNOWN_ID } from '../support/trading-fixtures.js';

const TOKEN = 'metrics-token-for-the-tests-0123456789';

async function scrape(testApp: TestApp, token?: string): Promise<string> {
  const res = await testApp.app.inject({
    method: 'GET',
    url: '/metrics',
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  expect(res.statusCode).toBe(200);
  return res.body;
}

/** The value of one sample, `name{labels}`, in the text format; 0 when the series does not exist yet. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]] as const),
    );
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return 0;
}

/** Every `route` label of the request-duration histogram. */
function routeLabels(text: string): Set<string> {
  return new Set(
    [...text.matchAll(/^http_request_duration_seconds_count\{[^}]*route="([^"]*)"/gm)].map((m) => m[1] as string),
  );
}

describe('metrics off (the default)', () => {
  const testApp = useTestApp();

  it('has no /metrics route: 404 in the error envelope, like an unknown path', async () => {
    const res = await client(testApp().app).get('/metrics');
    expectEnvelope(res, 404, 'NOT_FOUND');
  });
});

describe('metrics on, without a token', () => {
  const testApp = useTestApp({ METRICS_ENABLED: 'true' });
  let owner: Client;
  beforeAll(async () => {
    ({ owner } = await setupOwner(testApp().app));
  });

  it('answers openly in the Prometheus text format with every metric it claims', async () => {
    const res = await testApp().app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of [
      'http_request_duration_seconds',
      'nodejs_eventloop_lag_seconds',
      'stockbook_db_pool_connections',
      'stockbook_view_cache_requests_total',
      'stockbook_login_failures_total',
      'stockbook_market_data_runs_total',
      'stockbook_market_data_last_run_duration_seconds',
      'stockbook_backup_runs_total',
    ])
      expect(res.body).toContain(`# TYPE ${name} `);
  });

  it('is not rate limited or session-checked: a garbage bearer header does not matter without a token', async () => {
    const res = await testApp().app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer not-a-session' },
    });
    expect(res.statusCode).toBe(200);
  });

  it('counts N requests to a route under its pattern, N more each time', async () => {
    const route = { method: 'GET', route: '/health/live', status_code: '200' };
    const before = sample(await scrape(testApp()), 'http_request_duration_seconds_count', route);
    const n = 7;
    for (let i = 0; i < n; i++) expect((await client(testApp().app).get('/health/live')).status).toBe(200);
    const after = await scrape(testApp());
    expect(sample(after, 'http_request_duration_seconds_count', route)).toBe(before + n);
    // Buckets are cumulative: the +Inf bucket holds every observation.
    expect(sample(after, 'http_request_duration_seconds_bucket', { ...route, le: '+Inf' })).toBe(before + n);
  });

  it('labels a request by its route pattern, never the raw URL; unmatched paths share one label', async () => {
    const stockId = await newStock(owner, 'PATT');
    expect((await owner.get(`/api/v1/stocks/${stockId}`)).status).toBe(200);
    expect((await owner.get(`/api/v1/stocks/${UNKNOWN_ID}`)).status).toBe(404);
    expect((await owner.get(`/api/v1/no/such/${UNKNOWN_ID}`)).status).toBe(404);
    const text = await scrape(testApp());
    const routes = routeLabels(text);
    expect(routes).toContain('/api/v1/stocks/:id');
    expect(routes).toContain('unmatched');
    for (const route of routes) {
      expect(route).not.toContain(stockId);
      expect(route).not.toContain(UNKNOWN_ID);
    }
    const byId = { method: 'GET', route: '/api/v1/stocks/:id' };
    expect(sample(text, 'http_request_duration_seconds_count', { ...byId, status_code: '200' })).toBe(1);
    expect(sample(text, 'http_request_duration_seconds_count', { ...byId, status_code: '404' })).toBe(1);
    expect(sample(text, 'http_request_duration_seconds_count', { route: 'unmatched', status_code: '404' })).toBe(1);
  });

  it('counts a failed login, and not a successful one', async () => {
    const failures = async () => sample(await scrape(testApp()), 'stockbook_login_failures_total');
    const before = await failures();
    const anon = client(testApp().app);
    const wrong = await anon.post('/api/v1/auth/login', { email: 'owner@example.com', password: 'not-the-password' });
    expectEnvelope(wrong, 401, 'AUTHENTICATION_REQUIRED');
    expect(await failures()).toBe(before + 1);
    const right = await anon.post('/api/v1/auth/login', { email: 'owner@example.com', password: PASSWORD });
    expect(right.status).toBe(200);
    expect(await failures()).toBe(before + 1);
  });

  it('counts a holdings read as a miss, the same read again as a hit', async () => {
    const portfolioId = await newPortfolio(owner, 'Cached');
    await newBuy(owner, portfolioId, await newStock(owner, 'CACH'));
    const counts = async () => {
      const text = await scrape(testApp());
      return {
        hit: sample(text, 'stockbook_view_cache_requests_total', { result: 'hit' }),
        miss: sample(text, 'stockbook_view_cache_requests_total', { result: 'miss' }),
      };
    };
    const start = await counts();
    expect((await owner.get(`/api/v1/portfolios/${portfolioId}/holdings`)).status).toBe(200);
    const first = await counts();
    expect(first).toEqual({ hit: start.hit, miss: start.miss + 1 });
    expect((await owner.get(`/api/v1/portfolios/${portfolioId}/holdings`)).status).toBe(200);
    expect(await counts()).toEqual({ hit: first.hit + 1, miss: first.miss });
  });
});

describe('metrics on, with a token', () => {
  const testApp = useTestApp({ METRICS_ENABLED: 'true', METRICS_TOKEN: TOKEN });

  it('refuses a scrape without the header, with a wrong token or another scheme: 401 in the envelope', async () => {
    const anon = client(testApp().app);
    expectEnvelope(await anon.get('/metrics'), 401, 'AUTHENTICATION_REQUIRED');
    expectEnvelope(await client(testApp().app, `${TOKEN}x`).get('/metrics'), 401, 'AUTHENTICATION_REQUIRED');
    expectEnvelope(await client(testApp().app, 'short').get('/metrics'), 401, 'AUTHENTICATION_REQUIRED');
    const basic = await anon.request('GET', '/metrics', undefined, { authorization: `Basic ${TOKEN}` });
    expectEnvelope(basic, 401, 'AUTHENTICATION_REQUIRED');
    expect(basic.raw.body).not.toContain('http_request_duration_seconds');
  });

  it('answers the right token', async () => {
    const text = await scrape(testApp(), TOKEN);
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    // The refused scrapes were counted too, under the route's pattern and their status.
    expect(sample(text, 'http_request_duration_seconds_count', { route: '/metrics', status_code: '401' })).toBe(4);
  });

  it('keeps a registry per app: this app has seen no login failures of the other app', async () => {
    expect(sample(await scrape(testApp(), TOKEN), 'stockbook_login_failures_total')).toBe(0);
  });
});

describe('metrics of the database pool and of rate limits', () => {
  const testApp = useTestApp({ METRICS_ENABLED: 'true', RATE_LIMIT_PER_MINUTE: '3' });

  it('reports the pg pool by state on PostgreSQL, nothing on the embedded database', async () => {
    const text = await scrape(testApp());
    if (testApp().database.kind === 'postgres') {
      expect(sample(text, 'stockbook_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
      expect(text).toMatch(/^stockbook_db_pool_connections\{state="idle"\} \d+$/m);
      expect(text).toMatch(/^stockbook_db_pool_connections\{state="waiting"\} \d+$/m);
    } else {
      expect(text).not.toMatch(/^stockbook_db_pool_connections\{/m);
    }
  });

  it('is exempt from the rate limit, like /health', async () => {
    // Six scrapes against a limit of three a minute: every one answers (scrape expects 200).
    for (let i = 0; i < 6; i++) await scrape(testApp());
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await client(testApp().app).get('/version')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    await scrape(testApp());
  });
});

describe('metrics of market-data runs', () => {
  let double: MarketDataDouble;
  let t: TestApp;
  let owner: Client;
  beforeAll(async () => {
    double = await startMarketDataDouble('yahoo');
    t = await startTestApp({
      METRICS_ENABLED: 'true',
      MARKET_DATA_PROVIDER: 'yahoo',
      MARKET_DATA_BASE_URL: double.url,
      MARKET_DATA_TIMEOUT: '1',
      MARKET_DATA_REQUESTS_PER_MINUTE: '60000',
    });
    ({ owner } = await setupOwner(t.app));
  });
  afterAll(async () => {
    await t?.close();
    await double?.close();
  });

  let counted = 0;
  async function refreshAndWait(): Promise<void> {
    const started = await owner.post('/api/v1/market-data/refresh');
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    // Counted when the run has finished, after the request that started it has been answered.
    for (const deadline = Date.now() + 20_000; ; ) {
      const text = await scrape(t);
      const runs = ['ok', 'partial', 'failed'].reduce(
        (sum, outcome) => sum + sample(text, 'stockbook_market_data_runs_total', { trigger: 'manual', outcome }),
        0,
      );
      if (runs > counted) break;
      if (Date.now() > deadline) throw new Error('the refresh was not counted');
      await new Promise((r) => setTimeout(r, 50));
    }
    counted += 1;
  }

  it('counts a run by trigger and outcome and keeps its duration', async () => {
    const [day] = recentWeekdays(1);
    double.setSeries('MDOK', [{ date: day as string, close: 10 }]);
    const portfolioId = await newPortfolio(owner, 'MD');
    await newBuy(owner, portfolioId, await newStock(owner, 'MDOK'));
    await refreshAndWait();
    let text = await scrape(t);
    expect(sample(text, 'stockbook_market_data_runs_total', { trigger: 'manual', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'stockbook_market_data_runs_total', { trigger: 'manual', outcome: 'partial' })).toBe(0);
    expect(text).toMatch(/^stockbook_market_data_last_run_duration_seconds\{trigger="manual"\} \d/m);

    double.fault('MDBAD', { kind: 'unknown_symbol' });
    await newBuy(owner, portfolioId, await newStock(owner, 'MDBAD'));
    await refreshAndWait();
    text = await scrape(t);
    expect(sample(text, 'stockbook_market_data_runs_total', { trigger: 'manual', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'stockbook_market_data_runs_total', { trigger: 'manual', outcome: 'partial' })).toBe(1);
  });
});
