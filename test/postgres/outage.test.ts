import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, expectEnvelope, setupOwner, startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { tcpProxy } from '../support/tcp-proxy.js';

describe('database outage while running', () => {
  let testDb: TestDatabase;
  let proxy: ReturnType<typeof tcpProxy>;
  let t: TestApp;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const url = new URL(testDb.databaseUrl ?? '');
    proxy = tcpProxy(url.hostname, Number(url.port || 5432));
    await proxy.start();
    const proxied = new URL(url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port());
    t = await startTestApp({ DATABASE_URL: proxied.toString() }, { ...testDb, databaseUrl: proxied.toString() });
  });
  afterAll(async () => {
    await t?.close();
    await testDb?.drop();
  });

  it('answers 503 with the envelope and /health 503 while the database is gone, then recovers without a restart', async () => {
    const { owner } = await setupOwner(t.app);
    expect((await owner.post('/api/v1/stocks', { symbol: 'UP' })).status).toBe(201);

    await proxy.cut();
    const health = await client(t.app).get('/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'unavailable', checks: { database: { status: 'unavailable' } } });
    const down = await owner.get('/api/v1/stocks');
    // The session may be cached; either way the database read fails as 503, never 500.
    expectEnvelope(down, 503, 'SERVICE_UNAVAILABLE');
    expect(JSON.stringify(down.body)).not.toMatch(/ECONNREFUSED|SELECT|pg/);
    expectEnvelope(await owner.post('/api/v1/stocks', { symbol: 'DOWN' }), 503, 'SERVICE_UNAVAILABLE');

    await proxy.start();
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await client(t.app).get('/health')).status;
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
    expect((await owner.get('/api/v1/stocks')).body.total).toBe(1);
    expect((await owner.post('/api/v1/stocks', { symbol: 'BACK' })).status).toBe(201);
  });
});
