import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, runCli, stop, waitFor200 } from '../support/process.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stockbook-proc-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function json(url: string, method = 'GET', body?: unknown, token?: string) {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe('the service process', () => {
  it('starts with no configuration on a fresh data dir, keeps data across a restart, and stops on SIGTERM with 0', async () => {
    const dataDir = tempDir();
    const env = { DATA_DIR: dataDir, PORT: String(await freePort()) };
    const first = runCli(['serve'], env);
    try {
      const ms = await waitFor200(`${first.url}/health`, 20_000);
      console.log(`fresh start to /health 200: ${ms} ms`);
      const setup = await json(`${first.url}/api/v1/setup`, 'POST', {
        household_name: 'Does',
        display_name: 'Jane',
        email: 'jane@example.com',
        password: 'correct-horse-battery',
      });
      expect(setup.status).toBe(201);
      const login = await json(`${first.url}/api/v1/auth/login`, 'POST', {
        email: 'jane@example.com',
        password: 'correct-horse-battery',
      });
      const created = await json(`${first.url}/api/v1/stocks`, 'POST', { symbol: 'KEEP' }, login.body.access_token);
      expect(created.status).toBe(201);
      first.child.kill('SIGTERM');
      expect(await first.exited).toEqual({ code: 0, signal: null });
    } finally {
      await stop(first);
    }

    const second = runCli(['serve'], env);
    try {
      const ms = await waitFor200(`${second.url}/health`, 20_000);
      console.log(`restart on an existing data dir to /health 200: ${ms} ms`);
      const login = await json(`${second.url}/api/v1/auth/login`, 'POST', {
        email: 'jane@example.com',
        password: 'correct-horse-battery',
      });
      expect(login.status).toBe(200);
      const stock = await json(
        `${second.url}/api/v1/stocks/${(await json(`${second.url}/api/v1/stocks`, 'GET', undefined, login.body.access_token)).body.items[0].id}`,
        'GET',
        undefined,
        login.body.access_token,
      );
      expect(stock.body.symbol).toBe('KEEP');
      second.child.kill('SIGINT');
      expect((await second.exited).code).toBe(0);
    } finally {
      await stop(second);
    }
  });

  it('finishes a request that is in flight when SIGTERM arrives, then exits 0 within 10 s', async () => {
    const env = { DATA_DIR: tempDir(), PORT: String(await freePort()) };
    const service = runCli(['serve'], env);
    try {
      await waitFor200(`${service.url}/health`, 20_000);
      const body = JSON.stringify({
        household_name: 'Slow',
        display_name: 'S',
        email: 'slow@example.com',
        password: 'correct-horse-battery',
      });
      // A client that sends half of its body, then the rest after the signal: the request is in flight.
      const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: service.port,
            method: 'POST',
            path: '/api/v1/setup',
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            let text = '';
            res.on('data', (d) => {
              text += d;
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          },
        );
        req.on('error', reject);
        req.write(body.slice(0, 20));
        setTimeout(() => {
          service.child.kill('SIGTERM');
          setTimeout(() => req.end(body.slice(20)), 1000);
        }, 300);
      });
      const stopStarted = Date.now();
      const res = await answer;
      expect(res.status).toBe(201);
      const exit = await service.exited;
      expect(exit).toEqual({ code: 0, signal: null });
      expect(Date.now() - stopStarted).toBeLessThan(10_000);
      // Once draining, new connections are refused.
      await expect(fetch(`${service.url}/health/live`)).rejects.toThrow();
    } finally {
      await stop(service);
    }
  });

  it('refuses to start on bad configuration with one line per problem', async () => {
    const service = runCli(['serve'], {
      PORT: 'eighty',
      NODE_ENV: 'production',
      DB_WAIT_TIMEOUT: '-1',
      DATA_DIR: tempDir(),
    });
    const exit = await service.exited;
    expect(exit.code).toBe(1);
    const out = service.output();
    expect(out).toContain('PORT must be a whole number');
    expect(out).toContain('SECRET_KEY is required in production');
    expect(out).toContain('DB_WAIT_TIMEOUT must be a whole number');
    expect(out).not.toMatch(/\n\s+at /);
  });

  it('refuses a weak SECRET_KEY in production, and reads SECRET_KEY_FILE', async () => {
    const weak = runCli(['serve'], { NODE_ENV: 'production', SECRET_KEY: 'short', DATA_DIR: tempDir() });
    expect((await weak.exited).code).toBe(1);
    expect(weak.output()).toContain('SECRET_KEY must be at least 32 characters');

    const dir = tempDir();
    writeFileSync(join(dir, 'secret'), 'Zq8#kLp2$wX9!vBn4@mR7^tY1&uI5*oP3\n');
    const port = await freePort();
    const good = runCli(['serve'], {
      NODE_ENV: 'production',
      SECRET_KEY_FILE: join(dir, 'secret'),
      DATA_DIR: join(dir, 'data'),
      PORT: String(port),
    });
    try {
      await waitFor200(`${good.url}/health`, 20_000);
    } finally {
      good.child.kill('SIGTERM');
      await good.exited;
    }
  });

  it('waits for an unreachable database, then exits 1 with one clear line after DB_WAIT_TIMEOUT', async () => {
    const started = Date.now();
    const service = runCli(['serve'], {
      DATABASE_URL: `postgres://u:secret-pw@127.0.0.1:${await freePort()}/stockbook`,
      DB_WAIT_TIMEOUT: '2',
    });
    const exit = await service.exited;
    const elapsed = Date.now() - started;
    expect(exit.code).toBe(1);
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    expect(elapsed).toBeLessThan(15_000);
    const lastLine = service.output().trim().split('\n').at(-1) ?? '';
    expect(lastLine).toMatch(/^stockbook: database at 127\.0\.0\.1:\d+\/stockbook not reachable after 2s/);
    expect(service.output()).not.toContain('secret-pw');
  });

  it('runs migrations alone with the migrate command', async () => {
    const dataDir = tempDir();
    const service = runCli(['migrate'], { DATA_DIR: dataDir });
    expect((await service.exited).code).toBe(0);
    const { openDatabase } = await import('../../src/infrastructure/database/connection.js');
    const { migrations } = await import('../../src/infrastructure/database/migrations/index.js');
    const { sql } = await import('kysely');
    const handle = await openDatabase({ databaseUrl: null, dataDir });
    try {
      const rows = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(handle.db);
      expect(rows.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
    } finally {
      await handle.close();
    }
  });
});

describe('rebuild-positions', () => {
  it('recomputes positions of trades that were written straight into the database', async () => {
    const dataDir = tempDir();
    const port = String(await freePort());
    const first = runCli(['serve'], { DATA_DIR: dataDir, PORT: port });
    let token = '';
    let portfolioId = '';
    try {
      await waitFor200(`${first.url}/health`, 20_000);
      await json(`${first.url}/api/v1/setup`, 'POST', {
        household_name: 'H',
        display_name: 'H',
        email: 'h@example.com',
        password: 'correct-horse-battery',
      });
      token = (
        await json(`${first.url}/api/v1/auth/login`, 'POST', {
          email: 'h@example.com',
          password: 'correct-horse-battery',
        })
      ).body.access_token;
      const stock = (await json(`${first.url}/api/v1/stocks`, 'POST', { symbol: 'SQL' }, token)).body.id;
      portfolioId = (await json(`${first.url}/api/v1/portfolios`, 'POST', { name: 'Imported' }, token)).body.id;
      // One trade through the API, so the portfolio has a position to be replaced.
      await json(
        `${first.url}/api/v1/portfolios/${portfolioId}/transactions`,
        'POST',
        { stock_id: stock, type: 'buy', quantity: 1, price: 10, trade_date: '2024-01-01' },
        token,
      );
      first.child.kill('SIGTERM');
      await first.exited;
      // Trades imported behind the service's back: its stored position no longer matches.
      const { openDatabase } = await import('../../src/infrastructure/database/connection.js');
      const { sql } = await import('kysely');
      const handle = await openDatabase({ databaseUrl: null, dataDir });
      await sql`INSERT INTO transactions (id, household_id, portfolio_id, stock_id, type, quantity, price, fee, trade_date)
        SELECT gen_random_uuid(), household_id, ${portfolioId}::uuid, id, 'buy', 2, 20, 0, '2024-02-01' FROM stocks`.execute(
        handle.db,
      );
      await handle.close();
    } finally {
      await stop(first);
    }
    const rebuild = runCli(['rebuild-positions'], { DATA_DIR: dataDir });
    expect((await rebuild.exited).code).toBe(0);
    expect(rebuild.output()).toContain('rebuilt the positions of 1 portfolios');
    const second = runCli(['serve'], { DATA_DIR: dataDir, PORT: port });
    try {
      await waitFor200(`${second.url}/health`, 20_000);
      const holdings = await json(`${second.url}/api/v1/portfolios/${portfolioId}/holdings`, 'GET', undefined, token);
      // 1 @ 10 + 2 @ 20 = 50 for 3 shares.
      expect(holdings.body.items[0]).toMatchObject({ symbol: 'SQL', quantity: '3', cost_basis: '50.00' });
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});
