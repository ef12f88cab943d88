import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type Client, client, type Json, loginAs, PASSWORD, setupOwner, startTestApp } from './app.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { seedHousehold } from './household-file.js';
import { runCli } from './process.js';

/** Helpers for `stockbook backup` and `stockbook restore` (test/api/backup.test.ts, test/postgres/backup.test.ts). */

/** A database with nothing in it, not even the schema: a blank PostgreSQL database, or a new PGlite directory. */
export async function blankDatabase(): Promise<TestDatabase> {
  if (process.env.TEST_DATABASE_URL !== undefined) return createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'stockbook-restore-'));
  return { databaseUrl: null, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

export function databaseEnv(db: TestDatabase): Record<string, string> {
  return db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : { DATA_DIR: db.dataDir };
}

export async function stockbook(db: TestDatabase, ...args: string[]) {
  const run = runCli(args, { ...databaseEnv(db), LOG_LEVEL: 'warn' });
  const { code } = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

/** Two households: the seeded one (every kind of data), and a second with a member; emails of who logs in. */
export async function seedInstance(db: TestDatabase): Promise<{ emails: string[] }> {
  const testApp = await startTestApp({ ALLOW_SIGNUP: 'true' }, db);
  try {
    const first = await setupOwner(testApp.app);
    await seedHousehold(first, testApp);
    const signup = await client(testApp.app).post('/api/v1/households', {
      household_name: 'The Roes',
      display_name: 'Rick Roe',
      email: 'rick@example.com',
      password: PASSWORD,
    });
    expect(signup.status, JSON.stringify(signup.body)).toBe(201);
    const rick = await loginAs(testApp.app, 'rick@example.com');
    const member = await rick.owner.post('/api/v1/household/members', {
      email: 'rita@example.com',
      display_name: 'Rita Roe',
      password: PASSWORD,
      role: 'member',
    });
    expect(member.status, JSON.stringify(member.body)).toBe(201);
    const stock = await rick.owner.post('/api/v1/stocks', { symbol: 'NESN.SW', currency: 'CHF' });
    const portfolio = await rick.owner.post('/api/v1/portfolios', { name: 'Swiss' });
    const trade = await rick.owner.post(`/api/v1/portfolios/${portfolio.body.id}/transactions`, {
      stock_id: stock.body.id,
      type: 'buy',
      quantity: '3.125',
      price: '99.99',
      trade_date: '2024-04-02',
    });
    expect(trade.status, JSON.stringify(trade.body)).toBe(201);
    return { emails: ['owner@example.com', 'rick@example.com', 'rita@example.com'] };
  } finally {
    await testApp.close();
  }
}

async function ok(api: Client, url: string): Promise<Json> {
  const res = await api.get(url);
  expect(res.status, `${url} ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
}

/** What each user sees through the API, read by logging in with the password: the answers a restore must keep. */
export async function apiAnswers(db: TestDatabase, emails: string[]): Promise<{ answers: Json; oldTokens: string[] }> {
  const testApp = await startTestApp({}, db);
  try {
    const answers: Json = {};
    const oldTokens: string[] = [];
    for (const email of emails) {
      const { owner: api, token } = await loginAs(testApp.app, email);
      oldTokens.push(token);
      const seen: Json = {};
      const me = await ok(api, '/api/v1/auth/me');
      seen.me = me;
      for (const url of [
        '/api/v1/household',
        '/api/v1/household/members',
        '/api/v1/stocks?size=100',
        '/api/v1/portfolios?size=100',
        '/api/v1/analytics',
        '/api/v1/targets?size=100',
        '/api/v1/journal?size=100',
        '/api/v1/fx-rates?size=100',
        '/api/v1/sectors',
      ])
        seen[url] = await ok(api, url);
      // Only an owner exports; a member's refusal is an answer too.
      const exported = await api.get('/api/v1/export');
      seen.export =
        exported.status === 200
          ? { ...exported.body, exported_at: undefined }
          : { status: exported.status, code: exported.body.error?.code };
      for (const stock of (seen['/api/v1/stocks?size=100'] as Json).items as Json[])
        seen[`prices ${stock.symbol}`] = await ok(api, `/api/v1/stocks/${stock.id}/prices?size=100`);
      for (const portfolio of (seen['/api/v1/portfolios?size=100'] as Json).items as Json[])
        for (const path of ['holdings', 'analytics', 'transactions?size=100', 'balances?size=100'])
          seen[`${portfolio.name} ${path}`] = await ok(api, `/api/v1/portfolios/${portfolio.id}/${path}`);
      answers[email] = seen;
    }
    return { answers, oldTokens };
  } finally {
    await testApp.close();
  }
}
