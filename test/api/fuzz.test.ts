import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { addUser, loginAs, PASSWORD, setupOwner, useTestApp } from '../support/app.js';
import { type FuzzRequest, fuzzRequest, type Pools } from '../support/fuzz.js';
import { type Operation, operationsOf } from '../support/openapi.js';

/**
 * A hostile-input campaign over every operation of the service's own /openapi.json (issues 7 and 11):
 * generated requests, valid and hostile, from every kind of caller (owner, member, viewer, another
 * household, no token, a garbage, an expired and a revoked token, malformed Authorization headers). For
 * each answer: never a 5xx, the envelope for every non-2xx answer with its request id and the security
 * headers, no stack or SQL text in any body, no foreign record, no viewer write and nothing behind
 * authentication accepted without a live session, and nothing written by a request that was refused:
 * every table is hashed before and after each non-GET request (about 2 ms on PostgreSQL, so the whole
 * campaign affords it; a per-batch snapshot would hide which request wrote). Every route must be hit.
 * `npm test` runs 3000; .ci/run runs FUZZ_RUNS=20000 on PostgreSQL and Redis. FUZZ_SEED replays a
 * campaign; a failure prints the seed and the requests.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

const STATUS_OF: Record<string, number> = {
  VALIDATION_ERROR: 400,
  AUTHENTICATION_REQUIRED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  BUSINESS_RULE_VIOLATION: 422,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
};
const INTERNALS =
  /node_modules|\bat \S+ \(|\.[jt]s:\d+|invalid input syntax|violates|relation "|column "|duplicate key|syntax error at|pglite|kysely|RangeError|TypeError/i;
/** Text that no answer may carry, a success's neither (its strings are the caller's own, never these). */
const LEAKS =
  /\n\s+at |^ {4}at |node_modules|\bSELECT |\bINSERT INTO |\bDELETE FROM |syntax error at|relation "|duplicate key/m;

const CALLERS = {
  owner: 6,
  member: 2,
  viewer: 1,
  foreign: 1,
  none: 1,
  garbage: 1,
  expired: 1,
  revoked: 1,
  badheader: 1,
};
/** Callers without a live session, and the routes that such a caller may use. */
const NO_SESSION = new Set(['none', 'garbage', 'expired', 'revoked', 'badheader']);
const PUBLIC = /^\/api\/v1\/(setup|households|auth\/login|sectors)$|^\/(?!api\/)/;

const testApp = useTestApp();
const tokens: Record<string, string | null> = {};
const pools: Pools = { own: {}, foreign: {} };
let operations: Operation[];
let tables: string[];

async function seedHousehold(owner: Awaited<ReturnType<typeof setupOwner>>['owner'], into: Record<string, string>) {
  into.stock = (await owner.post('/api/v1/stocks', { symbol: 'FUZZ', sector: 'Energy' })).body.id;
  into.spare_stock = (await owner.post('/api/v1/stocks', { symbol: 'SPARE' })).body.id;
  into.portfolio = (await owner.post('/api/v1/portfolios', { name: 'Fuzzed' })).body.id;
  const trade = await owner.post(`/api/v1/portfolios/${into.portfolio}/transactions`, {
    stock_id: into.stock,
    type: 'buy',
    quantity: '10',
    price: '100',
    trade_date: '2024-01-02',
  });
  into.transaction = trade.body.id;
  into.target = (
    await owner.post('/api/v1/targets', {
      portfolio_id: into.portfolio,
      stock_id: into.stock,
      pivot_price: '150',
      failure_price: '80',
    })
  ).body.id;
  into.journal = (await owner.post('/api/v1/journal', { content: 'Bought on the dip', stock_id: into.stock })).body.id;
  into.balance = (
    await owner.post(`/api/v1/portfolios/${into.portfolio}/balances`, { date: '2024-01-02', final_balance: '1000' })
  ).body.id;
  for (const [key, value] of Object.entries(into)) if (typeof value !== 'string') throw new Error(`seed ${key}`);
}

beforeAll(async () => {
  const { app } = testApp();
  const a = await setupOwner(app);
  tokens.owner = a.token;
  await seedHousehold(a.owner, pools.own);
  tokens.member = (await addUser(app, a.owner, 'member@example.com', 'member')).token;
  // The member whose role the campaign changes and who may be removed: not one of the callers.
  pools.own.member = (await addUser(app, a.owner, 'spare@example.com', 'member')).userId;
  tokens.viewer = (await addUser(app, a.owner, 'viewer@example.com', 'viewer')).token;
  const other = await a.owner.post('/api/v1/households', {
    household_name: 'The Roes',
    display_name: 'Richard Roe',
    email: 'roe@example.com',
    password: PASSWORD,
  });
  expect(other.status).toBe(201);
  const b = await loginAs(app, 'roe@example.com');
  tokens.foreign = b.token;
  await seedHousehold(b.owner, pools.foreign);
  pools.foreign.member = other.body.user.id;
  tokens.none = null;
  tokens.garbage = 'garbage-token';
  // A session past its expiry (never used before, so no cache holds it) and one ended by a logout.
  const expired = await addUser(app, a.owner, 'expired@example.com', 'member');
  await sql`UPDATE sessions SET expires_at = now() - interval '1 hour' WHERE user_id = ${expired.userId}`.execute(
    testApp().database.db,
  );
  tokens.expired = expired.token;
  const revoked = await addUser(app, a.owner, 'revoked@example.com', 'owner');
  expect((await revoked.owner.post('/api/v1/auth/logout')).status).toBe(204);
  tokens.revoked = revoked.token;
  tokens.badheader = null;
  const { rows } = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(
    testApp().database.db,
  );
  tables = rows.map((r) => r.name);
  expect(tables).toContain('transactions');
  operations = operationsOf((await a.owner.get('/openapi.json')).body as never);
});

/** Bodies that pass validation and meet the domain's rules: oversells, transitions, duplicates. */
function examples(own: Record<string, string>): Record<string, unknown[]> {
  const trade = (fields: object) => ({ stock_id: own.stock, trade_date: '2024-01-03', ...fields });
  return {
    'POST /api/v1/portfolios/{id}/transactions': [
      trade({ type: 'sell', quantity: '1000', price: '1' }),
      trade({ type: 'sell', quantity: '1', price: '120', trade_date: '2023-01-01' }),
      trade({ type: 'buy', quantity: '1', price: '90', fee: '1' }),
      trade({ type: 'dividend', amount: '5' }),
      trade({ type: 'split', ratio: '2:1' }),
    ],
    'PATCH /api/v1/portfolios/{id}/transactions/{transaction_id}': [
      { quantity: '0.5' },
      { type: 'sell' },
      { trade_date: '2025-01-01' },
    ],
    'PATCH /api/v1/targets/{id}': [
      { status: 'hit' },
      { status: 'active' },
      { status: 'cancelled' },
      { pivot_price: '90' },
    ],
    'POST /api/v1/targets': [
      { portfolio_id: own.portfolio, stock_id: own.stock, pivot_price: '150', failure_price: '80' },
    ],
    'PATCH /api/v1/household/members/{id}': [{ role: 'viewer' }, { role: 'member' }],
    'POST /api/v1/stocks/{id}/prices': [
      { prices: [{ date: '2024-05-01', close: '160' }] },
      { prices: [{ date: '2024-05-02', close: '70' }] },
    ],
    'POST /api/v1/portfolios/{id}/balances': [
      { date: '2024-01-02', final_balance: '1' },
      { date: '2024-02-02', final_balance: '1100', deposits: '50', index_change: '1.5' },
    ],
    'PATCH /api/v1/portfolios/{id}': [{ is_active: false }, { is_active: true }, { name: 'Fuzzed' }],
    'POST /api/v1/stocks': [{ symbol: 'FUZZ' }, { symbol: 'NEW1', sector: 'Financials', industry_group: 'Banks' }],
    'POST /api/v1/portfolios': [{ name: 'Fuzzed' }, { name: 'Second', cost_basis_method: 'fifo' }],
    'POST /api/v1/journal': [
      { content: 'Trimmed', tags: ['a'], sentiment: 'bullish', transaction_id: own.transaction },
    ],
    'PATCH /api/v1/household': [{ concentration_limit: '25' }],
  };
}

/** A hash of every row of every table, in one round trip (the campaign takes one per non-GET request). */
async function snapshot(): Promise<string> {
  const perTable = tables.map(
    (table) =>
      sql`SELECT ${table}::text AS name, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h
          FROM ${sql.table(table)} t`,
  );
  const { rows } = await sql<{ name: string; h: string }>`${sql.join(perTable, sql` UNION ALL `)}`.execute(
    testApp().database.db,
  );
  return rows.map((r) => `${r.name}:${r.h}`).join(' ');
}

async function send(request: FuzzRequest) {
  // A real session is never spent on a logout: the campaign would go on without its callers.
  const who = request.path === '/api/v1/auth/logout' && request.who !== 'none' ? 'garbage' : request.who;
  const token = tokens[who] ?? null;
  return testApp().app.inject({
    method: request.method as 'GET',
    url: request.url,
    headers: { ...request.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(request.payload !== undefined ? { payload: request.payload } : {}),
  });
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Everything the campaign has sent so far: a name stored by an earlier request (a portfolio called
 * `1' UNION SELECT ...`) comes back in later answers, and that is data, not a leak.
 */
const everSent: string[] = [];

/**
 * Stack or SQL text in an answer, outside what this or an earlier request sent (a validation message may quote
 * the caller's own `' UNION SELECT ...`, a list shows a stored one): each string of a JSON answer, or the whole
 * of any other.
 */
function leakIn(request: FuzzRequest, text: string): string | null {
  let strings: string[] = [text];
  try {
    const collect = (value: unknown): string[] =>
      typeof value === 'string'
        ? [value]
        : value !== null && typeof value === 'object'
          ? Object.values(value).flatMap(collect)
          : [];
    strings = collect(JSON.parse(text));
  } catch {
    // Not JSON (a CSV export, a page): searched as it is.
  }
  everSent.push(`${decoded(request.url)} ${request.payload === undefined ? '' : String(request.payload)}`);
  for (const value of strings) {
    const match = LEAKS.exec(value);
    if (match === null) continue;
    const around = value.slice(match.index, match.index + 30);
    if (!everSent.some((sent) => sent.includes(around))) return `${around} in ${text.slice(0, 200)}`;
  }
  return null;
}

function problemsOf(request: FuzzRequest, status: number, headers: Record<string, unknown>, text: string): string[] {
  const problems: string[] = [];
  if (status >= 500) problems.push(`status ${status}`);
  if (typeof headers['x-request-id'] !== 'string') problems.push('no x-request-id');
  if (headers['x-content-type-options'] !== 'nosniff') problems.push('no security headers');
  if (status < 200 || status >= 300) {
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const error = body?.error;
    if (
      error === undefined ||
      STATUS_OF[error.code] !== status ||
      typeof error.message !== 'string' ||
      !Array.isArray(error.details) ||
      error.request_id !== headers['x-request-id'] ||
      typeof error.timestamp !== 'string' ||
      Object.keys(body).length !== 1
    )
      problems.push(`outside the envelope: ${text.slice(0, 200)}`);
    if (INTERNALS.test(text)) problems.push(`internal text: ${text.slice(0, 200)}`);
  }
  const leak = leakIn(request, text);
  if (leak !== null) problems.push(`stack or SQL text: ${leak}`);
  if (status < 300) {
    const foreignCaller = request.who === 'foreign';
    if (request.ids.includes(foreignCaller ? 'own' : 'foreign') && request.who !== 'none')
      problems.push('a record of another household was accepted');
    if (request.who === 'viewer' && request.method !== 'GET' && !request.path.startsWith('/api/v1/auth/'))
      problems.push('a viewer wrote');
    if (NO_SESSION.has(request.who) && !PUBLIC.test(request.path))
      problems.push(`accepted without a live session (${request.who})`);
    // Only an owner manages members (product.md: "owner only: add, change role, remove").
    if (request.who === 'member' && request.method !== 'GET' && request.path.startsWith('/api/v1/household/members'))
      problems.push('a member managed members');
  }
  return problems;
}

const count = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);
const sorted = <K>(map: Map<K, number>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

describe('fuzz campaign over /openapi.json', () => {
  const title = `${RUNS} generated requests: no 5xx, every error in the envelope, nothing written by a refusal`;
  it(title, { timeout: 330_000 }, async () => {
    const started = performance.now();
    const arbitrary = fuzzRequest(operations, CALLERS, pools, examples(pools.own));
    const requests = fc.sample(arbitrary, { numRuns: RUNS, seed: SEED });
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const routes = new Map<string, number>(operations.map((op) => [`${op.method} ${op.path}`, 0]));
    const mutations = new Map<string, number>();
    const callers = new Map<string, number>();
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).join();
    let snapshotting = 0;
    let before = await snapshot();
    for (const [i, request] of requests.entries()) {
      const res = await send(request);
      count(statuses, res.statusCode);
      count(routes, `${request.method} ${request.path}`);
      count(mutations, request.mutation);
      count(callers, request.who);
      const problems = problemsOf(request, res.statusCode, res.headers, res.body);
      if (request.method !== 'GET') {
        const t = performance.now();
        const after = await snapshot();
        snapshotting += performance.now() - t;
        if ((res.statusCode < 200 || res.statusCode >= 300) && after !== before)
          problems.push('a refused request changed the data');
        before = after;
      }
      // The app runs in this process: a polluted prototype would show here.
      if (i % 250 === 0 && Object.getOwnPropertyNames(Object.prototype).join() !== prototypeKeys)
        problems.push('Object.prototype was polluted');
      if (problems.length > 0) {
        const payload = request.payload === undefined ? '' : String(request.payload).slice(0, 160);
        failures.push(
          `#${i} ${request.method} ${request.url.slice(0, 160)} as ${request.who} ${JSON.stringify(request.headers).slice(0, 300)} ${payload} → ${res.statusCode} ${res.body.slice(0, 300)}: ${problems.join('; ')}`,
        );
      }
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const hit = [...routes.values()].filter((n) => n > 0).length;
    const line = (map: Map<unknown, number>) => sorted(map).map(([k, n]) => `${k}×${n}`);
    console.log(
      [
        `fuzz campaign, seed ${SEED} (FUZZ_SEED replays it): ${requests.length} requests in ${seconds} s (${(snapshotting / 1000).toFixed(1)} s of them hashing the tables), ${hit}/${routes.size} routes`,
        `statuses: ${line(statuses).join(' ')}`,
        `callers: ${line(callers).join(' ')}`,
        `mutations: ${line(mutations).join(' ')}`,
        'per route:',
        ...sorted(routes).map(([route, n]) => `  ${String(n).padStart(6)}  ${route}`),
      ].join('\n'),
    );
    expect(failures.slice(0, 25), `seed ${SEED} (FUZZ_SEED=${SEED} replays it)`).toEqual([]);
    expect(
      [...routes].filter(([, n]) => n === 0).map(([route]) => route),
      'routes never hit',
    ).toEqual([]);
    // The campaign reached the domain: some requests succeeded and some were refused by its rules.
    expect([...statuses.keys()].filter((s) => s < 300).length).toBeGreaterThan(0);
    // 409 and 422 both come from domain rules; which of the two a seed meets more is chance.
    expect((statuses.get(409) ?? 0) + (statuses.get(422) ?? 0)).toBeGreaterThan(0);
  });
});
