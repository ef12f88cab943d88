import { beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Client, expectEnvelope, type Response, setupOwner, useTestApp } from '../support/app.js';
import { dataVersion, fieldsOf, newPortfolio, otherHousehold, UNKNOWN_ID } from '../support/trading-fixtures.js';

const testApp = useTestApp({ ALLOW_SIGNUP: 'true' });
let owner: Client;
let member: Client;
let viewer: Client;
let stranger: Client;
let householdId: string;
let portfolioId: string;
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
  foreignPortfolioId = await newPortfolio(stranger, 'Theirs');
});

const balancesOf = (id: string) => `/api/v1/portfolios/${id}/balances`;

describe('POST /api/v1/portfolios/{id}/balances', () => {
  it('creates a row with the exact shape: money to 2 places, flows default 0, no index change', async () => {
    const res = await owner.post(balancesOf(portfolioId), { date: '2024-01-31', final_balance: '10000.005' });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(
      [
        'created_at',
        'date',
        'deposits',
        'final_balance',
        'id',
        'index_change',
        'portfolio_id',
        'updated_at',
        'withdrawals',
      ].sort(),
    );
    expect(res.body).toMatchObject({
      portfolio_id: portfolioId,
      date: '2024-01-31',
      final_balance: '10000.01',
      deposits: '0.00',
      withdrawals: '0.00',
      index_change: null,
    });
    expect((await owner.get(`${balancesOf(portfolioId)}/${res.body.id}`)).body).toEqual(res.body);
  });

  it('takes numbers or strings, and index changes from -100 to 100 shown as percent to 2 places', async () => {
    const res = await member.post(balancesOf(portfolioId), {
      date: '2024-02-29',
      final_balance: 10250.5,
      deposits: '500',
      withdrawals: 0.1,
      index_change: '1.235',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      final_balance: '10250.50',
      deposits: '500.00',
      withdrawals: '0.10',
      index_change: '1.24',
    });
    for (const [date, change, shown] of [
      ['2024-03-01', -100, '-100.00'],
      ['2024-03-02', '100', '100.00'],
      ['2024-03-03', '0', '0.00'],
      ['2024-03-04', '-0.004', '0.00'],
    ] as const) {
      const r = await owner.post(balancesOf(portfolioId), { date, final_balance: '0', index_change: change });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body.index_change).toBe(shown);
    }
  });

  it.each([
    ['date', { final_balance: '1' }],
    ['date', { date: '2024-02-30', final_balance: '1' }],
    ['date', { date: '2024/01/01', final_balance: '1' }],
    ['final_balance', { date: '2025-01-01' }],
    ['final_balance', { date: '2025-01-01', final_balance: null }],
    ['final_balance', { date: '2025-01-01', final_balance: '-0.01' }],
    ['final_balance', { date: '2025-01-01', final_balance: 'lots' }],
    ['deposits', { date: '2025-01-01', final_balance: '1', deposits: '-5' }],
    ['deposits', { date: '2025-01-01', final_balance: '1', deposits: null }],
    ['withdrawals', { date: '2025-01-01', final_balance: '1', withdrawals: -1 }],
    ['index_change', { date: '2025-01-01', final_balance: '1', index_change: '100.01' }],
    ['index_change', { date: '2025-01-01', final_balance: '1', index_change: -100.5 }],
    ['index_change', { date: '2025-01-01', final_balance: '1', index_change: '5%' }],
    ['stock_id', { date: '2025-01-01', final_balance: '1', stock_id: UNKNOWN_ID }],
  ])('refuses a bad %s with 400 and writes nothing', async (field, body) => {
    const before = (await owner.get(balancesOf(portfolioId))).body.total;
    const version = await dataVersion(testApp(), householdId);
    const res = await owner.post(balancesOf(portfolioId), body);
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(fieldsOf(res.body)).toContain(field);
    expect((await owner.get(balancesOf(portfolioId))).body.total).toBe(before);
    expect(await dataVersion(testApp(), householdId)).toBe(version);
  });

  it('refuses a second row for the same portfolio and date with 409, and keeps the first', async () => {
    const first = await owner.post(balancesOf(portfolioId), { date: '2024-04-30', final_balance: '1' });
    expect(first.status).toBe(201);
    const res = await owner.post(balancesOf(portfolioId), { date: '2024-04-30', final_balance: '2' });
    expectEnvelope(res, 409, 'CONFLICT');
    expect(fieldsOf(res.body)).toEqual(['date']);
    expect((await owner.get(`${balancesOf(portfolioId)}/${first.body.id}`)).body.final_balance).toBe('1.00');
    const elsewhere = await newPortfolio(owner, 'Elsewhere');
    expect((await owner.post(balancesOf(elsewhere), { date: '2024-04-30', final_balance: '2' })).status).toBe(201);
  });

  it('gives exactly one 201 to concurrent creates of the same date', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        owner.post(balancesOf(portfolioId), { date: '2024-05-31', final_balance: String(i) }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
  });

  it('answers 404 for an unknown, malformed or foreign portfolio, and 403 to a viewer', async () => {
    const body = { date: '2024-06-30', final_balance: '1' };
    for (const id of [UNKNOWN_ID, 'nope', foreignPortfolioId]) {
      const res = await owner.post(balancesOf(id), body);
      expectEnvelope(res, 404, 'NOT_FOUND');
      expect(res.body.error.message).toContain('Portfolio');
      expectEnvelope(await owner.get(balancesOf(id)), 404, 'NOT_FOUND');
    }
    expectEnvelope(await viewer.post(balancesOf(portfolioId), body), 403, 'FORBIDDEN');
    expect((await stranger.get(balancesOf(foreignPortfolioId))).body.total).toBe(0);
  });

  it('bumps the household data version on create, update and delete', async () => {
    let version = await dataVersion(testApp(), householdId);
    const created = await owner.post(balancesOf(portfolioId), { date: '2024-07-31', final_balance: '1' });
    expect(await dataVersion(testApp(), householdId)).toBe(++version);
    await owner.patch(`${balancesOf(portfolioId)}/${created.body.id}`, { final_balance: '2' });
    expect(await dataVersion(testApp(), householdId)).toBe(++version);
    await owner.delete(`${balancesOf(portfolioId)}/${created.body.id}`);
    expect(await dataVersion(testApp(), householdId)).toBe(++version);
  });
});

describe('GET /api/v1/portfolios/{id}/balances', () => {
  let id: string;
  beforeAll(async () => {
    id = await newPortfolio(owner, 'History');
    for (const [date, final] of [
      ['2024-03-31', '300'],
      ['2024-01-31', '100'],
      ['2024-05-31', '50'],
      ['2024-02-29', '200'],
      ['2024-04-30', '400'],
    ])
      expect((await owner.post(balancesOf(id), { date, final_balance: final })).status).toBe(201);
  });

  const datesOf = (res: Response): string[] => res.body.items.map((b: { date: string }) => b.date);

  it('lists by date ascending by default, paged', async () => {
    const res = await viewer.get(`${balancesOf(id)}?size=2`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 5, page: 1, size: 2, pages: 3 });
    expect(datesOf(res)).toEqual(['2024-01-31', '2024-02-29']);
    expect(datesOf(await viewer.get(`${balancesOf(id)}?size=2&page=3`))).toEqual(['2024-05-31']);
  });

  it('sorts and filters by date range', async () => {
    expect(datesOf(await owner.get(`${balancesOf(id)}?sort=date:desc&size=1`))).toEqual(['2024-05-31']);
    expect(datesOf(await owner.get(`${balancesOf(id)}?sort=final_balance:desc&size=2`))).toEqual([
      '2024-04-30',
      '2024-03-31',
    ]);
    expect(datesOf(await owner.get(`${balancesOf(id)}?from=2024-02-29&to=2024-04-30`))).toEqual([
      '2024-02-29',
      '2024-03-31',
      '2024-04-30',
    ]);
    expect(datesOf(await owner.get(`${balancesOf(id)}?to=2024-01-31`))).toEqual(['2024-01-31']);
  });

  it.each([
    ['from', '?from=2024-13-01'],
    ['to', '?from=2024-05-01&to=2024-04-01'],
    ['sort', '?sort=deposits'],
    ['size', '?size=0'],
    ['portfolio_id', '?portfolio_id=x'],
  ])('refuses a bad %s with 400', async (field, query) => {
    const res = await owner.get(`${balancesOf(id)}${query}`);
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(fieldsOf(res.body)).toContain(field);
  });
});

describe('GET/PATCH/DELETE /api/v1/portfolios/{id}/balances/{balance_id}', () => {
  let id: string;
  let url: string;
  beforeAll(async () => {
    const res = await owner.post(balancesOf(portfolioId), {
      date: '2024-08-31',
      final_balance: '1000',
      deposits: '10',
      index_change: '2.5',
    });
    id = res.body.id;
    url = `${balancesOf(portfolioId)}/${id}`;
    await owner.post(balancesOf(portfolioId), { date: '2024-09-30', final_balance: '1' });
  });

  it('keeps omitted fields; null clears the index change', async () => {
    const res = await member.patch(url, { withdrawals: '5.5' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      date: '2024-08-31',
      final_balance: '1000.00',
      deposits: '10.00',
      withdrawals: '5.50',
      index_change: '2.50',
    });
    const cleared = await owner.patch(url, { index_change: null, final_balance: 999 });
    expect(cleared.body).toMatchObject({ index_change: null, final_balance: '999.00', withdrawals: '5.50' });
  });

  it('moves a row to a free date, and refuses a taken one with 409', async () => {
    expect((await owner.patch(url, { date: '2024-08-30' })).body.date).toBe('2024-08-30');
    const res = await owner.patch(url, { date: '2024-09-30' });
    expectEnvelope(res, 409, 'CONFLICT');
    expect((await owner.get(url)).body.date).toBe('2024-08-30');
  });

  it.each([
    ['final_balance', { final_balance: null }],
    ['final_balance', { final_balance: '-1' }],
    ['date', { date: null }],
    ['date', { date: '31.08.2024' }],
    ['index_change', { index_change: 101 }],
    ['deposits', { deposits: null }],
    ['portfolio_id', { portfolio_id: UNKNOWN_ID }],
  ])('refuses a bad %s with 400 and changes nothing', async (field, body) => {
    const before = (await owner.get(url)).body;
    const res = await owner.patch(url, body);
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(fieldsOf(res.body)).toContain(field);
    expect((await owner.get(url)).body).toEqual(before);
  });

  it("answers 404 for an unknown balance, another portfolio's balance and another household's", async () => {
    const elsewhere = await newPortfolio(owner, 'Other');
    const theirs = await stranger.post(balancesOf(foreignPortfolioId), { date: '2024-08-31', final_balance: '1' });
    for (const path of [
      `${balancesOf(portfolioId)}/${UNKNOWN_ID}`,
      `${balancesOf(portfolioId)}/nope`,
      `${balancesOf(elsewhere)}/${id}`,
      `${balancesOf(foreignPortfolioId)}/${theirs.body.id}`,
      `${balancesOf(portfolioId)}/${theirs.body.id}`,
    ]) {
      expectEnvelope(await owner.get(path), 404, 'NOT_FOUND');
      expectEnvelope(await owner.patch(path, { final_balance: '1' }), 404, 'NOT_FOUND');
      expectEnvelope(await owner.delete(path), 404, 'NOT_FOUND');
    }
    expect((await stranger.get(`${balancesOf(foreignPortfolioId)}/${theirs.body.id}`)).body.final_balance).toBe('1.00');
  });

  it('lets a viewer read but not change or delete', async () => {
    expect((await viewer.get(url)).status).toBe(200);
    expectEnvelope(await viewer.patch(url, { final_balance: '1' }), 403, 'FORBIDDEN');
    expectEnvelope(await viewer.delete(url), 403, 'FORBIDDEN');
  });

  it('deletes, then answers 404', async () => {
    const res = await owner.delete(url);
    expect(res.status).toBe(204);
    expect(res.raw.body).toBe('');
    expectEnvelope(await owner.get(url), 404, 'NOT_FOUND');
    expectEnvelope(await owner.delete(url), 404, 'NOT_FOUND');
  });
});

describe('GET /api/v1/portfolios/{id}/balances/performance', () => {
  it('gives every row by date with the return and the index return so far, ending at the analytics', async () => {
    const id = await newPortfolio(owner, 'Against the index');
    for (const body of [
      { date: '2024-02-02', final_balance: '1045', index_change: '-1' },
      { date: '2024-02-01', final_balance: '1100', deposits: '1000', index_change: '2' },
      { date: '2024-02-05', final_balance: '1200', deposits: '100' },
    ])
      expect((await owner.post(balancesOf(id), body)).status).toBe(201);
    const res = await viewer.get(`${balancesOf(id)}/performance`);
    expect(res.status).toBe(200);
    // 1100/1000 = +10 %; 1045/1100 = -5 %, linked 4.50 %; 1200/(1045+100) = +4.80 %, linked 9.52 %.
    expect(res.body.items).toEqual([
      { date: '2024-02-01', final_balance: '1100.00', twr: '10.00', index_return: '2.00' },
      { date: '2024-02-02', final_balance: '1045.00', twr: '4.50', index_return: '0.98' },
      { date: '2024-02-05', final_balance: '1200.00', twr: '9.52', index_return: '0.98' },
    ]);
    const analytics = await owner.get(`/api/v1/portfolios/${id}/analytics`);
    expect(analytics.body.performance).toMatchObject({
      twr: res.body.items.at(-1).twr,
      index_return: res.body.items.at(-1).index_return,
    });
  });

  it('is empty without balances, and 404 for an unknown, malformed or foreign portfolio', async () => {
    const id = await newPortfolio(owner, 'No balances');
    expect((await owner.get(`${balancesOf(id)}/performance`)).body).toEqual({ items: [] });
    for (const other of [foreignPortfolioId, UNKNOWN_ID, 'not-a-uuid'])
      expectEnvelope(await owner.get(`${balancesOf(other)}/performance`), 404, 'NOT_FOUND');
  });
});
