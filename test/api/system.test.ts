import { describe, expect, it } from 'vitest';
import { client, expectEnvelope, setupOwner, startTestApp, useTestApp } from '../support/app.js';

const testApp = useTestApp();

describe('health and version', () => {
  it('GET /health reports ok with per-dependency checks and the version', async () => {
    const res = await client(testApp().app).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      checks: { database: { status: 'ok' }, cache: { status: 'ok' } },
    });
    expect(typeof res.body.checks.database.latency_ms).toBe('number');
    expect(typeof res.body.checks.cache.latency_ms).toBe('number');
    expect(res.body.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('GET /health/live answers ok', async () => {
    const res = await client(testApp().app).get('/health/live');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /version gives name, semver version and api_version v1', async () => {
    const res = await client(testApp().app).get('/version');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      name: 'StockBook',
      version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
      api_version: 'v1',
    });
  });

  it('reports "degraded" with 200 while Redis is unreachable, and keeps serving', async () => {
    const degraded = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1/0' });
    try {
      const health = await client(degraded.app).get('/health');
      expect(health.status).toBe(200);
      expect(health.body.status).toBe('degraded');
      expect(health.body.checks.cache.status).toBe('unavailable');
      expect(health.body.checks.database.status).toBe('ok');
      const { owner } = await setupOwner(degraded.app);
      expect((await owner.post('/api/v1/stocks', { symbol: 'NORED' })).status).toBe(201);
      expect((await owner.get('/api/v1/stocks')).status).toBe(200);
      expect((await owner.get('/api/v1/auth/me')).status).toBe(200);
    } finally {
      await degraded.close();
    }
  });
});

describe('conventions on every response', () => {
  it('echoes a given x-request-id and generates one otherwise', async () => {
    const app = testApp().app;
    const given = await app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers['x-request-id']).toBe('abc-123');
    const generated = await app.inject({ method: 'GET', url: '/health/live' });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const error = await client(app).get('/api/v1/nothing-here');
    expect(error.body.error.request_id).toBe(error.headers['x-request-id']);
  });

  it('sends security headers', async () => {
    const res = await testApp().app.inject({ method: 'GET', url: '/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBeDefined();
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('answers unknown routes with the 404 envelope', async () => {
    expectEnvelope(await client(testApp().app).get('/api/v1/nothing-here'), 404, 'NOT_FOUND');
    expectEnvelope(await client(testApp().app).request('DELETE', '/health'), 404, 'NOT_FOUND');
  });

  it('answers malformed JSON, an empty JSON body and a wrong content type with 400', async () => {
    const app = testApp().app;
    const cases = [
      { payload: '{"household_name": ', type: 'application/json' },
      { payload: '', type: 'application/json' },
      { payload: 'household_name=x', type: 'application/x-www-form-urlencoded' },
      { payload: '[1,2]', type: 'application/json' },
    ];
    for (const c of cases) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/setup',
        payload: c.payload,
        headers: { 'content-type': c.type },
      });
      expect(res.statusCode).toBe(400);
      const body = JSON.parse(res.body);
      expect(body.error.code).toBe('VALIDATION_ERROR');
      expect(res.body).not.toMatch(/at .*\.(js|ts):\d+|SELECT|INSERT/);
    }
  });

  it('answers a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await client(testApp().app).post('/api/v1/auth/login', {
      email: 'x@y.z',
      password: 'p'.repeat(2_000_000),
    });
    expectEnvelope(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('rate-limits with 429 RATE_LIMITED and Retry-After when the global limit is on', async () => {
    const limited = await startTestApp({ RATE_LIMIT_PER_MINUTE: '5' });
    try {
      const statuses: number[] = [];
      let last: Awaited<ReturnType<ReturnType<typeof client>['get']>> | undefined;
      for (let i = 0; i < 7; i++) {
        last = await client(limited.app).get('/version');
        statuses.push(last.status);
      }
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(statuses[6]).toBe(429);
      expectEnvelope(last!, 429, 'RATE_LIMITED');
      expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
      // Health checks are never rate-limited: orchestrators must always see the truth.
      expect((await client(limited.app).get('/health')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('OpenAPI and docs', () => {
  it('documents every API route in /openapi.json', async () => {
    const app = testApp().app;
    const doc = (await client(app).get('/openapi.json')).body;
    expect(doc.openapi).toMatch(/^3\./);
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths as Record<string, object>))
      for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path}`);
    const expected = [
      'GET /health',
      'GET /health/live',
      'GET /version',
      'POST /api/v1/setup',
      'POST /api/v1/households',
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/logout',
      'GET /api/v1/auth/me',
      'POST /api/v1/household/members',
      'GET /api/v1/household/members',
      'PATCH /api/v1/household/members/{id}',
      'DELETE /api/v1/household/members/{id}',
      'POST /api/v1/stocks',
      'GET /api/v1/stocks',
      'GET /api/v1/stocks/{id}',
      'PATCH /api/v1/stocks/{id}',
      'DELETE /api/v1/stocks/{id}',
      'GET /api/v1/sectors',
      'POST /api/v1/stocks/{id}/prices',
      'GET /api/v1/stocks/{id}/prices',
      'POST /api/v1/targets',
      'GET /api/v1/targets',
      'GET /api/v1/targets/{id}',
      'PATCH /api/v1/targets/{id}',
      'DELETE /api/v1/targets/{id}',
      'POST /api/v1/journal',
      'GET /api/v1/journal',
      'GET /api/v1/journal/{id}',
      'PATCH /api/v1/journal/{id}',
      'DELETE /api/v1/journal/{id}',
      'POST /api/v1/portfolios/{id}/balances',
      'GET /api/v1/portfolios/{id}/balances',
      'GET /api/v1/portfolios/{id}/balances/{balance_id}',
      'PATCH /api/v1/portfolios/{id}/balances/{balance_id}',
      'DELETE /api/v1/portfolios/{id}/balances/{balance_id}',
      'GET /api/v1/household',
      'PATCH /api/v1/household',
      'POST /api/v1/portfolios',
      'GET /api/v1/portfolios',
      'GET /api/v1/portfolios/{id}',
      'PATCH /api/v1/portfolios/{id}',
      'DELETE /api/v1/portfolios/{id}',
      'POST /api/v1/portfolios/{id}/transactions',
      'GET /api/v1/portfolios/{id}/transactions',
      'GET /api/v1/portfolios/{id}/transactions/{transaction_id}',
      'PATCH /api/v1/portfolios/{id}/transactions/{transaction_id}',
      'DELETE /api/v1/portfolios/{id}/transactions/{transaction_id}',
      'GET /api/v1/portfolios/{id}/holdings',
      'GET /api/v1/portfolios/{id}/analytics',
      'GET /api/v1/analytics',
    ];
    for (const route of expected) expect(documented, route).toContain(route);
  });

  it('serves the docs UI at /docs beside the web interface', async () => {
    const app = testApp().app;
    const docs = await app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
    expect(docs.body).toContain('swagger');
  });
});
