import { beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Client, expectEnvelope, setupOwner, useTestApp } from '../support/app.js';
import { dataVersion, fieldsOf, otherHousehold } from '../support/trading-fixtures.js';

const testApp = useTestApp({ ALLOW_SIGNUP: 'true' });
let owner: Client;
let member: Client;
let viewer: Client;
let stranger: Client;
let householdId: string;

const URL = '/api/v1/fx-rates';

beforeAll(async () => {
  const app = testApp().app;
  const household = await setupOwner(app);
  owner = household.owner;
  householdId = household.householdId;
  member = (await addUser(app, owner, 'member@example.com', 'member')).owner;
  viewer = (await addUser(app, owner, 'viewer@example.com', 'viewer')).owner;
  stranger = (await otherHousehold(app, 'stranger@example.com')).owner;
});

/** Every rate the client's household holds, in the default order, page by page. */
async function allRates(client: Client = owner, query = '') {
  const rates: Array<Record<string, string>> = [];
  for (let page = 1; ; page++) {
    const res = await client.get(`${URL}?size=100&page=${page}${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    rates.push(...res.body.items);
    if (page >= res.body.pages) return rates;
  }
}

/** The rates of the days after the bulk batch (2020-2022), which the listing tests read. */
const RECENT = '&from=2023-01-01';

describe('POST /api/v1/fx-rates', () => {
  it('stores a batch and answers the rates stored, by pair then date, exact and upper-cased', async () => {
    const before = await dataVersion(testApp(), householdId);
    const res = await owner.post(URL, {
      rates: [
        { base: 'eur', quote: 'usd', date: '2024-01-03', rate: '1.0950' },
        { base: 'EUR', quote: 'USD', date: ' 2024-01-02 ', rate: 1.1 },
        { base: 'usd', quote: 'JPY', date: '2024-01-02', rate: '141.123456789' },
        { base: 'GBP', quote: 'USD', date: '2024-01-02', rate: '1.2712345678901234' },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({
      items: [
        { base: 'EUR', quote: 'USD', date: '2024-01-02', rate: '1.1', source: 'manual' },
        { base: 'EUR', quote: 'USD', date: '2024-01-03', rate: '1.095', source: 'manual' },
        { base: 'GBP', quote: 'USD', date: '2024-01-02', rate: '1.2712345678901234', source: 'manual' },
        { base: 'USD', quote: 'JPY', date: '2024-01-02', rate: '141.123456789', source: 'manual' },
      ],
    });
    expect(await dataVersion(testApp(), householdId)).toBe(before + 1);
    expect(await allRates()).toEqual([
      { base: 'EUR', quote: 'USD', date: '2024-01-03', rate: '1.095', source: 'manual' },
      { base: 'EUR', quote: 'USD', date: '2024-01-02', rate: '1.1', source: 'manual' },
      { base: 'GBP', quote: 'USD', date: '2024-01-02', rate: '1.2712345678901234', source: 'manual' },
      { base: 'USD', quote: 'JPY', date: '2024-01-02', rate: '141.123456789', source: 'manual' },
    ]);
  });

  it('replaces a stored day of a pair, whether it was entered or fetched, and leaves the inverse pair alone', async () => {
    await testApp()
      .database.db.insertInto('fx_rates')
      .values({
        household_id: householdId,
        base: 'CHF',
        quote: 'USD',
        date: '2024-01-02',
        rate: '1.17',
        source: 'provider',
      })
      .execute();
    const res = await member.post(URL, {
      rates: [
        { base: 'EUR', quote: 'USD', date: '2024-01-02', rate: '1.105' },
        { base: 'CHF', quote: 'USD', date: '2024-01-02', rate: '1.18' },
        { base: 'USD', quote: 'EUR', date: '2024-01-02', rate: '0.9' },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const rates = await allRates();
    expect(rates).toHaveLength(6);
    expect((await owner.get(`${URL}?base=EUR&quote=USD&from=2024-01-02&to=2024-01-02`)).body.items).toHaveLength(1);
    const day = rates.filter((r) => r.date === '2024-01-02');
    expect(day).toEqual([
      { base: 'CHF', quote: 'USD', date: '2024-01-02', rate: '1.18', source: 'manual' },
      { base: 'EUR', quote: 'USD', date: '2024-01-02', rate: '1.105', source: 'manual' },
      { base: 'GBP', quote: 'USD', date: '2024-01-02', rate: '1.2712345678901234', source: 'manual' },
      { base: 'USD', quote: 'EUR', date: '2024-01-02', rate: '0.9', source: 'manual' },
      { base: 'USD', quote: 'JPY', date: '2024-01-02', rate: '141.123456789', source: 'manual' },
    ]);
  });

  it('accepts 1000 rates at once', async () => {
    const start = Date.UTC(2020, 0, 1);
    const rates = Array.from({ length: 1000 }, (_, i) => ({
      base: 'AUD',
      quote: 'NZD',
      date: new Date(start + i * 86_400_000).toISOString().slice(0, 10),
      rate: `1.0${i}`,
    }));
    const res = await owner.post(URL, { rates });
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(201);
    expect(res.body.items).toHaveLength(1000);
    expect((await owner.get(`${URL}?base=AUD`)).body.total).toBe(1000);
  });

  const good = { base: 'EUR', quote: 'SEK', date: '2024-03-01', rate: '11.2' };
  it.each([
    ['rates', {}],
    ['rates', { rates: [] }],
    ['rates', { rates: 'x' }],
    ['rates', { rates: Array.from({ length: 1001 }, () => good) }],
    ['rates.0.base', { rates: [{ ...good, base: 'XYZ' }] }],
    ['rates.0.base', { rates: [{ ...good, base: 'GBp' }] }],
    ['rates.0.base', { rates: [{ ...good, base: 12 }] }],
    ['rates.0.base', { rates: [{ quote: 'SEK', date: '2024-03-01', rate: '1' }] }],
    ['rates.0.quote', { rates: [{ ...good, quote: 'ZAc' }] }],
    ['rates.0.quote', { rates: [{ ...good, quote: 'eur' }] }],
    ['rates.0.quote', { rates: [{ ...good, quote: 'x'.repeat(21) }] }],
    ['rates.0.date', { rates: [{ ...good, date: '2024-02-30' }] }],
    ['rates.0.date', { rates: [{ ...good, date: '01/03/2024' }] }],
    ['rates.0.date', { rates: [{ ...good, date: '2024-03-01T00:00:00Z' }] }],
    ['rates.0.rate', { rates: [{ ...good, rate: '0' }] }],
    ['rates.0.rate', { rates: [{ ...good, rate: -1 }] }],
    ['rates.0.rate', { rates: [{ ...good, rate: 'abc' }] }],
    ['rates.0.rate', { rates: [{ ...good, rate: '1e3' }] }],
    ['rates.0.rate', { rates: [{ ...good, rate: null }] }],
    ['rates.0.rate', { rates: [{ base: 'EUR', quote: 'SEK', date: '2024-03-01' }] }],
    ['rates.0.source', { rates: [{ ...good, source: 'provider' }] }],
    ['household_id', { rates: [good], household_id: 'x' }],
    ['rates.2', { rates: [good, { ...good, date: '2024-03-02' }, { ...good, base: 'eur', rate: '11.3' }] }],
    [
      'rates.3.rate',
      { rates: [good, good, good, { ...good, rate: '0' }].map((r, i) => ({ ...r, date: `2024-04-0${i + 1}` })) },
    ],
  ])('refuses a bad %s with 400 and stores nothing', async (field, body) => {
    const before = await allRates();
    const version = await dataVersion(testApp(), householdId);
    const res = await owner.post(URL, body);
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(fieldsOf(res.body)).toContain(field);
    expect(await allRates()).toEqual(before);
    expect(await dataVersion(testApp(), householdId)).toBe(version);
  });

  it('names every bad item, and says why a minor unit is refused', async () => {
    const res = await owner.post(URL, {
      rates: [
        { base: 'EUR', quote: 'SEK', date: '2024-03-01', rate: '11.2' },
        { base: 'GBp', quote: 'USD', date: '2024-03-01', rate: '1.27' },
        { base: 'EUR', quote: 'EUR', date: '2024-03-01', rate: '1' },
        { base: 'EUR', quote: 'SEK', date: '2024-03-32', rate: '0' },
      ],
    });
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(res.body.error.details).toEqual([
      {
        field: 'rates.1.base',
        message: 'GBp is pence, 1/100 GBP: rates are between major currencies, use GBP (pence convert by their factor)',
      },
      { field: 'rates.2.quote', message: 'must differ from the base currency EUR' },
      { field: 'rates.3.date', message: 'must be a date YYYY-MM-DD' },
      { field: 'rates.3.rate', message: expect.stringContaining('greater than 0') },
    ]);
    expect((await owner.get(`${URL}?base=EUR&quote=SEK`)).body.total).toBe(0);
  });

  it('refuses a viewer with 403 and stores nothing', async () => {
    const res = await viewer.post(URL, { rates: [{ base: 'EUR', quote: 'NOK', date: '2024-01-02', rate: '11.5' }] });
    expectEnvelope(res, 403, 'FORBIDDEN');
    expect((await owner.get(`${URL}?quote=NOK`)).body.total).toBe(0);
  });

  it('needs a login', async () => {
    const res = await testApp().app.inject({ method: 'POST', url: URL, payload: { rates: [] } });
    expect(res.statusCode).toBe(401);
    expect((await testApp().app.inject({ method: 'GET', url: URL })).statusCode).toBe(401);
  });
});

describe('GET /api/v1/fx-rates', () => {
  let before: Array<Record<string, string>>;
  beforeAll(async () => {
    const res = await owner.post(URL, {
      rates: ['2023-06-01', '2023-06-02', '2023-06-05', '2023-06-06', '2023-06-07'].flatMap((date, i) => [
        { base: 'CAD', quote: 'USD', date, rate: `0.7${i}` },
        { base: 'CAD', quote: 'EUR', date, rate: `0.6${i}` },
      ]),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    before = await allRates();
  });

  it('lets every role read, newest day first, then by base and quote', async () => {
    for (const client of [owner, member, viewer]) {
      const res = await client.get(`${URL}?base=CAD&size=3`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        items: [
          { base: 'CAD', quote: 'EUR', date: '2023-06-07', rate: '0.64', source: 'manual' },
          { base: 'CAD', quote: 'USD', date: '2023-06-07', rate: '0.74', source: 'manual' },
          { base: 'CAD', quote: 'EUR', date: '2023-06-06', rate: '0.63', source: 'manual' },
        ],
        total: 10,
        page: 1,
        size: 3,
        pages: 4,
      });
    }
  });

  it('pages through every rate once', async () => {
    const seen: Array<Record<string, string>> = [];
    for (let page = 1; page <= 4; page++) {
      const res = await owner.get(`${URL}?base=CAD&size=3&page=${page}`);
      expect(res.body.page).toBe(page);
      seen.push(...res.body.items);
    }
    expect(seen).toHaveLength(10);
    expect(new Set(seen.map((r) => `${r.quote} ${r.date}`)).size).toBe(10);
    expect((await owner.get(`${URL}?base=CAD&size=3&page=5`)).body).toMatchObject({ items: [], total: 10 });
  });

  it('filters by base, quote and an inclusive day range, codes in any case', async () => {
    const res = await owner.get(`${URL}?base=cad&quote=usd&from=2023-06-02&to=2023-06-06`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((r: Record<string, string>) => `${r.base}/${r.quote} ${r.date} ${r.rate}`)).toEqual([
      'CAD/USD 2023-06-06 0.73',
      'CAD/USD 2023-06-05 0.72',
      'CAD/USD 2023-06-02 0.71',
    ]);
    const quoted = await owner.get(`${URL}?quote=EUR&to=2023-06-01`);
    expect(quoted.body.items).toEqual([
      { base: 'CAD', quote: 'EUR', date: '2023-06-01', rate: '0.6', source: 'manual' },
    ]);
    const from = await owner.get(`${URL}?from=2024-01-03`);
    expect(from.body.items.map((r: Record<string, string>) => `${r.base}/${r.quote} ${r.date}`)).toEqual([
      'EUR/USD 2024-01-03',
    ]);
    expect((await owner.get(`${URL}?base=&quote=`)).body.total).toBe(before.length);
    expect((await owner.get(`${URL}?to=2022-12-31`)).body.total).toBe(1000);
  });

  it('sorts by the fields asked, the default order breaking ties', async () => {
    const res = await owner.get(`${URL}?base=CAD&sort=quote:desc,date:asc&size=2`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((r: Record<string, string>) => `${r.quote} ${r.date}`)).toEqual([
      'USD 2023-06-01',
      'USD 2023-06-02',
    ]);
    const byBase = await owner.get(`${URL}?sort=base:desc&size=100${RECENT}`);
    const recent = await allRates(owner, RECENT);
    expect(byBase.body.total).toBe(recent.length);
    expect(byBase.body.items.map((r: Record<string, string>) => r.base)).toEqual(
      recent
        .map((r) => r.base)
        .sort()
        .reverse(),
    );
    // Within a base, the default order (newest first, then quote) decides.
    const cad = byBase.body.items.filter((r: Record<string, string>) => r.base === 'CAD');
    expect(cad.slice(0, 3).map((r: Record<string, string>) => `${r.quote} ${r.date}`)).toEqual([
      'EUR 2023-06-07',
      'USD 2023-06-07',
      'EUR 2023-06-06',
    ]);
  });

  it.each([
    ['base', 'base=XYZ'],
    ['base', 'base=GBp'],
    ['quote', 'quote=US'],
    ['from', 'from=2023-02-30'],
    ['to', 'to=yesterday'],
    ['to', 'from=2023-06-05&to=2023-06-01'],
    ['sort', 'sort=rate:asc'],
    ['sort', 'sort=date:up'],
    ['size', 'size=101'],
    ['page', 'page=0'],
    ['pair', 'pair=EURUSD'],
  ])('refuses a bad %s with 400', async (field, query) => {
    const res = await owner.get(`${URL}?${query}`);
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(fieldsOf(res.body)).toContain(field);
  });

  it('reports a bad currency and a bad day together', async () => {
    const res = await owner.get(`${URL}?base=XYZ&from=bad`);
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(fieldsOf(res.body).sort()).toEqual(['base', 'from']);
  });

  it("never shows one household's rates to another, nor lets it change them", async () => {
    expect(await allRates(stranger)).toEqual([]);
    expect((await stranger.get(`${URL}?base=CAD`)).body.total).toBe(0);
    const res = await stranger.post(URL, { rates: [{ base: 'CAD', quote: 'USD', date: '2023-06-01', rate: '9' }] });
    expect(res.status).toBe(201);
    expect(await allRates(stranger)).toEqual([
      { base: 'CAD', quote: 'USD', date: '2023-06-01', rate: '9', source: 'manual' },
    ]);
    expect(await allRates()).toEqual(before);
  });
});
