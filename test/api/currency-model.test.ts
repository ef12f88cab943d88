import { beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Client, expectEnvelope, setupOwner, useTestApp } from '../support/app.js';
import { dataVersion, fieldsOf, otherHousehold } from '../support/trading-fixtures.js';

/** The currency model's API surface (product.md section 14): stocks' and portfolios' currencies, the base. */

const testApp = useTestApp({ ALLOW_SIGNUP: 'true' });
let owner: Client;
let member: Client;
let viewer: Client;
let stranger: Client;
let householdId: string;

beforeAll(async () => {
  const app = testApp().app;
  const household = await setupOwner(app);
  owner = household.owner;
  householdId = household.householdId;
  member = (await addUser(app, owner, 'member@example.com', 'member')).owner;
  viewer = (await addUser(app, owner, 'viewer@example.com', 'viewer')).owner;
  stranger = (await otherHousehold(app, 'stranger@example.com')).owner;
});

const stocks = '/api/v1/stocks';

/** A stock's currency as each read answers it: get, and its row of the list. */
async function currencyOf(client: Client, id: string, symbol: string) {
  const got = await client.get(`${stocks}/${id}`);
  const listed = await client.get(`${stocks}?search=${symbol}`);
  const row = listed.body.items.find((s: { id: string }) => s.id === id);
  expect(row?.currency).toBe(got.body.currency);
  return got.body.currency as string;
}

describe('household base currency', () => {
  it('is USD by default, shown to every role in the household answer', async () => {
    for (const client of [owner, member, viewer]) {
      const res = await client.get('/api/v1/household');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: householdId,
        name: 'The Does',
        base_currency: 'USD',
        concentration_limit: '20.00',
      });
    }
  });

  it.each([
    ['XYZ', 'Base currency must be an ISO 4217 currency code such as USD, EUR or GBP'],
    ['EURO', 'Base currency must be an ISO 4217 currency code such as USD, EUR or GBP'],
    ['', 'Base currency must be an ISO 4217 currency code such as USD, EUR or GBP'],
    ['GBp', 'Base currency GBp is pence, 1/100 GBP: the household reports in a major currency, such as GBP'],
    ['GBX', 'Base currency GBp is pence, 1/100 GBP: the household reports in a major currency, such as GBP'],
    ['ZAc', 'Base currency ZAc is cents, 1/100 ZAR: the household reports in a major currency, such as ZAR'],
  ])('refuses the base currency %j with 400 and changes nothing', async (code, message) => {
    const version = await dataVersion(testApp(), householdId);
    const res = await owner.patch('/api/v1/household', { base_currency: code });
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(res.body.error.details).toEqual([{ field: 'base_currency', message }]);
    expect((await owner.get('/api/v1/household')).body.base_currency).toBe('USD');
    expect(await dataVersion(testApp(), householdId)).toBe(version);
  });

  it.each([[{ base_currency: null }], [{ base_currency: 978 }], [{ base_currency: 'x'.repeat(21) }]])(
    'refuses a base currency of the wrong type (%j) with 400',
    async (body) => {
      const res = await owner.patch('/api/v1/household', body);
      expectEnvelope(res, 400, 'VALIDATION_ERROR');
      expect(fieldsOf(res.body)).toEqual(['base_currency']);
    },
  );

  it('refuses a bad base currency and a bad limit together, changing neither', async () => {
    const res = await owner.patch('/api/v1/household', { base_currency: 'GBp', concentration_limit: '0' });
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(fieldsOf(res.body).sort()).toEqual(['base_currency', 'concentration_limit']);
    const good = await owner.patch('/api/v1/household', { base_currency: 'EUR', concentration_limit: '0' });
    expectEnvelope(good, 400, 'VALIDATION_ERROR');
    expect(fieldsOf(good.body)).toEqual(['concentration_limit']);
    expect((await owner.get('/api/v1/household')).body).toMatchObject({
      base_currency: 'USD',
      concentration_limit: '20.00',
    });
  });

  it('refuses members and viewers with 403', async () => {
    for (const client of [member, viewer]) {
      expectEnvelope(await client.patch('/api/v1/household', { base_currency: 'EUR' }), 403, 'FORBIDDEN');
      expectEnvelope(await client.patch('/api/v1/household', { base_currency: 'bad' }), 403, 'FORBIDDEN');
    }
    expect((await owner.get('/api/v1/household')).body.base_currency).toBe('USD');
  });

  it('lets the owner change it (upper-cased) with the limit, in one change of the data version', async () => {
    const version = await dataVersion(testApp(), householdId);
    const res = await owner.patch('/api/v1/household', { base_currency: ' chf ', concentration_limit: '30' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ id: householdId, name: 'The Does', base_currency: 'CHF', concentration_limit: '30.00' });
    expect(await dataVersion(testApp(), householdId)).toBe(version + 1);
    expect((await viewer.get('/api/v1/household')).body.base_currency).toBe('CHF');
    expect((await stranger.get('/api/v1/household')).body.base_currency).toBe('USD');

    const alone = await owner.patch('/api/v1/household', { base_currency: 'gbp' });
    expect(alone.body).toEqual({
      id: householdId,
      name: 'The Does',
      base_currency: 'GBP',
      concentration_limit: '30.00',
    });
    expect(await dataVersion(testApp(), householdId)).toBe(version + 2);

    const back = await owner.patch('/api/v1/household', { base_currency: 'USD', concentration_limit: '20' });
    expect(back.body).toMatchObject({ base_currency: 'USD', concentration_limit: '20.00' });
  });
});

describe('stock currency', () => {
  it("defaults to the household's base currency, and follows a change of the base for new stocks", async () => {
    const usd = await owner.post(stocks, { symbol: 'AAPL' });
    expect(usd.status).toBe(201);
    expect(usd.body.currency).toBe('USD');

    expect((await owner.patch('/api/v1/household', { base_currency: 'EUR' })).status).toBe(200);
    const eur = await member.post(stocks, { symbol: 'SAP' });
    expect(eur.body.currency).toBe('EUR');
    expect(await currencyOf(owner, eur.body.id, 'SAP')).toBe('EUR');
    // A stock keeps the currency it was given: the base is only the default of new ones.
    expect(await currencyOf(owner, usd.body.id, 'AAPL')).toBe('USD');
    // Another household's default is its own base.
    expect((await stranger.post(stocks, { symbol: 'SAP' })).body.currency).toBe('USD');
    expect((await owner.patch('/api/v1/household', { base_currency: 'USD' })).status).toBe(200);
  });

  it.each([
    ['GBp', 'GBp'],
    [' GBX ', 'GBp'],
    ['ZAc', 'ZAc'],
    ['ila', 'ILA'],
    ['eur', 'EUR'],
    ['gbp', 'GBP'],
    ['JPY', 'JPY'],
  ])('takes %j on create as %s', async (given, stored) => {
    const symbol = `C${given.trim().toUpperCase()}${stored === stored.toUpperCase() ? 'M' : 'N'}`;
    const res = await owner.post(stocks, { symbol, currency: given });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.currency).toBe(stored);
    expect(await currencyOf(viewer, res.body.id, symbol)).toBe(stored);
  });

  it.each([['XYZ'], ['US'], ['EURO'], [''], ['  '], ['x'.repeat(21)], [null], [840]])(
    'refuses the currency %j on create with 400 and creates nothing',
    async (currency) => {
      const res = await owner.post(stocks, { symbol: 'BADCUR', currency });
      expectEnvelope(res, 400, 'VALIDATION_ERROR');
      expect(fieldsOf(res.body)).toEqual(['currency']);
      expect((await owner.get(`${stocks}?search=BADCUR`)).body.total).toBe(0);
    },
  );

  it('explains a bad currency, naming the minor units', async () => {
    const res = await owner.post(stocks, { symbol: 'BADCUR', currency: 'GBPP' });
    expect(res.body.error.details).toEqual([
      {
        field: 'currency',
        message:
          'Currency must be an ISO 4217 currency code such as USD or EUR, or a minor unit: GBp (pence), ZAc (cents) or ILA (agorot)',
      },
    ]);
  });

  it('changes with PATCH, bumping the data version; a bad one changes nothing', async () => {
    const created = await owner.post(stocks, { symbol: 'VOD.L', company_name: 'Vodafone' });
    const id = created.body.id as string;
    const url = `${stocks}/${id}`;
    const version = await dataVersion(testApp(), householdId);

    const res = await member.patch(url, { currency: 'GBp' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ symbol: 'VOD.L', company_name: 'Vodafone', currency: 'GBp' });
    expect(await dataVersion(testApp(), householdId)).toBe(version + 1);

    // Omitted, it stays.
    expect((await owner.patch(url, { grade: 'b' })).body.currency).toBe('GBp');

    for (const currency of ['pence', null, '']) {
      const bad = await owner.patch(url, { currency, grade: 'A' });
      expectEnvelope(bad, 400, 'VALIDATION_ERROR');
      expect(fieldsOf(bad.body)).toEqual(['currency']);
    }
    const after = await owner.get(url);
    expect(after.body).toMatchObject({ currency: 'GBp', grade: 'B' });
    expect(await dataVersion(testApp(), householdId)).toBe(version + 2);

    expect((await owner.patch(url, { currency: 'gbp' })).body.currency).toBe('GBP');
    expectEnvelope(await viewer.patch(url, { currency: 'EUR' }), 403, 'FORBIDDEN');
    expect(await currencyOf(owner, id, 'VOD.L')).toBe('GBP');
  });

  it('sorts the list by currency', async () => {
    const res = await owner.get(`${stocks}?sort=currency:asc,symbol:asc&size=100`);
    expect(res.status).toBe(200);
    const currencies = res.body.items.map((s: { currency: string }) => s.currency);
    expect(currencies.length).toBeGreaterThan(5);
    expect(currencies).toEqual([...currencies].sort());
    const desc = await owner.get(`${stocks}?sort=currency:desc,symbol:asc&size=100`);
    expect(desc.body.items.map((s: { currency: string }) => s.currency)).toEqual([...currencies].sort().reverse());
  });
});

describe('portfolio currency', () => {
  it('takes a major currency in any case', async () => {
    const res = await owner.post('/api/v1/portfolios', { name: 'Pounds', currency: 'gbp' });
    expect(res.status).toBe(201);
    expect(res.body.currency).toBe('GBP');
  });

  it.each([
    ['GBp', 'Currency GBp is pence, 1/100 GBP: a portfolio is kept in a major currency, such as GBP'],
    ['GBX', 'Currency GBp is pence, 1/100 GBP: a portfolio is kept in a major currency, such as GBP'],
    ['ILA', 'Currency ILA is agorot, 1/100 ILS: a portfolio is kept in a major currency, such as ILS'],
    ['XYZ', 'Currency must be an ISO 4217 currency code such as USD, EUR or GBP'],
  ])('refuses %j on create and update with 400', async (currency, message) => {
    const res = await owner.post('/api/v1/portfolios', { name: `Minor ${currency}`, currency });
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(res.body.error.details).toEqual([{ field: 'currency', message }]);

    const portfolio = await owner.post('/api/v1/portfolios', { name: `Major ${currency}`, currency: 'EUR' });
    const patched = await owner.patch(`/api/v1/portfolios/${portfolio.body.id}`, { currency });
    expectEnvelope(patched, 400, 'VALIDATION_ERROR');
    expect(fieldsOf(patched.body)).toEqual(['currency']);
    expect((await owner.get(`/api/v1/portfolios/${portfolio.body.id}`)).body.currency).toBe('EUR');
  });
});
