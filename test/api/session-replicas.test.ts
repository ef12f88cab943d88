import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Cache } from '../../src/application/ports.js';
import { buildService, connectDatabase, createCache } from '../../src/cli/composition-root.js';
import { loadConfig } from '../../src/infrastructure/config.js';
import type { DatabaseHandle } from '../../src/infrastructure/database/connection.js';
import { createLogger } from '../../src/infrastructure/logger.js';
import { addUser, client, expectEnvelope, type Json, loginAs, setupOwner } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { tcpProxy } from '../support/tcp-proxy.js';

/**
 * Sessions are read from a copy near each replica (issue 11); a revoked session must still be refused at once on
 * every replica. With TEST_REDIS_URL (CI's Redis pass) the two apps below are two replicas, each with its own Redis
 * connections, on one database. Without it the service runs as one process on its in-process cache, so the two
 * apps share that one cache, the same assertions hold, and the Redis-only steps (cutting B's connection, counting
 * Redis commands) have nothing to act on.
 */
const REDIS_URL = process.env.TEST_REDIS_URL;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A proxy in front of Redis that the test cuts and restores; `url` reaches Redis through it. */
function redisProxy(target: URL) {
  const proxy = tcpProxy(target.hostname, Number(target.port || 6379));
  return { ...proxy, url: () => `redis://127.0.0.1:${proxy.port()}${target.pathname}` };
}

interface Pair {
  a: FastifyInstance;
  b: FastifyInstance;
  prefix: string;
  close(): Promise<void>;
}

/** Two apps on one database; with Redis, each its own cache (B through `redisUrlOfB` when given). */
async function startPair(redisUrlOfB?: string): Promise<Pair> {
  const db: TestDatabase = await createTestDatabase();
  const prefix = `test:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}:`;
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: db.dataDir,
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
    ...(REDIS_URL ? { REDIS_URL } : {}),
    RATE_LIMIT_PER_MINUTE: '0',
    REDIS_KEY_PREFIX: prefix,
  };
  const logger = createLogger('silent');
  const configA = loadConfig(env);
  const configB = REDIS_URL && redisUrlOfB ? loadConfig({ ...env, REDIS_URL: redisUrlOfB }) : configA;
  // PGlite opens its directory in one process: the apps share the handle; the point here is the cache.
  const database: DatabaseHandle = await connectDatabase(configA, logger, { migrate: true });
  const cacheA = await createCache(configA, logger);
  const cacheB: Cache = REDIS_URL ? await createCache(configB, logger) : cacheA;
  const a = (await buildService(configA, logger, database, cacheA)).app;
  const b = (await buildService(configB, logger, database, cacheB)).app;
  await Promise.all([a.ready(), b.listen({ port: 0, host: '127.0.0.1' })]);
  const pair = {
    a,
    b,
    prefix,
    async close() {
      await Promise.all([a.close(), b.close()]);
      await database.close();
      await Promise.all([cacheA.close(), cacheB === cacheA ? undefined : cacheB.close()]);
      await db.drop();
    },
  };
  await bothSubscribed(pair);
  return pair;
}

const admin = REDIS_URL ? new Redis(REDIS_URL, { lazyConnect: true }) : null;
beforeAll(async () => {
  await admin?.connect();
});
afterAll(async () => {
  admin?.disconnect();
});

/** Until both replicas follow the invalidation channel (before that they read Redis, which is correct but slower). */
async function bothSubscribed(pair: Pair): Promise<void> {
  if (admin === null) return;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [, count] = (await admin.pubsub('NUMSUB', `${pair.prefix}invalidate`)) as [string, number];
    if (Number(count) === 2) break;
    if (Date.now() > deadline) throw new Error(`${count} subscribers on ${pair.prefix}invalidate`);
    await sleep(50);
  }
  // The subscription counts on the replica once it has read the confirmation.
  await sleep(100);
}

/**
 * Replica B is called over real HTTP, as a client that got A's answer would call it: the request reaches B through
 * its socket, after the invalidation Redis sent B together with A's answer (in-process `inject` would overtake it).
 */
function overHttp(app: FastifyInstance, token: string) {
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('replica not listening');
  const request = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${address.port}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text === '' ? {} : JSON.parse(text)) as Json };
  };
  return {
    get: (path: string) => request('GET', path),
    post: (path: string, body: unknown) => request('POST', path, body),
  };
}

const me = (app: FastifyInstance, token: string) =>
  app === pair?.b ? overHttp(app, token).get('/api/v1/auth/me') : client(app, token).get('/api/v1/auth/me');

/** Asks until the answer is a refusal or `ms` have passed; the last answer. */
async function within(ms: number, ask: () => Promise<{ status: number; body: Json }>) {
  const deadline = Date.now() + ms;
  for (;;) {
    const res = await ask();
    if (res.status >= 400 || Date.now() > deadline) return res;
    await sleep(20);
  }
}

function expectRefused(res: { status: number; body: Json }, status = 401, code = 'AUTHENTICATION_REQUIRED') {
  expect({ status: res.status, code: res.body.error?.code }).toEqual({ status, code });
}

let pair: Pair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

describe('sessions across replicas', () => {
  it('a logout on replica A is refused on replica B immediately after, also when B holds the session', async () => {
    pair = await startPair();
    const { token } = await setupOwner(pair.a);
    const other = (await loginAs(pair.a, 'owner@example.com')).token;
    // B reads the sessions twice: the second read leaves a copy in B.
    for (let i = 0; i < 3; i++) {
      expect((await me(pair.b, token)).status).toBe(200);
      expect((await me(pair.b, other)).status).toBe(200);
    }

    expect((await client(pair.a, token).post('/api/v1/auth/logout')).status).toBe(204);
    expectRefused(await me(pair.b, token), 401, 'AUTHENTICATION_REQUIRED');
    expectEnvelope(await client(pair.a, token).get('/api/v1/auth/me'), 401, 'AUTHENTICATION_REQUIRED');
    // Only that session: the owner's other one stays valid on both.
    expect((await me(pair.b, other)).status).toBe(200);
    expect((await me(pair.a, other)).status).toBe(200);
  });

  it('a role change and a member removal on replica A take effect on replica B at once', async () => {
    pair = await startPair();
    const { owner } = await setupOwner(pair.a);
    const member = await addUser(pair.a, owner, 'member@example.com', 'member');
    const leaver = await addUser(pair.a, owner, 'leaver@example.com', 'member');
    const onB = overHttp(pair.b, member.token);
    for (let i = 0; i < 3; i++) {
      expect((await onB.get('/api/v1/auth/me')).body.role).toBe('member');
      expect((await me(pair.b, leaver.token)).status).toBe(200);
    }
    expect((await onB.post('/api/v1/stocks', { symbol: 'WRITE' })).status).toBe(201);

    expect((await owner.patch(`/api/v1/household/members/${member.userId}`, { role: 'viewer' })).status).toBe(200);
    expectRefused(await onB.post('/api/v1/stocks', { symbol: 'NOMORE' }), 403, 'FORBIDDEN');
    expect((await onB.get('/api/v1/auth/me')).body.role).toBe('viewer');

    expect((await owner.delete(`/api/v1/household/members/${leaver.userId}`)).status).toBe(204);
    expectRefused(await me(pair.b, leaver.token), 401, 'AUTHENTICATION_REQUIRED');
  });
});

/** Redis commands on this pair's session keys, from MONITOR: in order, as the server ran them. */
async function watchSessionCommands(prefix: string) {
  if (REDIS_URL === undefined) return null;
  const monitor = await (admin as Redis).monitor();
  const seen: string[][] = [];
  let marks = 0;
  monitor.on('monitor', (_time: string, args: string[]) => {
    if (args[1]?.startsWith(`${prefix}session:`)) seen.push(args);
    if (args[1] === `${prefix}mark`) marks++;
  });
  // MONITOR reports commands as they run, so once the probe's own GET shows, everything before it has shown too.
  const settle = async () => {
    const expected = marks + 1;
    await admin?.get(`${prefix}mark`);
    const deadline = Date.now() + 5000;
    while (marks < expected && Date.now() < deadline) await sleep(10);
    expect(marks).toBe(expected);
  };
  await settle();
  return {
    async take(): Promise<string[]> {
      await settle();
      return seen.splice(0).map((args) => String(args[0]).toLowerCase());
    },
    close: () => monitor.disconnect(),
  };
}

describe('reading sessions near', () => {
  it('a repeated authenticated request on one replica sends no Redis GET for its session', async () => {
    pair = await startPair();
    const { token } = await setupOwner(pair.a);
    const commands = await watchSessionCommands(pair.prefix);
    try {
      // The first read misses everywhere (the database answers, Redis is filled), the second takes Redis's copy.
      expect((await me(pair.b, token)).status).toBe(200);
      expect((await me(pair.b, token)).status).toBe(200);
      if (commands) expect((await commands.take()).filter((c) => c === 'get')).toHaveLength(2);

      for (let i = 0; i < 20; i++) expect((await me(pair.b, token)).status).toBe(200);
      if (commands) expect(await commands.take()).toEqual([]);

      // The copy is still bound by the revocation: A's logout reaches B at once.
      expect((await client(pair.a, token).post('/api/v1/auth/logout')).status).toBe(204);
      expectRefused(await me(pair.b, token), 401, 'AUTHENTICATION_REQUIRED');
    } finally {
      commands?.close();
    }
  });

  it('after replica B loses Redis and gets it back, its sessions still work and what was revoked meanwhile stays refused', async () => {
    const proxy = REDIS_URL ? redisProxy(new URL(REDIS_URL)) : null;
    await proxy?.start();
    pair = await startPair(proxy?.url());
    const { token: early } = await setupOwner(pair.a);
    const kept = (await loginAs(pair.a, 'owner@example.com')).token;
    const later = (await loginAs(pair.a, 'owner@example.com')).token;
    for (let i = 0; i < 3; i++) for (const t of [early, kept]) expect((await me(pair.b, t)).status).toBe(200);

    // Redis goes away for B only (a restart as B sees it): B answers from the database meanwhile.
    await proxy?.cut();
    expect((await me(pair.b, kept)).status).toBe(200);
    // Published while B was not listening: B must not keep its copy of `early` once Redis is back.
    expect((await client(pair.a, early).post('/api/v1/auth/logout')).status).toBe(204);
    expectRefused(await me(pair.b, early), 401, 'AUTHENTICATION_REQUIRED');

    await proxy?.start();
    await bothSubscribed(pair);
    expectRefused(await me(pair.b, early), 401, 'AUTHENTICATION_REQUIRED');
    for (let i = 0; i < 3; i++) for (const t of [kept, later]) expect((await me(pair.b, t)).status).toBe(200);
    // And the channel works again: a logout on A after the reconnect reaches B. B's messages pass through the
    // proxy, an extra hop inside this process that A's answer does not take, so they are given a moment to arrive.
    expect((await client(pair.a, later).post('/api/v1/auth/logout')).status).toBe(204);
    const b = pair.b;
    expectRefused(await within(1000, () => me(b, later)), 401, 'AUTHENTICATION_REQUIRED');
    expect((await me(pair.b, kept)).status).toBe(200);
    await pair.close();
    pair = undefined;
    await proxy?.cut();
  });
});
