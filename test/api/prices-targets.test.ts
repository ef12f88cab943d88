import { beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Client, expectEnvelope, type Response, setupOwner, useTestApp } from '../support/app.js';
import {
  dataVersion,
  fieldsOf,
  newPortfolio,
  newStock,
  otherHousehold,
  UNKNOWN_ID,
} from '../support/trading-fixtures.js';

const testApp = useTestApp({ ALLOW_SIGNUP: 'true' });
let owner: Client;
let member: Client;
let viewer: Client;
let stranger: Client;
let householdId: string;
let portfolioId: string;
let stockId: string;
let foreignStockId: string;
let foreignPortfolioId: string;

beforeAll(async () => {
  const app = testApp().app;
  const household = await setupOwner(app);
  owner = household.owner;
  householdId = household.householdId;
  member = (await addUser(app, owner, 'member@example.com', 'member')).owner;
  viewer = (await addUser(app, owner, 'viewer@example.com', 'viewer')).owner;
  stranger = (await otherHousehold(app, 'stranger@example.com')).owner;
  portfolioId = await newPortfolio(owner, 'Main');
  stockId = await newStock(owner, 'AAPL');
  foreignStockId = await newStock(stranger, 'AAPL');
  foreignPortfolioId = await newPortfolio(stranger, 'Theirs');
});

const pricesOf = (id: string) => `/api/v1/stocks/${id}/prices`;

async function target(body: Record<string, unknown> = {}, client: Client = owner) {
  return client.post('/api/v1/targets', {
    portfolio_id: portfolioId,
    stock_id: stockId,
    pivot_price: '120',
    failure_price: '90',
    ...body,
  });
}

describe('POST /api/v1/stocks/{id}/prices', () => {
  let id: string;
  beforeAll(async () => {
    id = await newStock(owner, 'PRC');
  });

  it('stores a batch and answers the stored closes in date order', async () => {
    const res = await owner.post(pricesOf(id), {
      prices: [
        { date: '2024-01-03', close: '150.25' },
        { date: '2024-01-02', close: 99.5 },
        { date: '2024-01-04', close: '10.12345678' },
        { date: '2024-01-05', close: 0 },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      items: [
        { date: '2024-01-02', close: '99.5', source: 'manual' },
        { date: '2024-01-03', close: '150.25', source: 'manual' },
        { date: '2024-01-04', close: '10.123457', source: 'manual' },
        { date: '2024-01-05', close: '0', source: 'manual' },
      ],
      triggered_targets: [],
    });
  });

  it('replaces a date that is already stored', async () => {
    const res = await owner.post(pricesOf(id), { prices: [{ date: '2024-01-03', close: '151' }] });
    expect(res.status).toBe(201);
    const list = await owner.get(`${pricesOf(id)}?sort=date:asc`);
    expect(list.body.total).toBe(4);
    expect(list.body.items[1]).toEqual({ date: '2024-01-03', close: '151', source: 'manual' });
  });

  it('accepts a member and 1000 prices at once', async () => {
    const other = await newStock(owner, 'BULK');
    const start = Date.UTC(2020, 0, 1);
    const prices = Array.from({ length: 1000 }, (_, i) => ({
      date: new Date(start + i * 86_400_000).toISOString().slice(0, 10),
      close: `${100 + i}.5`,
    }));
    const res = await member.post(pricesOf(other), { prices });
    expect(res.status).toBe(201);
    expect(res.body.items).toHaveLength(1000);
    expect((await owner.get(pricesOf(other))).body.total).toBe(1000);
  });

  it.each([
    ['prices', {}],
    ['prices', { prices: [] }],
    ['prices', { prices: 'x' }],
    ['prices.0.date', { prices: [{ date: '2024-02-30', close: '1' }] }],
    ['prices.0.date', { prices: [{ date: '01/02/2024', close: '1' }] }],
    ['prices.0.date', { prices: [{ close: '1' }] }],
    ['prices.0.close', { prices: [{ date: '2024-02-01', close: '-0.01' }] }],
    ['prices.0.close', { prices: [{ date: '2024-02-01', close: 'abc' }] }],
    ['prices.0.close', { prices: [{ date: '2024-02-01', close: '1e3' }] }],
    ['prices.0.close', { prices: [{ date: '2024-02-01', close: null }] }],
    ['prices.0.close', { prices: [{ date: '2024-02-01' }] }],
    ['prices.0.volume', { prices: [{ date: '2024-02-01', close: '1', volume: 3 }] }],
    ['currency', { prices: [{ date: '2024-02-01', close: '1' }], currency: 'USD' }],
    [
      'prices.2.date',
      {
        prices: [
          { date: '2024-02-01', close: '1' },
          { date: '2024-02-02', close: '2' },
          { date: '2024-02-01', close: '3' },
        ],
      },
    ],
  ])('refuses a bad %s with 400 and stores nothing', async (field, body) => {
    const before = (await owner.get(pricesOf(id))).body.total;
    const res = await owner.post(pricesOf(id), body);
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(fieldsOf(res.body)).toContain(field);
    expect((await owner.get(pricesOf(id))).body.total).toBe(before);
  });

  it('refuses more than 1000 prices', async () => {
    const prices = Array.from({ length: 1001 }, (_, i) => ({ date: `2030-01-01`, close: String(i) }));
    const res = await owner.post(pricesOf(id), { prices });
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(fieldsOf(res.body)).toContain('prices');
  });

  it('refuses a batch where one item is bad and keeps the good ones out too', async () => {
    const before = (await owner.get(pricesOf(id))).body.total;
    const res = await owner.post(pricesOf(id), {
      prices: [
        { date: '2025-01-01', close: '1' },
        { date: '2025-01-02', close: '-1' },
      ],
    });
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(fieldsOf(res.body)).toEqual(['prices.1.close']);
    expect((await owner.get(pricesOf(id))).body.total).toBe(before);
  });

  it('answers 404 for an unknown, malformed or foreign stock', async () => {
    const body = { prices: [{ date: '2024-01-02', close: '1' }] };
    for (const url of [pricesOf(UNKNOWN_ID), pricesOf('not-a-uuid'), pricesOf(foreignStockId)]) {
      expectEnvelope(await owner.post(url, body), 404, 'NOT_FOUND');
      expectEnvelope(await owner.get(url), 404, 'NOT_FOUND');
    }
    expect((await stranger.get(pricesOf(foreignStockId))).body.total).toBe(0);
  });

  it('lets a viewer read but not write', async () => {
    expectEnvelope(await viewer.post(pricesOf(id), { prices: [{ date: '2024-06-01', close: '1' }] }), 403, 'FORBIDDEN');
    const res = await viewer.get(pricesOf(id));
    expect(res.status).toBe(200);
    expect(res.body.items.some((p: { date: string }) => p.date === '2024-06-01')).toBe(false);
  });

  it('bumps the household data version', async () => {
    const before = await dataVersion(testApp(), householdId);
    await owner.post(pricesOf(id), { prices: [{ date: '2024-07-01', close: '5' }] });
    expect(await dataVersion(testApp(), householdId)).toBe(before + 1);
    await owner.post(pricesOf(id), { prices: [{ date: 'bad', close: '5' }] });
    expect(await dataVersion(testApp(), householdId)).toBe(before + 1);
  });
});

describe('GET /api/v1/stocks/{id}/prices', () => {
  let id: string;
  beforeAll(async () => {
    id = await newStock(owner, 'LIST');
    await owner.post(pricesOf(id), {
      prices: ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'].map((date, i) => ({
        date,
        close: `${10 + i}.000`,
      })),
    });
  });

  it('pages newest first by default', async () => {
    const res = await owner.get(`${pricesOf(id)}?size=2`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 5, page: 1, size: 2, pages: 3 });
    expect(res.body.items).toEqual([
      { date: '2024-01-05', close: '14', source: 'manual' },
      { date: '2024-01-04', close: '13', source: 'manual' },
    ]);
    const last = await owner.get(`${pricesOf(id)}?size=2&page=3`);
    expect(last.body.items).toEqual([{ date: '2024-01-01', close: '10', source: 'manual' }]);
  });

  it('sorts by date ascending when asked', async () => {
    const res = await owner.get(`${pricesOf(id)}?sort=date:asc&size=1`);
    expect(res.body.items).toEqual([{ date: '2024-01-01', close: '10', source: 'manual' }]);
  });

  it.each([
    ['sort', '?sort=close'],
    ['sort', '?sort=date:up'],
    ['size', '?size=101'],
    ['size', '?size=0'],
    ['page', '?page=0'],
    ['page', '?page=x'],
    ['page', '?page=100000000000000000000'],
    ['from', '?from=2024-01-01'],
  ])('refuses a bad %s with 400', async (field, query) => {
    const res = await owner.get(`${pricesOf(id)}${query}`);
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(fieldsOf(res.body)).toContain(field);
  });
});

describe('POST /api/v1/targets', () => {
  it('creates an active target with the exact shape', async () => {
    const res = await target({ pivot_price: 120.5, failure_price: '90.1234567', notes: '  breakout  ' });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(
      [
        'created_at',
        'failure_price',
        'id',
        'notes',
        'pivot_price',
        'portfolio_id',
        'status',
        'stock_id',
        'symbol',
        'triggered_on',
        'triggered_price',
        'updated_at',
      ].sort(),
    );
    expect(res.body).toMatchObject({
      portfolio_id: portfolioId,
      stock_id: stockId,
      symbol: 'AAPL',
      pivot_price: '120.5',
      failure_price: '90.123457',
      status: 'active',
      notes: 'breakout',
      triggered_price: null,
      triggered_on: null,
    });
    expect(new Date(res.body.created_at).toISOString()).toBe(res.body.created_at);
    expect((await owner.get(`/api/v1/targets/${res.body.id}`)).body).toEqual(res.body);
  });

  it('defaults notes to "" and accepts a member', async () => {
    const res = await target({ notes: null }, member);
    expect(res.status).toBe(201);
    expect(res.body.notes).toBe('');
  });

  it('accepts a pivot below the failure price (a short-style target)', async () => {
    const res = await target({ pivot_price: '80', failure_price: '110' });
    expect(res.status).toBe(201);
  });

  it.each([
    ['pivot_price', { pivot_price: '100', failure_price: '100' }],
    ['failure_price', { pivot_price: '100.0', failure_price: 100 }],
    ['pivot_price', { pivot_price: '0' }],
    ['pivot_price', { pivot_price: '-5' }],
    ['pivot_price', { pivot_price: 'abc' }],
    ['pivot_price', { pivot_price: null }],
    ['pivot_price', { pivot_price: undefined }],
    ['failure_price', { failure_price: '0' }],
    ['failure_price', { failure_price: true }],
    ['portfolio_id', { portfolio_id: undefined }],
    ['stock_id', { stock_id: 5 }],
    ['notes', { notes: 'x'.repeat(1001) }],
    ['notes', { notes: 'bad\u0000notes' }],
    ['status', { status: 'hit' }],
    ['target_price', { target_price: '100' }],
  ])('refuses a bad %s with 400', async (field, body) => {
    const res = await target(body);
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(fieldsOf(res.body)).toContain(field);
  });

  it('answers 404 naming the unknown or foreign portfolio or stock, and writes nothing', async () => {
    const before = (await owner.get('/api/v1/targets')).body.total;
    for (const [body, what] of [
      [{ portfolio_id: foreignPortfolioId }, 'Portfolio'],
      [{ portfolio_id: UNKNOWN_ID }, 'Portfolio'],
      [{ portfolio_id: 'nope' }, 'Portfolio'],
      [{ stock_id: foreignStockId }, 'Stock'],
      [{ stock_id: UNKNOWN_ID }, 'Stock'],
    ] as const) {
      const res = await target(body);
      expectEnvelope(res, 404, 'NOT_FOUND');
      expect(res.body.error.message).toContain(what);
    }
    expect((await owner.get('/api/v1/targets')).body.total).toBe(before);
  });

  it('refuses a viewer with 403', async () => {
    expectEnvelope(await target({}, viewer), 403, 'FORBIDDEN');
  });
});

describe('PATCH /api/v1/targets/{id}: status transitions', () => {
  const STATUSES = ['active', 'hit', 'failed', 'cancelled'] as const;
  const ALLOWED = new Set(['active→hit', 'active→failed', 'active→cancelled', 'cancelled→active']);

  async function targetIn(status: (typeof STATUSES)[number]): Promise<string> {
    const { body } = await target();
    if (status !== 'active') {
      const res = await owner.patch(`/api/v1/targets/${body.id}`, { status });
      expect(res.status).toBe(200);
    }
    return body.id;
  }

  const pairs = STATUSES.flatMap((from) => STATUSES.map((to) => [from, to] as const));
  it.each(pairs)('%s → %s', async (from, to) => {
    const id = await targetIn(from);
    const res = await owner.patch(`/api/v1/targets/${id}`, { status: to });
    if (ALLOWED.has(`${from}→${to}`)) {
      expect(res.status).toBe(200);
      expect(res.body.status).toBe(to);
    } else {
      expectEnvelope(res, 422, 'BUSINESS_RULE_VIOLATION');
      expect(res.body.error.message).toContain(`from ${from} to ${to}`);
      expect((await owner.get(`/api/v1/targets/${id}`)).body.status).toBe(from);
    }
  });

  it('reads the status case-insensitively and refuses an unknown one with 400', async () => {
    const id = await targetIn('active');
    expect((await owner.patch(`/api/v1/targets/${id}`, { status: ' Cancelled ' })).body.status).toBe('cancelled');
    const res = await owner.patch(`/api/v1/targets/${id}`, { status: 'done' });
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(fieldsOf(res.body)).toEqual(['status']);
  });

  it('refuses an illegal transition without applying the rest of the change', async () => {
    const id = await targetIn('hit');
    const res = await owner.patch(`/api/v1/targets/${id}`, { status: 'active', notes: 'retry' });
    expectEnvelope(res, 422, 'BUSINESS_RULE_VIOLATION');
    expect((await owner.get(`/api/v1/targets/${id}`)).body).toMatchObject({ status: 'hit', notes: '' });
  });
});

describe('PATCH /api/v1/targets/{id}: fields', () => {
  let id: string;
  beforeAll(async () => {
    id = (await target({ notes: 'first' })).body.id;
  });

  it('changes prices and notes, keeping omitted fields', async () => {
    const res = await owner.patch(`/api/v1/targets/${id}`, { pivot_price: '130' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ pivot_price: '130', failure_price: '90', notes: 'first', status: 'active' });
    const cleared = await owner.patch(`/api/v1/targets/${id}`, { notes: null, failure_price: 95.5 });
    expect(cleared.body).toMatchObject({ pivot_price: '130', failure_price: '95.5', notes: '' });
  });

  it('an empty body changes nothing', async () => {
    const before = (await owner.get(`/api/v1/targets/${id}`)).body;
    const res = await owner.patch(`/api/v1/targets/${id}`, {});
    expect(res.status).toBe(200);
    expect({ ...res.body, updated_at: null }).toEqual({ ...before, updated_at: null });
  });

  it('refuses prices that would become equal, checked against the stored one', async () => {
    const res = await owner.patch(`/api/v1/targets/${id}`, { failure_price: '130.00' });
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(fieldsOf(res.body)).toContain('failure_price');
    expect((await owner.get(`/api/v1/targets/${id}`)).body.failure_price).toBe('95.5');
  });

  it.each([
    ['pivot_price', { pivot_price: null }],
    ['pivot_price', { pivot_price: '0' }],
    ['failure_price', { failure_price: 'x' }],
    ['portfolio_id', { portfolio_id: UNKNOWN_ID }],
    ['triggered_price', { triggered_price: '1' }],
  ])('refuses a bad %s with 400', async (field, body) => {
    const res = await owner.patch(`/api/v1/targets/${id}`, body);
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(fieldsOf(res.body)).toContain(field);
  });

  it('answers 404 for unknown, malformed and foreign ids, and 403 to a viewer', async () => {
    const theirs = await stranger.post('/api/v1/targets', {
      portfolio_id: foreignPortfolioId,
      stock_id: foreignStockId,
      pivot_price: '2',
      failure_price: '1',
    });
    expect(theirs.status).toBe(201);
    for (const other of [UNKNOWN_ID, 'not-a-uuid', theirs.body.id]) {
      expectEnvelope(await owner.get(`/api/v1/targets/${other}`), 404, 'NOT_FOUND');
      expectEnvelope(await owner.patch(`/api/v1/targets/${other}`, { notes: 'x' }), 404, 'NOT_FOUND');
      expectEnvelope(await owner.delete(`/api/v1/targets/${other}`), 404, 'NOT_FOUND');
    }
    expect((await stranger.get(`/api/v1/targets/${theirs.body.id}`)).body.notes).toBe('');
    expectEnvelope(await viewer.patch(`/api/v1/targets/${id}`, { notes: 'x' }), 403, 'FORBIDDEN');
    expectEnvelope(await viewer.delete(`/api/v1/targets/${id}`), 403, 'FORBIDDEN');
    expect((await viewer.get(`/api/v1/targets/${id}`)).status).toBe(200);
  });
});

describe('DELETE /api/v1/targets/{id}', () => {
  it('deletes, then answers 404', async () => {
    const { body } = await target();
    const res = await member.delete(`/api/v1/targets/${body.id}`);
    expect(res.status).toBe(204);
    expect(res.raw.body).toBe('');
    expectEnvelope(await owner.get(`/api/v1/targets/${body.id}`), 404, 'NOT_FOUND');
    expectEnvelope(await owner.delete(`/api/v1/targets/${body.id}`), 404, 'NOT_FOUND');
  });
});

describe('GET /api/v1/targets', () => {
  let lister: Client;
  let p1: string;
  let p2: string;
  let s1: string;
  let s2: string;
  beforeAll(async () => {
    lister = (await otherHousehold(testApp().app, 'lister@example.com')).owner;
    p1 = await newPortfolio(lister, 'P1');
    p2 = await newPortfolio(lister, 'P2');
    s1 = await newStock(lister, 'S1');
    s2 = await newStock(lister, 'S2');
    const make = (portfolio_id: string, stock_id: string, pivot: string) =>
      lister.post('/api/v1/targets', { portfolio_id, stock_id, pivot_price: pivot, failure_price: '1' });
    const a = await make(p1, s1, '10');
    await make(p1, s2, '20');
    await make(p2, s1, '30');
    const d = await make(p2, s2, '40');
    await lister.patch(`/api/v1/targets/${a.body.id}`, { status: 'cancelled' });
    await lister.patch(`/api/v1/targets/${d.body.id}`, { status: 'hit' });
  });

  const pivots = (res: Response): string[] => res.body.items.map((t: { pivot_price: string }) => t.pivot_price);

  it('lists the household targets newest first, paged', async () => {
    const res = await lister.get('/api/v1/targets?size=3');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 4, page: 1, size: 3, pages: 2 });
    expect(pivots(res)).toEqual(['40', '30', '20']);
  });

  it('filters by status, portfolio and stock', async () => {
    expect(pivots(await lister.get('/api/v1/targets?status=active&sort=pivot_price:asc'))).toEqual(['20', '30']);
    expect(pivots(await lister.get('/api/v1/targets?status=HIT'))).toEqual(['40']);
    expect(pivots(await lister.get(`/api/v1/targets?portfolio_id=${p1}&sort=pivot_price`))).toEqual(['10', '20']);
    expect(pivots(await lister.get(`/api/v1/targets?stock_id=${s2}&sort=pivot_price:desc`))).toEqual(['40', '20']);
    expect(pivots(await lister.get(`/api/v1/targets?stock_id=${s1}&portfolio_id=${p2}`))).toEqual(['30']);
    expect(pivots(await lister.get(`/api/v1/targets?stock_id=${s1}&status=hit`))).toEqual([]);
  });

  it("carries each target's stock symbol", async () => {
    const res = await lister.get('/api/v1/targets?sort=pivot_price:asc');
    expect(res.body.items.map((t: { pivot_price: string; symbol: string }) => [t.pivot_price, t.symbol])).toEqual([
      ['10', 'S1'],
      ['20', 'S2'],
      ['30', 'S1'],
      ['40', 'S2'],
    ]);
  });

  it('sorts numerically by price', async () => {
    await lister.post('/api/v1/targets', { portfolio_id: p1, stock_id: s1, pivot_price: '100', failure_price: '1' });
    expect(pivots(await lister.get('/api/v1/targets?sort=pivot_price:desc&size=2'))).toEqual(['100', '40']);
  });

  it.each([
    ['status', '?status=done'],
    ['sort', '?sort=notes'],
    ['size', '?size=1000'],
    ['search', '?search=x'],
  ])('refuses a bad %s with 400', async (field, query) => {
    const res = await lister.get(`/api/v1/targets${query}`);
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(fieldsOf(res.body)).toContain(field);
  });

  it("answers 404 for a filter naming another household's portfolio or stock", async () => {
    expectEnvelope(await lister.get(`/api/v1/targets?portfolio_id=${portfolioId}`), 404, 'NOT_FOUND');
    expectEnvelope(await lister.get(`/api/v1/targets?stock_id=${stockId}`), 404, 'NOT_FOUND');
    expectEnvelope(await lister.get(`/api/v1/targets?stock_id=${UNKNOWN_ID}`), 404, 'NOT_FOUND');
  });
});

describe('target answers name the stock and tell when the status last changed', () => {
  it('POST, GET, PATCH and triggered targets carry the symbol', async () => {
    const stock = await newStock(owner, 'SYMT');
    const created = await owner.post('/api/v1/targets', {
      portfolio_id: portfolioId,
      stock_id: stock,
      pivot_price: '50',
      failure_price: '40',
    });
    expect(created.body.symbol).toBe('SYMT');
    expect((await owner.get(`/api/v1/targets/${created.body.id}`)).body.symbol).toBe('SYMT');
    expect((await owner.patch(`/api/v1/targets/${created.body.id}`, { notes: 'watch' })).body.symbol).toBe('SYMT');
    const posted = await owner.post(pricesOf(stock), { prices: [{ date: '2024-06-03', close: '51' }] });
    expect(posted.body.triggered_targets).toMatchObject([{ id: created.body.id, symbol: 'SYMT', status: 'hit' }]);
  });

  it('updated_at moves with a status change, so the recently hit or failed list first by it', async () => {
    const stock = await newStock(owner, 'RCNT');
    const make = async (pivot: string) =>
      (
        await owner.post('/api/v1/targets', {
          portfolio_id: portfolioId,
          stock_id: stock,
          pivot_price: pivot,
          failure_price: '10',
        })
      ).body;
    const early = await make('20');
    const late = await make('30');
    await owner.post(pricesOf(stock), { prices: [{ date: '2024-06-03', close: '25' }] });
    const hit = (await owner.get(`/api/v1/targets/${early.id}`)).body;
    expect(hit.status).toBe('hit');
    expect(Date.parse(hit.updated_at)).toBeGreaterThan(Date.parse(early.updated_at));
    const failed = (await owner.patch(`/api/v1/targets/${late.id}`, { status: 'failed' })).body;
    expect(Date.parse(failed.updated_at)).toBeGreaterThan(Date.parse(hit.updated_at));
    const recent = await owner.get(`/api/v1/targets?stock_id=${stock}&sort=updated_at:desc`);
    expect(recent.body.items.map((t: { id: string; status: string }) => [t.id, t.status])).toEqual([
      [late.id, 'failed'],
      [early.id, 'hit'],
    ]);
  });
});

describe('posting prices evaluates active targets in the same transaction', () => {
  let sid: string;
  beforeAll(async () => {
    sid = await newStock(owner, 'TRIG');
  });
  const make = async (pivot: string, failure: string, stock = sid) => {
    const res = await owner.post('/api/v1/targets', {
      portfolio_id: portfolioId,
      stock_id: stock,
      pivot_price: pivot,
      failure_price: failure,
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const get = async (id: string) => (await owner.get(`/api/v1/targets/${id}`)).body;
  const post = (stock: string, prices: Array<[string, string | number]>) =>
    owner.post(pricesOf(stock), { prices: prices.map(([date, close]) => ({ date, close })) });

  it('marks a target hit at the pivot and failed at the failure price (boundaries included)', async () => {
    const stock = await newStock(owner, 'BND');
    const up = await make('120', '90', stock);
    const res = await post(stock, [
      ['2024-03-01', '100'],
      ['2024-03-02', '120.00'],
    ]);
    expect(res.status).toBe(201);
    expect(res.body.triggered_targets).toHaveLength(1);
    expect(res.body.triggered_targets[0]).toMatchObject({
      id: up,
      status: 'hit',
      triggered_price: '120',
      triggered_on: '2024-03-02',
    });
    expect(await get(up)).toMatchObject({ status: 'hit', triggered_price: '120', triggered_on: '2024-03-02' });

    const down = await make('120', '90', stock);
    await post(stock, [['2024-03-03', 90]]);
    expect(await get(down)).toMatchObject({ status: 'failed', triggered_price: '90', triggered_on: '2024-03-03' });
  });

  it('leaves a target active while the close stays between the prices', async () => {
    const stock = await newStock(owner, 'MID');
    const id = await make('120', '90', stock);
    const res = await post(stock, [
      ['2024-03-01', '90.01'],
      ['2024-03-02', '119.99'],
    ]);
    expect(res.body.triggered_targets).toEqual([]);
    expect(await get(id)).toMatchObject({ status: 'active', triggered_price: null, triggered_on: null });
  });

  it('mirrors the comparisons when the pivot is below the failure price', async () => {
    const stock = await newStock(owner, 'SHRT');
    const hit = await make('80', '110', stock);
    await post(stock, [['2024-04-01', '79.5']]);
    expect(await get(hit)).toMatchObject({ status: 'hit', triggered_price: '79.5' });
    const failed = await make('80', '110', stock);
    await post(stock, [['2024-04-02', '110']]);
    expect(await get(failed)).toMatchObject({ status: 'failed', triggered_price: '110' });
    const still = await make('80', '110', stock);
    await post(stock, [['2024-04-03', '100']]);
    expect((await get(still)).status).toBe('active');
  });

  it('evaluates a batch in date order, whatever the order it was sent in', async () => {
    const stock = await newStock(owner, 'ORD');
    const id = await make('120', '90', stock);
    await post(stock, [
      ['2024-05-03', '130'],
      ['2024-05-01', '100'],
      ['2024-05-02', '85'],
    ]);
    expect(await get(id)).toMatchObject({ status: 'failed', triggered_price: '85', triggered_on: '2024-05-02' });
  });

  it('leaves decided and cancelled targets, and targets of other stocks, alone', async () => {
    const stock = await newStock(owner, 'ALN');
    const otherStock = await newStock(owner, 'ALN2');
    const cancelled = await make('120', '90', stock);
    await owner.patch(`/api/v1/targets/${cancelled}`, { status: 'cancelled' });
    const other = await make('120', '90', otherStock);
    const hit = await make('120', '90', stock);
    await post(stock, [['2024-06-01', '125']]);
    expect(await get(hit)).toMatchObject({ status: 'hit', triggered_price: '125' });
    const res = await post(stock, [['2024-06-02', '50']]);
    expect(res.body.triggered_targets).toEqual([]);
    expect(await get(hit)).toMatchObject({ status: 'hit', triggered_price: '125', triggered_on: '2024-06-01' });
    expect(await get(cancelled)).toMatchObject({ status: 'cancelled', triggered_price: null });
    expect((await get(other)).status).toBe('active');
  });

  it('evaluates a reactivated target against later prices only', async () => {
    const stock = await newStock(owner, 'REAC');
    const id = await make('120', '90', stock);
    await owner.patch(`/api/v1/targets/${id}`, { status: 'cancelled' });
    await post(stock, [['2024-07-01', '150']]);
    expect((await get(id)).status).toBe('cancelled');
    expect((await owner.patch(`/api/v1/targets/${id}`, { status: 'active' })).body.status).toBe('active');
    await post(stock, [['2024-07-02', '121']]);
    expect(await get(id)).toMatchObject({ status: 'hit', triggered_price: '121', triggered_on: '2024-07-02' });
  });

  it('a replaced close counts as newly posted', async () => {
    const stock = await newStock(owner, 'REPL');
    await post(stock, [['2024-08-01', '100']]);
    const id = await make('120', '90', stock);
    await post(stock, [['2024-08-01', '120']]);
    expect(await get(id)).toMatchObject({ status: 'hit', triggered_on: '2024-08-01' });
  });

  it('evaluates every active target of the stock across portfolios, and no other household', async () => {
    const second = await newPortfolio(owner, 'Second');
    const a = await make('120', '90', sid);
    const b = (
      await owner.post('/api/v1/targets', {
        portfolio_id: second,
        stock_id: sid,
        pivot_price: '200',
        failure_price: '95',
      })
    ).body.id;
    const theirs = await stranger.post('/api/v1/targets', {
      portfolio_id: foreignPortfolioId,
      stock_id: foreignStockId,
      pivot_price: '200',
      failure_price: '95',
    });
    const res = await post(sid, [['2024-09-01', '89']]);
    expect(res.body.triggered_targets.map((t: { id: string }) => t.id).sort()).toEqual([a, b].sort());
    expect((await get(a)).status).toBe('failed');
    expect((await get(b)).status).toBe('failed');
    expect((await stranger.get(`/api/v1/targets/${theirs.body.id}`)).body.status).toBe('active');
  });

  it('a refused batch changes no target', async () => {
    const stock = await newStock(owner, 'NOPE');
    const id = await make('120', '90', stock);
    const res = await post(stock, [
      ['2024-10-01', '130'],
      ['2024-10-01', '131'],
    ]);
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect((await get(id)).status).toBe('active');
  });

  it('concurrent posts decide a target once', async () => {
    const stock = await newStock(owner, 'RACE');
    const id = await make('120', '90', stock);
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => post(stock, [[`2024-11-0${i + 1}`, String(121 + i)]])),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const decided = results.flatMap((r) => r.body.triggered_targets);
    expect(decided).toHaveLength(1);
    expect((await get(id)).status).toBe('hit');
  });
});
