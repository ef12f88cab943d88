import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, setupOwner, useTestApp } from '../support/app.js';
import { type Operation, operationsOf } from '../support/openapi.js';

/**
 * product.md section 8: any malformed or hostile input on any route gets a 4xx envelope, never a 500.
 * Every documented route is called with hostile path parameters, query strings and bodies.
 */
const testApp = useTestApp();
let owner: Client;
let routes: Operation[];
const ids: Record<string, string> = {};

beforeAll(async () => {
  ({ owner } = await setupOwner(testApp().app));
  routes = operationsOf((await owner.get('/openapi.json')).body as never);
  ids.stock = (await owner.post('/api/v1/stocks', { symbol: 'HOST' })).body.id;
  ids.portfolio = (await owner.post('/api/v1/portfolios', { name: 'Hostile' })).body.id;
  ids.transaction = (
    await owner.post(`/api/v1/portfolios/${ids.portfolio}/transactions`, {
      stock_id: ids.stock,
      type: 'buy',
      quantity: 1,
      price: 1,
      trade_date: '2024-01-02',
    })
  ).body.id;
});

const hostileIds = [
  'x',
  "' OR 1=1 --",
  '%00',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '..%2F..%2Fetc',
];
const hostileQueries = [
  'page=99999999999999999999',
  'size=-1',
  'sort=;DROP TABLE stocks',
  'sort=symbol:asc:asc',
  'search=%00',
  'search=%25%5C',
  'from=0000-00-00',
  'to=9999-99-99',
  'page=1.5',
  'status[]=a',
];
const hostileBodies: unknown[] = [
  {},
  [],
  'text',
  42,
  null,
  { symbol: '\u0000' },
  { name: 'a\u0000b', content: 'x\u0000', email: 'a@b.c\u0000', notes: '\u0000' },
  {
    quantity: '1e400',
    price: 'NaN',
    amount: 'Infinity',
    fee: '-0',
    trade_date: '2024-01-02',
    type: 'buy',
    stock_id: 'x',
  },
  { quantity: 1e308, price: -1e308, final_balance: '9'.repeat(500), date: '2024-13-45' },
  { symbol: ['A'], name: { a: 1 }, prices: 'x', tags: 'x', role: 1, is_active: 'yes' },
  { prices: [{ date: '2024-01-01', close: '1e-400' }], tags: Array(50).fill('t') },
  JSON.parse(`{"a":${'['.repeat(200)}${']'.repeat(200)}}`),
  { __proto__: { admin: true }, constructor: { prototype: { admin: true } } },
];

function fill(path: string, id: string): string {
  return path
    .replace('{transaction_id}', id === 'real' ? ids.transaction! : id)
    .replace('{balance_id}', id === 'real' ? '00000000-0000-4000-8000-000000000000' : id)
    .replace('{id}', id === 'real' ? (path.includes('/stocks/') ? ids.stock! : ids.portfolio!) : id);
}

function check(route: string, res: { status: number; body: any }) {
  expect(res.status, `${route} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400) expect(res.body.error?.code, route).toEqual(expect.any(String));
}

describe('hostile input on every route', () => {
  it('hostile path parameters', async () => {
    for (const { method, path } of routes.filter((r) => r.path.includes('{'))) {
      for (const id of hostileIds) {
        const url = fill(path, encodeURIComponent(id));
        check(
          `${method} ${url}`,
          await owner.request(method, url, method === 'GET' || method === 'DELETE' ? undefined : {}),
        );
      }
    }
  });

  it('hostile query strings', async () => {
    for (const { path } of routes.filter((r) => r.method === 'GET')) {
      for (const query of hostileQueries) {
        const url = `${fill(path, 'real')}?${query}`;
        check(`GET ${url}`, await owner.get(url));
      }
    }
  });

  it('hostile bodies', async () => {
    for (const { method, path } of routes.filter((r) => ['POST', 'PATCH', 'PUT'].includes(r.method))) {
      if (path === '/api/v1/auth/logout') continue;
      for (const body of hostileBodies) {
        const url = fill(path, 'real');
        const res = await owner.request(method, url, JSON.stringify(body), { 'content-type': 'application/json' });
        check(`${method} ${url} ${JSON.stringify(body).slice(0, 80)}`, res);
      }
    }
    // The session survived all of it and nothing was created from the hostile input.
    expect((await owner.get('/api/v1/auth/me')).status).toBe(200);
    expect((await owner.get('/api/v1/stocks')).body.total).toBe(1);
  });
});

describe('NUL characters', () => {
  it.each([
    ['POST', '/api/v1/stocks', { symbol: 'NUL', company_name: 'a\u0000b' }, 'company_name'],
    ['POST', '/api/v1/portfolios', { name: 'a\u0000b' }, 'name'],
    [
      'POST',
      '/api/v1/household/members',
      { email: 'n@x.io', display_name: 'N\u0000', password: 'correct-horse-battery', role: 'member' },
      'display_name',
    ],
    ['POST', '/api/v1/auth/login', { email: 'a\u0000@x.io', password: 'x' }, 'email'],
  ])('%s %s refuses NUL in %s with 400', async (method, url, body, field) => {
    const res = await owner.request(method, url, body);
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field, message: expect.any(String) }]);
  });

  it('refuses NUL in a query string and in nested fields', async () => {
    const q = await owner.get('/api/v1/stocks?search=a%00b');
    expect(q.status).toBe(400);
    expect(q.body.error.details[0].field).toBe('search');
    const nested = await owner.post(`/api/v1/stocks/${ids.stock}/prices`, {
      prices: [{ date: '2024-01-01\u0000', close: '1' }],
    });
    expect(nested.status).toBe(400);
    expect(nested.body.error.details[0].field).toBe('prices.0.date');
  });
});
