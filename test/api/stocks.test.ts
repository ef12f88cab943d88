import { beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Client, expectEnvelope, setupOwner, useTestApp } from '../support/app.js';

const testApp = useTestApp({ ALLOW_SIGNUP: 'true' });
let owner: Client;

beforeAll(async () => {
  ({ owner } = await setupOwner(testApp().app));
});

async function create(body: Record<string, unknown>) {
  return owner.post('/api/v1/stocks', body);
}

describe('POST /api/v1/stocks', () => {
  it('creates a stock with the exact response shape, normalizing text', async () => {
    const res = await create({
      symbol: '  brk.b ',
      company_name: '  Berkshire Hathaway ',
      sector: 'financials',
      industry_group: 'FINANCIAL SERVICES',
      grade: 'a',
      notes: '  long term  ',
    });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(
      [
        'company_name',
        'created_at',
        'currency',
        'current_price',
        'grade',
        'id',
        'industry_group',
        'notes',
        'price_date',
        'provider_symbol',
        'sector',
        'symbol',
        'updated_at',
      ].sort(),
    );
    expect(res.body).toMatchObject({
      symbol: 'BRK.B',
      company_name: 'Berkshire Hathaway',
      sector: 'Financials',
      industry_group: 'Financial Services',
      grade: 'A',
      notes: 'long term',
      current_price: null,
      price_date: null,
      provider_symbol: null,
      currency: 'USD',
    });
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(res.body.created_at).toISOString()).toBe(res.body.created_at);
  });

  it('fills absent optional fields with null and notes with ""', async () => {
    const res = await create({ symbol: '7203.T' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ company_name: null, sector: null, industry_group: null, grade: null, notes: '' });
  });

  it('turns blank optional text into null', async () => {
    const res = await create({ symbol: 'RDS-A', company_name: '   ', grade: ' ', notes: null });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ company_name: null, grade: null, notes: '' });
  });

  it.each([
    ['symbol', { symbol: '' }],
    ['symbol', { symbol: '   ' }],
    ['symbol', { symbol: 'TOOLONGSYMBOL' }],
    ['symbol', { symbol: 'AB$' }],
    ['symbol', { symbol: 'ÄB' }],
    ['symbol', { symbol: 'BRK.BBBBBB' }],
    ['symbol', { symbol: 'A..B' }],
    ['symbol', { symbol: 123 }],
    ['symbol', {}],
    ['company_name', { symbol: 'OK1', company_name: 'x'.repeat(201) }],
    ['notes', { symbol: 'OK2', notes: 'x'.repeat(1001) }],
    ['sector', { symbol: 'OK3', sector: 'Technology' }],
    ['industry_group', { symbol: 'OK4', sector: 'Energy', industry_group: 'Banking' }],
    ['industry_group', { symbol: 'OK5', sector: 'Energy', industry_group: 'Banks' }],
    ['industry_group', { symbol: 'OK6', industry_group: 'Banks' }],
    ['grade', { symbol: 'OK7', grade: 'E' }],
    ['grade', { symbol: 'OK8', grade: 'AA' }],
    ['grade', { symbol: 'OK9', grade: 1 }],
    ['price', { symbol: 'OK10', price: '10' }],
  ])('refuses a bad %s with 400 naming the field', async (field, body) => {
    const res = await create(body);
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('accepts company names and notes exactly at their limits', async () => {
    const res = await create({ symbol: 'LIMIT', company_name: 'é'.repeat(200), notes: 'n'.repeat(1000) });
    expect(res.status).toBe(201);
  });

  it('refuses a duplicate symbol with 409, ignoring case and spaces', async () => {
    expect((await create({ symbol: 'DUPE' })).status).toBe(201);
    for (const symbol of ['DUPE', 'dupe', '  Dupe ']) expectEnvelope(await create({ symbol }), 409, 'CONFLICT');
  });

  it('gives exactly one 201 to 20 concurrent creates of the same symbol', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => create({ symbol: 'RACE' })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const list = await owner.get('/api/v1/stocks?search=RACE');
    expect(list.body.total).toBe(1);
  });

  it('refuses malformed JSON and writes nothing', async () => {
    const before = (await owner.get('/api/v1/stocks')).body.total;
    const res = await owner.request('POST', '/api/v1/stocks', '{"symbol": "BAD",', {
      'content-type': 'application/json',
    });
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect((await owner.get('/api/v1/stocks')).body.total).toBe(before);
  });
});

describe('PATCH /api/v1/stocks/:id', () => {
  let id: string;
  beforeAll(async () => {
    const res = await create({
      symbol: 'PATCHME',
      company_name: 'Patch Inc',
      sector: 'Information Technology',
      industry_group: 'Software & Services',
      grade: 'B',
      notes: 'keep',
    });
    id = res.body.id;
  });

  it('keeps omitted fields', async () => {
    const res = await owner.patch(`/api/v1/stocks/${id}`, { grade: 'c' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ symbol: 'PATCHME', company_name: 'Patch Inc', grade: 'C', notes: 'keep' });
  });

  it('an empty body changes nothing', async () => {
    const before = (await owner.get(`/api/v1/stocks/${id}`)).body;
    const res = await owner.patch(`/api/v1/stocks/${id}`, {});
    expect(res.status).toBe(200);
    expect({ ...res.body, updated_at: null }).toEqual({ ...before, updated_at: null });
  });

  it('null clears an optional field and notes become ""', async () => {
    const res = await owner.patch(`/api/v1/stocks/${id}`, { company_name: null, notes: null, grade: null });
    expect(res.body).toMatchObject({ company_name: null, notes: '', grade: null });
  });

  it('changing the sector without a group clears a group that no longer fits', async () => {
    await owner.patch(`/api/v1/stocks/${id}`, { sector: 'Financials', industry_group: 'Banks' });
    const res = await owner.patch(`/api/v1/stocks/${id}`, { sector: 'Energy' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ sector: 'Energy', industry_group: null });
  });

  it('keeps a group that still fits when the sector is re-sent', async () => {
    await owner.patch(`/api/v1/stocks/${id}`, { sector: 'Financials', industry_group: 'Insurance' });
    const res = await owner.patch(`/api/v1/stocks/${id}`, { sector: 'financials' });
    expect(res.body).toMatchObject({ sector: 'Financials', industry_group: 'Insurance' });
  });

  it('setting the sector to null clears the group', async () => {
    const res = await owner.patch(`/api/v1/stocks/${id}`, { sector: null });
    expect(res.body).toMatchObject({ sector: null, industry_group: null });
  });

  it('refuses a group without a sector, and a group of another sector', async () => {
    expectEnvelope(await owner.patch(`/api/v1/stocks/${id}`, { industry_group: 'Banks' }), 400, 'VALIDATION_ERROR');
    await owner.patch(`/api/v1/stocks/${id}`, { sector: 'Utilities' });
    const res = await owner.patch(`/api/v1/stocks/${id}`, { industry_group: 'Banks' });
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(res.body.error.details[0].field).toBe('industry_group');
    expect((await owner.get(`/api/v1/stocks/${id}`)).body.industry_group).toBeNull();
  });

  it('refuses renaming onto an existing symbol with 409 and changes nothing', async () => {
    await create({ symbol: 'TAKEN' });
    expectEnvelope(await owner.patch(`/api/v1/stocks/${id}`, { symbol: 'taken' }), 409, 'CONFLICT');
    expect((await owner.get(`/api/v1/stocks/${id}`)).body.symbol).toBe('PATCHME');
  });

  it('refuses unknown fields and a null symbol', async () => {
    expectEnvelope(await owner.patch(`/api/v1/stocks/${id}`, { ticker: 'X' }), 400, 'VALIDATION_ERROR');
    expectEnvelope(await owner.patch(`/api/v1/stocks/${id}`, { symbol: null }), 400, 'VALIDATION_ERROR');
  });

  it('answers 404 for an unknown id and for a malformed id', async () => {
    expectEnvelope(
      await owner.patch('/api/v1/stocks/00000000-0000-4000-8000-000000000000', { grade: 'A' }),
      404,
      'NOT_FOUND',
    );
    expectEnvelope(await owner.get('/api/v1/stocks/not-a-uuid'), 404, 'NOT_FOUND');
  });
});

describe("provider_symbol: the market-data provider's own code", () => {
  it('is stored trimmed as given on create, read back, changed and cleared by PATCH', async () => {
    const created = await create({ symbol: 'psx.b', provider_symbol: '  BRK-B ' });
    expect(created.status).toBe(201);
    expect(created.body.provider_symbol).toBe('BRK-B');
    const id = created.body.id;
    expect((await owner.get(`/api/v1/stocks/${id}`)).body.provider_symbol).toBe('BRK-B');
    expect((await owner.patch(`/api/v1/stocks/${id}`, { grade: 'A' })).body.provider_symbol).toBe('BRK-B');
    expect((await owner.patch(`/api/v1/stocks/${id}`, { provider_symbol: '7203:TSE' })).body.provider_symbol).toBe(
      '7203:TSE',
    );
    expect((await owner.patch(`/api/v1/stocks/${id}`, { provider_symbol: '  ' })).body.provider_symbol).toBeNull();
    await owner.patch(`/api/v1/stocks/${id}`, { provider_symbol: '^GSPC' });
    expect((await owner.patch(`/api/v1/stocks/${id}`, { provider_symbol: null })).body.provider_symbol).toBeNull();
    const listed = await owner.get('/api/v1/stocks?search=PSX.B');
    expect(listed.body.items.map((s: { provider_symbol: string | null }) => s.provider_symbol)).toEqual([null]);
  });

  it.each([
    ['a space inside', 'BRK B'],
    ['a quote', "BRK'B"],
    ['punctuation only (a path of the provider)', '..'],
    ['more than 40 characters', 'A'.repeat(41)],
    ['a control character', 'AB\u0000C'],
    ['a number instead of text', 42],
  ])('refuses %s with 400 naming provider_symbol and stores nothing', async (_, value) => {
    const res = await create({ symbol: 'PSREFUSED', provider_symbol: value });
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(res.body.error.details.map((d: { field: string }) => d.field).join()).toContain('provider_symbol');
    expect((await owner.get('/api/v1/stocks?search=PSREFUSED')).body.total).toBe(0);
  });
});

describe('DELETE /api/v1/stocks/:id', () => {
  it('deletes and then answers 404', async () => {
    const { body } = await create({ symbol: 'GONE' });
    const res = await owner.delete(`/api/v1/stocks/${body.id}`);
    expect(res.status).toBe(204);
    expect(res.raw.body).toBe('');
    expectEnvelope(await owner.get(`/api/v1/stocks/${body.id}`), 404, 'NOT_FOUND');
    expectEnvelope(await owner.delete(`/api/v1/stocks/${body.id}`), 404, 'NOT_FOUND');
  });
});

describe('GET /api/v1/stocks', () => {
  let listOwner: Client;
  beforeAll(async () => {
    // A household of its own, so counts below are exact.
    const signup = await testApp().app.inject({
      method: 'POST',
      url: '/api/v1/households',
      payload: {
        household_name: 'Listers',
        display_name: 'L',
        email: 'lister@example.com',
        password: 'correct-horse-battery',
      },
    });
    expect(signup.statusCode).toBe(201);
    const login = await testApp().app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'lister@example.com', password: 'correct-horse-battery' },
    });
    const { client } = await import('../support/app.js');
    listOwner = client(testApp().app, JSON.parse(login.body).access_token);
    const rows = [
      { symbol: 'AAPL', company_name: 'Apple', sector: 'Information Technology', grade: 'A' },
      { symbol: 'MSFT', company_name: 'Microsoft', sector: 'Information Technology', grade: 'B' },
      { symbol: 'XOM', company_name: 'Exxon Mobil', sector: 'Energy', grade: 'C' },
      { symbol: 'PCT', company_name: '100% Growth_Fund', grade: 'A' },
      { symbol: 'PLAIN', company_name: '100 Percent Growth Fund' },
    ];
    for (const row of rows) expect((await listOwner.post('/api/v1/stocks', row)).status).toBe(201);
  });

  it('pages with total and pages, sorted by symbol by default', async () => {
    const res = await listOwner.get('/api/v1/stocks?page=1&size=2');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 5, page: 1, size: 2, pages: 3 });
    expect(res.body.items.map((s: { symbol: string }) => s.symbol)).toEqual(['AAPL', 'MSFT']);
    const last = await listOwner.get('/api/v1/stocks?page=3&size=2');
    expect(last.body.items.map((s: { symbol: string }) => s.symbol)).toEqual(['XOM']);
    const beyond = await listOwner.get('/api/v1/stocks?page=4&size=2');
    expect(beyond.status).toBe(200);
    expect(beyond.body).toMatchObject({ items: [], total: 5, page: 4 });
  });

  it('sorts by several documented fields', async () => {
    const res = await listOwner.get('/api/v1/stocks?sort=grade:desc,symbol:asc&size=100');
    expect(res.body.items.map((s: { symbol: string }) => s.symbol)).toEqual(['PLAIN', 'XOM', 'MSFT', 'AAPL', 'PCT']);
  });

  it.each([
    'size=0',
    'size=101',
    'page=0',
    'page=-1',
    'size=abc',
    'sort=price:asc',
    'sort=symbol:sideways',
    'sector=Technology',
    'grade=Z',
    'unknown=1',
  ])('refuses %s with 400', async (query) => {
    expectEnvelope(await listOwner.get(`/api/v1/stocks?${query}`), 400, 'VALIDATION_ERROR');
  });

  it('accepts size 100, the maximum', async () => {
    expect((await listOwner.get('/api/v1/stocks?size=100')).status).toBe(200);
  });

  it('searches symbol and name case-insensitively, with % and _ taken literally', async () => {
    const names = async (q: string) =>
      (await listOwner.get(`/api/v1/stocks?search=${encodeURIComponent(q)}`)).body.items.map(
        (s: { symbol: string }) => s.symbol,
      );
    expect(await names('apple')).toEqual(['AAPL']);
    expect(await names('msf')).toEqual(['MSFT']);
    expect(await names('100%')).toEqual(['PCT']);
    expect(await names('h_f')).toEqual(['PCT']);
    expect(await names('%')).toEqual(['PCT']);
    expect(await names('_')).toEqual(['PCT']);
  });

  it('filters by sector (case-insensitive) and grade', async () => {
    const bySector = await listOwner.get('/api/v1/stocks?sector=information%20technology');
    expect(bySector.body.items.map((s: { symbol: string }) => s.symbol)).toEqual(['AAPL', 'MSFT']);
    const byGrade = await listOwner.get('/api/v1/stocks?grade=a');
    expect(byGrade.body.items.map((s: { symbol: string }) => s.symbol)).toEqual(['AAPL', 'PCT']);
  });
});

describe('current_price and price_date: the latest dated price', () => {
  const prices = (id: string, rows: Array<{ date: string; close: unknown }>) =>
    owner.post(`/api/v1/stocks/${id}/prices`, { prices: rows });
  const listed = async (symbol: string, query = '') => {
    const res = await owner.get(`/api/v1/stocks?search=${symbol}&size=100${query}`);
    expect(res.status).toBe(200);
    return res.body.items.find((s: { symbol: string }) => s.symbol === symbol);
  };
  const quote = (body: Record<string, unknown>) => ({ current_price: body.current_price, price_date: body.price_date });

  it('are null without prices, on every answer', async () => {
    const created = await create({ symbol: 'NOPX' });
    expect(quote(created.body)).toEqual({ current_price: null, price_date: null });
    expect(quote((await owner.get(`/api/v1/stocks/${created.body.id}`)).body)).toEqual(quote(created.body));
    expect(quote(await listed('NOPX'))).toEqual(quote(created.body));
    expect(quote((await owner.patch(`/api/v1/stocks/${created.body.id}`, { grade: 'b' })).body)).toEqual(
      quote(created.body),
    );
  });

  it('show the latest date of several, on GET one, PATCH and the list, each stock its own', async () => {
    const id = (await create({ symbol: 'PXA' })).body.id;
    const other = (await create({ symbol: 'PXAB' })).body.id;
    expect(
      (
        await prices(id, [
          { date: '2024-03-01', close: '101.5' },
          { date: '2024-03-05', close: '103.123456789' },
          { date: '2024-02-01', close: 99 },
        ])
      ).status,
    ).toBe(201);
    expect((await prices(other, [{ date: '2024-04-01', close: '7.00' }])).status).toBe(201);
    // An older date posted afterwards does not become the current price.
    expect((await prices(id, [{ date: '2024-01-01', close: '1' }])).status).toBe(201);
    const latest = { current_price: '103.123457', price_date: '2024-03-05' };
    expect(quote((await owner.get(`/api/v1/stocks/${id}`)).body)).toEqual(latest);
    expect(quote(await listed('PXA'))).toEqual(latest);
    expect(quote(await listed('PXAB'))).toEqual({ current_price: '7', price_date: '2024-04-01' });
    // Whatever the sort, the list carries them.
    expect(quote(await listed('PXA', '&sort=created_at:desc,updated_at:asc'))).toEqual(latest);
    expect(quote((await owner.patch(`/api/v1/stocks/${id}`, { notes: 'priced' })).body)).toEqual(latest);
  });

  it("replacing the latest date's close updates them", async () => {
    const id = (await create({ symbol: 'PXR' })).body.id;
    await prices(id, [
      { date: '2024-05-01', close: '10' },
      { date: '2024-05-02', close: '11' },
    ]);
    expect(quote(await listed('PXR'))).toEqual({ current_price: '11', price_date: '2024-05-02' });
    await prices(id, [{ date: '2024-05-02', close: '12.5' }]);
    expect(quote((await owner.get(`/api/v1/stocks/${id}`)).body)).toEqual({
      current_price: '12.5',
      price_date: '2024-05-02',
    });
    expect(quote(await listed('PXR'))).toEqual({ current_price: '12.5', price_date: '2024-05-02' });
    // A newer date takes over.
    await prices(id, [{ date: '2024-05-03', close: '9.75' }]);
    expect(quote(await listed('PXR'))).toEqual({ current_price: '9.75', price_date: '2024-05-03' });
  });
});

describe('roles and tenants', () => {
  it('lets a viewer read but not write (403), and a member write', async () => {
    const app = testApp().app;
    const viewer = await addUser(app, owner, 'viewer@example.com', 'viewer');
    const member = await addUser(app, owner, 'member@example.com', 'member');
    const { body } = await create({ symbol: 'ROLE' });
    expect((await viewer.owner.get(`/api/v1/stocks/${body.id}`)).status).toBe(200);
    expect((await viewer.owner.get('/api/v1/stocks')).status).toBe(200);
    expectEnvelope(await viewer.owner.post('/api/v1/stocks', { symbol: 'VIEW' }), 403, 'FORBIDDEN');
    expectEnvelope(await viewer.owner.patch(`/api/v1/stocks/${body.id}`, { grade: 'A' }), 403, 'FORBIDDEN');
    expectEnvelope(await viewer.owner.delete(`/api/v1/stocks/${body.id}`), 403, 'FORBIDDEN');
    expect((await member.owner.post('/api/v1/stocks', { symbol: 'MEMB' })).status).toBe(201);
    expect((await member.owner.patch(`/api/v1/stocks/${body.id}`, { grade: 'D' })).body.grade).toBe('D');
  });

  it('hides every stock of one household from another (404), and the same symbol is free there', async () => {
    const app = testApp().app;
    const anon = (await import('../support/app.js')).client(app);
    const signup = await anon.post('/api/v1/households', {
      household_name: 'Smiths',
      display_name: 'Sam',
      email: 'sam@smith.example',
      password: 'correct-horse-battery',
    });
    expect(signup.status).toBe(201);
    const login = await anon.post('/api/v1/auth/login', {
      email: 'sam@smith.example',
      password: 'correct-horse-battery',
    });
    const other = (await import('../support/app.js')).client(app, login.body.access_token);

    const mine = await owner.get('/api/v1/stocks?size=100');
    expect(mine.body.total).toBeGreaterThan(0);
    expect((await other.get('/api/v1/stocks')).body.total).toBe(0);
    for (const stock of mine.body.items) {
      expectEnvelope(await other.get(`/api/v1/stocks/${stock.id}`), 404, 'NOT_FOUND');
      expectEnvelope(await other.patch(`/api/v1/stocks/${stock.id}`, { grade: 'F' }), 404, 'NOT_FOUND');
      expectEnvelope(await other.delete(`/api/v1/stocks/${stock.id}`), 404, 'NOT_FOUND');
    }
    expect((await other.post('/api/v1/stocks', { symbol: 'DUPE' })).status).toBe(201);
    expect((await owner.get(`/api/v1/stocks/${mine.body.items[0].id}`)).body.grade).not.toBe('F');
  });

  it('requires authentication', async () => {
    const anon = (await import('../support/app.js')).client(testApp().app);
    expectEnvelope(await anon.get('/api/v1/stocks'), 401, 'AUTHENTICATION_REQUIRED');
    expectEnvelope(await anon.post('/api/v1/stocks', { symbol: 'X' }), 401, 'AUTHENTICATION_REQUIRED');
    const bad = (await import('../support/app.js')).client(testApp().app, 'not-a-token');
    expectEnvelope(await bad.get('/api/v1/stocks'), 401, 'AUTHENTICATION_REQUIRED');
  });
});

describe('GET /api/v1/sectors', () => {
  it('lists the 11 GICS sectors with their industry groups', async () => {
    const res = await owner.get('/api/v1/sectors');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(11);
    expect(res.body.items.flatMap((s: { industry_groups: string[] }) => s.industry_groups)).toHaveLength(25);
    expect(res.body.items).toContainEqual({
      name: 'Industrials',
      industry_groups: ['Capital Goods', 'Commercial & Professional Services', 'Transportation'],
    });
  });
});
