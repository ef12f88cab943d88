import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { DestinationStream } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { buildService, connectDatabase, createCache } from '../../src/cli/composition-root.js';
import { type Config, loadConfig } from '../../src/infrastructure/config.js';
import type { DatabaseHandle } from '../../src/infrastructure/database/connection.js';
import { createLogger } from '../../src/infrastructure/logger.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  database: DatabaseHandle;
  close(): Promise<void>;
}

/**
 * The real service (composition root, Fastify, repositories, migrations) on this file's own
 * database; Redis when TEST_REDIS_URL is set (CI), the in-memory cache otherwise.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  testDb?: TestDatabase,
  logDestination?: DestinationStream,
): Promise<TestApp> {
  const db = testDb ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATA_DIR: db.dataDir,
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
    ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}),
    RATE_LIMIT_PER_MINUTE: '0',
    // Each app its own keys in a shared Redis: counters and sessions of one test never leak into another.
    REDIS_KEY_PREFIX: `test:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}:`,
    ...env,
  });
  const logger = createLogger(config.logLevel, logDestination);
  const database = await connectDatabase(config, logger, { migrate: true });
  const cache = await createCache(config, logger);
  const { app } = await buildService(config, logger, database, cache);
  await app.ready();
  return {
    app,
    config,
    database,
    async close() {
      await app.close();
      await database.close();
      await cache.close();
      if (testDb === undefined) await db.drop();
    },
  };
}

/** Starts one app for the whole file and closes it afterwards. */
export function useTestApp(env: Record<string, string> = {}): () => TestApp {
  let current: TestApp | undefined;
  beforeAll(async () => {
    current = await startTestApp(env);
  });
  afterAll(async () => {
    await current?.close();
  });
  return () => {
    if (current === undefined) throw new Error('test app not started');
    return current;
  };
}

export type Json = Record<string, unknown> & { [key: string]: any };

export interface Client {
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  get(url: string): Promise<Response>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  patch(url: string, body?: unknown): Promise<Response>;
  delete(url: string): Promise<Response>;
}

export interface Response {
  status: number;
  headers: LightMyRequestResponse['headers'];
  body: Json;
  raw: LightMyRequestResponse;
}

/** A client that calls the app in-process with a bearer token (or none). */
export function client(app: FastifyInstance, token?: string): Client {
  const request = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const raw = await app.inject({
      method: method as 'GET',
      url,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    let parsed: Json = {};
    try {
      parsed = raw.body === '' ? {} : JSON.parse(raw.body);
    } catch {
      parsed = { text: raw.body };
    }
    return { status: raw.statusCode, headers: raw.headers, body: parsed, raw };
  };
  return {
    request,
    get: (url) => request('GET', url),
    post: (url, body, headers) => request('POST', url, body ?? {}, headers),
    patch: (url, body) => request('PATCH', url, body ?? {}),
    delete: (url) => request('DELETE', url),
  };
}

export const PASSWORD = 'correct-horse-battery';

export interface Household {
  owner: Client;
  token: string;
  householdId: string;
  userId: string;
  email: string;
}

/** Runs first-run setup and logs the owner in. */
export async function setupOwner(app: FastifyInstance, email = 'owner@example.com'): Promise<Household> {
  const anon = client(app);
  const setup = await anon.post('/api/v1/setup', {
    household_name: 'The Does',
    display_name: 'Jane Doe',
    email,
    password: PASSWORD,
  });
  if (setup.status !== 201) throw new Error(`setup failed: ${setup.status} ${JSON.stringify(setup.body)}`);
  return loginAs(app, email, setup.body.household.id, setup.body.user.id);
}

export async function loginAs(app: FastifyInstance, email: string, householdId = '', userId = ''): Promise<Household> {
  const login = await client(app).post('/api/v1/auth/login', { email, password: PASSWORD });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
  const token = login.body.access_token as string;
  return { owner: client(app, token), token, householdId, userId, email };
}

/** The owner adds a user with `role`, who then logs in. */
export async function addUser(app: FastifyInstance, owner: Client, email: string, role: string): Promise<Household> {
  const created = await owner.post('/api/v1/household/members', {
    email,
    display_name: email,
    password: PASSWORD,
    role,
  });
  if (created.status !== 201) throw new Error(`add member failed: ${created.status} ${JSON.stringify(created.body)}`);
  return loginAs(app, email, '', created.body.id);
}

export function expectEnvelope(response: Response, status: number, code: string): void {
  if (response.status !== status || response.body?.error?.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${response.status} ${JSON.stringify(response.body)}`);
  }
  const error = response.body.error;
  if (
    typeof error.message !== 'string' ||
    !Array.isArray(error.details) ||
    typeof error.request_id !== 'string' ||
    typeof error.timestamp !== 'string'
  )
    throw new Error(`malformed envelope: ${JSON.stringify(response.body)}`);
}
