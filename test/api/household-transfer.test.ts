import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/domain/decimal.js';
import { portfolioRepository } from '../../src/infrastructure/repositories/portfolios.js';
import {
  addUser,
  type Client,
  expectEnvelope,
  type Household,
  type Json,
  setupOwner,
  startTestApp,
  useTestApp,
} from '../support/app.js';
import { idLabels, normalise, relabel, seedHousehold } from '../support/household-file.js';
import { otherHousehold, UNKNOWN_ID } from '../support/trading-fixtures.js';

const testApp = useTestApp({ ALLOW_SIGNUP: 'true' });
let source: Household;
let member: Client;
let viewer: Client;
let file: Json;

beforeAll(async () => {
  const app = testApp().app;
  source = await setupOwner(app);
  member = (await addUser(app, source.owner, 'member@example.com', 'member')).owner;
  viewer = (await addUser(app, source.owner, 'viewer@example.com', 'viewer')).owner;
  await seedHousehold(source, testApp());
  const res = await source.owner.get('/api/v1/export');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  file = res.body;
});

let signups = 0;
/** A new, empty household of the same instance, logged in as its owner. */
const emptyHousehold = () => otherHousehold(testApp().app, `empty${++signups}@example.com`);

function keysOf(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) keysOf(v, into);
  else if (value !== null && typeof value === 'object')
    for (const [key, v] of Object.entries(value)) {
      into.push(key);
      keysOf(v, into);
    }
  return into;
}

/** How much a household holds, read through the API. */
async function counts(client: Client) {
  const total = async (url: string) => (await client.get(url)).body.total as number;
  return {
    stocks: await total('/api/v1/stocks'),
    portfolios: await total('/api/v1/portfolios'),
    targets: await total('/api/v1/targets'),
    journal: await total('/api/v1/journal'),
    household: (await client.get('/api/v1/household')).body.concentration_limit,
  };
}

const importInto = (client: Client, body: unknown) => client.post('/api/v1/import', body);

const DECIMAL_FIELDS = [
  'quantity',
  'price',
  'fee',
  'amount',
  'final_balance',
  'deposits',
  'withdrawals',
  'index_change',
  'pivot_price',
  'failure_price',
  'triggered_price',
];

/** An API view with its decimals as canonical text, as the file holds them (`0.00` is `0`). */
const canonical = (view: Json): Json =>
  Object.fromEntries(
    Object.entries(view).map(([key, v]) => [
      key,
      DECIMAL_FIELDS.includes(key) && typeof v === 'string' ? new Decimal(v).toFixed() : v,
    ]),
  );

describe('GET /api/v1/export', () => {
  it('answers the versioned household file as an attachment, without any secret', async () => {
    const res = await source.owner.get('/api/v1/export');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="stockbook-the-does-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    expect(res.body.format).toBe('stockbook');
    expect(res.body.version).toBe(1);
    expect(Number.isNaN(Date.parse(res.body.exported_at))).toBe(false);
    expect(res.body.household).toEqual({ name: 'The Does', base_currency: 'GBP', concentration_limit: '25' });
    expect(res.body.members).toEqual([
      { email: 'member@example.com', display_name: 'member@example.com', role: 'member' },
      { email: 'owner@example.com', display_name: 'Jane Doe', role: 'owner' },
      { email: 'viewer@example.com', display_name: 'viewer@example.com', role: 'viewer' },
    ]);
    expect(keysOf(res.body).filter((key) => /password|hash|token/i.test(key))).toEqual([]);
    expect(JSON.stringify(res.body)).not.toContain('$argon2');
  });

  it('gives every object in the shape the API answers it, in a fixed order', async () => {
    expect(file.stocks.map((s: Json) => [s.symbol, s.currency])).toEqual([
      ['7203.T', 'JPY'],
      ['AAPL', 'USD'],
      ['BRK.B', 'USD'],
      ['IDLE', 'USD'],
      ['MSFT', 'USD'],
      ['VOD.L', 'GBp'],
    ]);
    for (const stock of file.stocks) {
      const {
        current_price: _price,
        price_date: _date,
        ...stored
      } = (await source.owner.get(`/api/v1/stocks/${stock.id}`)).body;
      expect(stock).toEqual(stored);
    }
    expect(file.portfolios.map((p: Json) => p.name)).toEqual(['Closed', 'Growth', 'income']);
    for (const portfolio of file.portfolios) {
      const { transactions, balances, ...fields } = portfolio;
      expect(fields).toEqual((await source.owner.get(`/api/v1/portfolios/${portfolio.id}`)).body);
      const listed = await source.owner.get(`/api/v1/portfolios/${portfolio.id}/transactions?size=100`);
      // The seeded decimals have no more places than the API shows, so only their notation differs.
      expect(transactions).toEqual(listed.body.items.map(canonical));
      expect(balances).toEqual(
        (await source.owner.get(`/api/v1/portfolios/${portfolio.id}/balances?size=100`)).body.items.map(canonical),
      );
    }
    const growth = file.portfolios[1];
    expect(growth.transactions.map((t: Json) => [t.symbol, t.type, t.trade_date])).toEqual([
      ['BRK.B', 'buy', '2023-12-01'],
      ['AAPL', 'buy', '2024-01-02'],
      ['AAPL', 'buy', '2024-01-02'],
      ['AAPL', 'sell', '2024-01-02'],
      ['7203.T', 'buy', '2024-01-05'],
      ['AAPL', 'split', '2024-02-01'],
      ['AAPL', 'dividend', '2024-02-10T15:30:00.000Z'],
    ]);
    expect(file.prices.map((p: Json) => [p.stock_id, p.date, p.close, p.source])).toEqual([
      [file.stocks[1].id, '2024-01-02', '185.64', 'manual'],
      [file.stocks[1].id, '2024-02-01', '186.86', 'manual'],
      [file.stocks[1].id, '2024-03-01', '179.66', 'manual'],
      [file.stocks[2].id, '2024-03-01', '410.5', 'manual'],
      [file.stocks[4].id, '2024-02-15', '406.56', 'manual'],
      [file.stocks[4].id, '2024-03-01', '421.5', 'manual'],
      [file.stocks[5].id, '2024-03-01', '69.86', 'manual'],
    ]);
    // Every rate of the household, exactly as stored, by pair and then date, whoever entered it.
    expect(file.fx_rates).toEqual([
      { base: 'EUR', quote: 'USD', date: '2023-12-01', rate: '1.0885', source: 'provider' },
      { base: 'EUR', quote: 'USD', date: '2024-01-02', rate: '1.0956', source: 'manual' },
      { base: 'EUR', quote: 'USD', date: '2024-03-01', rate: '1.08385', source: 'manual' },
      { base: 'GBP', quote: 'EUR', date: '2024-03-01', rate: '1.1679', source: 'provider' },
      { base: 'GBP', quote: 'USD', date: '2024-02-20', rate: '1.2624', source: 'manual' },
      { base: 'USD', quote: 'JPY', date: '2024-01-05', rate: '144.62', source: 'manual' },
      { base: 'USD', quote: 'JPY', date: '2024-03-01', rate: '150.04', source: 'provider' },
    ]);
    const listed = (await source.owner.get('/api/v1/fx-rates?size=100&sort=base,quote,date')).body.items;
    expect(listed.map((r: Json) => ({ ...r, rate: new Decimal(r.rate).toFixed() }))).toEqual(file.fx_rates);
    for (const target of file.targets)
      expect(target).toEqual(canonical((await source.owner.get(`/api/v1/targets/${target.id}`)).body));
    expect(file.targets.map((t: Json) => t.status).sort()).toEqual(['active', 'cancelled', 'hit']);
    for (const entry of file.journal)
      expect(entry).toEqual((await source.owner.get(`/api/v1/journal/${entry.id}`)).body);
    expect(file.journal.map((e: Json) => e.content)).toEqual([
      'A note of no link',
      'Bought the dip',
      'Income plan',
      'Watching Berkshire',
    ]);
  });

  it('is for owners only', async () => {
    expectEnvelope(await member.get('/api/v1/export'), 403, 'FORBIDDEN');
    expectEnvelope(await viewer.get('/api/v1/export'), 403, 'FORBIDDEN');
  });
});

describe('POST /api/v1/import', () => {
  it('loads the file into an empty household of the same instance: its export is the same file', async () => {
    const target = await emptyHousehold();
    const res = await importInto(target.owner, file);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({
      summary: {
        stocks: 6,
        prices: 7,
        fx_rates: 7,
        portfolios: 3,
        transactions: 13,
        balances: 3,
        targets: 3,
        journal: 4,
      },
    });
    const again = (await target.owner.get('/api/v1/export')).body;
    expect(again.household.name).not.toBe(file.household.name);
    expect(again.members.map((m: Json) => m.email)).toEqual([target.email]);
    const ids = new Set(idLabels(again).keys());
    expect([...idLabels(file).keys()].filter((id) => ids.has(id))).toEqual([]);
    expect(normalise(again)).toEqual(normalise(file));
    expect(again.household.base_currency).toBe('GBP');
    expect((await target.owner.get('/api/v1/household')).body.base_currency).toBe('GBP');
    const vod = (await target.owner.get(`/api/v1/stocks/${again.stocks[5].id}`)).body;
    expect(vod).toMatchObject({ symbol: 'VOD.L', currency: 'GBp' });
  });

  it("merges the file's rates with those an empty household already has, a hand-entered rate never replaced by a fetched one", async () => {
    const target = await emptyHousehold();
    const own = [
      { base: 'EUR', quote: 'USD', date: '2024-01-02', rate: '1.5' },
      { base: 'EUR', quote: 'USD', date: '2023-12-01', rate: '1.2' },
      { base: 'CHF', quote: 'USD', date: '2020-01-02', rate: '1.03' },
    ];
    expect((await target.owner.post('/api/v1/fx-rates', { rates: own })).status).toBe(201);
    const res = await importInto(target.owner, file);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const rates = (await target.owner.get('/api/v1/export')).body.fx_rates;
    const key = (r: Json) => `${r.base}/${r.quote} ${r.date}`;
    const expected = new Map<string, Json>(file.fx_rates.map((r: Json) => [key(r), r]));
    // The file's manual rate replaces the household's of its day; its provider rate does not replace a manual one.
    expected.set('EUR/USD 2023-12-01', { ...own[1], source: 'manual' });
    expected.set('CHF/USD 2020-01-02', { ...own[2], source: 'manual' });
    expect(rates).toEqual([...expected.values()].sort((a, b) => (key(a) < key(b) ? -1 : 1)));
    expect(rates.find((r: Json) => key(r) === 'EUR/USD 2024-01-02')).toMatchObject({
      rate: '1.0956',
      source: 'manual',
    });
  });

  it('loads a file of before currencies as a dollar household, and gives its stocks the base currency when it has one', async () => {
    const old = structuredClone(file);
    delete old.fx_rates;
    delete old.household.base_currency;
    for (const stock of old.stocks) delete stock.currency;
    const target = await emptyHousehold();
    expect((await target.owner.patch('/api/v1/household', { base_currency: 'CHF' })).status).toBe(200);
    const res = await importInto(target.owner, old);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.summary.fx_rates).toBe(0);
    const loaded = (await target.owner.get('/api/v1/export')).body;
    expect(loaded.household.base_currency).toBe('USD');
    expect(loaded.stocks.map((s: Json) => s.currency)).toEqual(['USD', 'USD', 'USD', 'USD', 'USD', 'USD']);
    expect(loaded.fx_rates).toEqual([]);

    const euros = structuredClone(old);
    euros.household.base_currency = 'eur';
    euros.stocks[5].currency = 'GBp';
    const inEuros = await emptyHousehold();
    expect((await importInto(inEuros.owner, euros)).status).toBe(201);
    const loadedInEuros = (await inEuros.owner.get('/api/v1/export')).body;
    expect(loadedInEuros.household.base_currency).toBe('EUR');
    expect(loadedInEuros.stocks.map((s: Json) => s.currency)).toEqual(['EUR', 'EUR', 'EUR', 'EUR', 'EUR', 'GBp']);
  });

  it('gives the imported household the same holdings and analytics as the original', async () => {
    const target = await emptyHousehold();
    expect((await importInto(target.owner, file)).status).toBe(201);
    const copy = (await target.owner.get('/api/v1/export')).body;
    const labels = new Map([...idLabels(file), ...idLabels(copy)]);
    const views = async (client: Client, household: Json) => {
      const out: Json = { analytics: (await client.get('/api/v1/analytics')).body };
      for (const p of household.portfolios) {
        out[`${p.name} holdings`] = (await client.get(`/api/v1/portfolios/${p.id}/holdings`)).body;
        out[`${p.name} analytics`] = (await client.get(`/api/v1/portfolios/${p.id}/analytics`)).body;
      }
      return relabel(out, labels);
    };
    const original = (await views(source.owner, file)) as Json;
    expect(original['Growth holdings'].items.length).toBeGreaterThan(0);
    expect(original['income holdings'].items[0].lots.length).toBeGreaterThan(0);
    expect(await views(target.owner, copy)).toEqual(original);
  });

  it('loads the file into a fresh instance with a database of its own', async () => {
    const fresh = await startTestApp();
    try {
      const owner = await setupOwner(fresh.app, 'fresh@example.com');
      expect((await importInto(owner.owner, file)).status).toBe(201);
      expect(normalise((await owner.owner.get('/api/v1/export')).body)).toEqual(normalise(file));
    } finally {
      await fresh.close();
    }
  });

  it('is for owners only', async () => {
    expectEnvelope(await importInto(member, file), 403, 'FORBIDDEN');
    expectEnvelope(await importInto(viewer, file), 403, 'FORBIDDEN');
  });

  it('refuses a household that has stocks or portfolios (409) and changes nothing', async () => {
    const before = (await source.owner.get('/api/v1/export')).body;
    expectEnvelope(await importInto(source.owner, file), 409, 'CONFLICT');
    const onlyPortfolio = await emptyHousehold();
    expect((await onlyPortfolio.owner.post('/api/v1/portfolios', { name: 'Mine' })).status).toBe(201);
    expectEnvelope(await importInto(onlyPortfolio.owner, file), 409, 'CONFLICT');
    const after = (await source.owner.get('/api/v1/export')).body;
    expect({ ...after, exported_at: null }).toEqual({ ...before, exported_at: null });
    expect(await counts(onlyPortfolio.owner)).toMatchObject({ stocks: 0, portfolios: 1, targets: 0, journal: 0 });
  });

  it('checks the file before the household: a malformed file is 400 even into a household that is not empty', async () => {
    const res = await importInto(source.owner, { ...file, version: 2 });
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(res.body.error.details[0].field).toBe('version');
  });

  it('accepts a file over the service-wide 1 MiB body limit, and refuses one over 10 MiB (413)', async () => {
    const target = await emptyHousehold();
    const big = structuredClone(file);
    big.journal[0].content = 'x'.repeat(10_000);
    for (let i = 0; i < 150; i++) big.journal.push({ ...big.journal[0], id: `note-${i}` });
    expect(JSON.stringify(big).length).toBeGreaterThan(1024 * 1024);
    const res = await importInto(target.owner, big);
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(201);
    expect(res.body.summary.journal).toBe(file.journal.length + 150);
    const huge = await target.owner.request('POST', '/api/v1/import', `{"x":"${'y'.repeat(11 * 1024 * 1024)}"}`, {
      'content-type': 'application/json',
    });
    expectEnvelope(huge, 413, 'PAYLOAD_TOO_LARGE');
  });
});

describe('POST /api/v1/import, guarded', () => {
  it('refuses a file of a million empty objects before parsing it (400, quickly)', async () => {
    const target = await emptyHousehold();
    const body = `{"format":"stockbook","version":1,"stocks":[${Array(1_000_000).fill('{}').join(',')}]}`;
    expect(body.length).toBeLessThan(10 * 1024 * 1024);
    const started = performance.now();
    const res = await target.owner.request('POST', '/api/v1/import', body, { 'content-type': 'application/json' });
    expect(performance.now() - started).toBeLessThan(5000);
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(res.body.error.details).toEqual([{ field: 'body', message: expect.stringMatching(/objects and lists/) }]);
    expect(await counts(target.owner)).toMatchObject({ stocks: 0, portfolios: 0 });
  });

  it('stores portfolios whose name was just taken as a conflict (409), not a fault', async () => {
    // A portfolio created while a file loads does not wait for the household's lock: the file's insert then
    // meets the name. PGlite runs one transaction at a time, so the meeting is staged at the repository.
    const target = await emptyHousehold();
    expect((await target.owner.post('/api/v1/portfolios', { name: 'Growth' })).status).toBe(201);
    const now = new Date();
    const portfolios = portfolioRepository(testApp().database.db);
    const copy = {
      id: randomUUID(),
      householdId: target.householdId,
      name: 'Growth',
      description: '',
      currency: 'USD',
      costBasisMethod: 'average' as const,
      isActive: true,
      createdAt: now,
      updatedAt: now,
    };
    await expect(portfolios.insertMany([copy])).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await counts(target.owner)).toMatchObject({ portfolios: 1 });
  });
});

describe('a household of decimals finer than the API shows', () => {
  it('is exported exactly, and a copy loaded from the file exports the same file and holdings', async () => {
    const origin = await emptyHousehold();
    const owner = origin.owner;
    const post = async (url: string, body: Json) => {
      const res = await owner.post(url, body);
      expect(res.status, `${url} ${JSON.stringify(res.body)}`).toBe(201);
      return res.body;
    };
    const stock = (await post('/api/v1/stocks', { symbol: 'FINE' })).id;
    await post(`/api/v1/stocks/${stock}/prices`, { prices: [{ date: '2024-01-31', close: '12.123456789' }] });
    const portfolio = (await post('/api/v1/portfolios', { name: 'Fine' })).id;
    const trades = [
      { type: 'buy', quantity: '1.000000004', price: '10.1234567', fee: '0.125', trade_date: '2024-01-02' },
      { type: 'buy', quantity: '1.000000004', price: '10.0000001', fee: '0.001', trade_date: '2024-01-03' },
      { type: 'buy', quantity: '1.000000004', price: '9.99999999', trade_date: '2024-01-04' },
      { type: 'dividend', amount: '0.004', trade_date: '2024-01-05' },
      { type: 'sell', quantity: '2.000000008', price: '11.5', fee: '0.0049', trade_date: '2024-01-06' },
    ];
    for (const t of trades) await post(`/api/v1/portfolios/${portfolio}/transactions`, { stock_id: stock, ...t });
    await post(`/api/v1/portfolios/${portfolio}/balances`, {
      date: '2024-01-31',
      final_balance: '1000.005',
      deposits: '0.001',
      withdrawals: '0.0049',
      index_change: '1.23456',
    });
    await post('/api/v1/targets', {
      portfolio_id: portfolio,
      stock_id: stock,
      pivot_price: '20.1234567',
      failure_price: '5.0000001',
    });
    expect((await owner.patch('/api/v1/household', { concentration_limit: '22.5' })).status).toBe(200);
    const listed = (await owner.get(`/api/v1/portfolios/${portfolio}/transactions`)).body.items;
    expect(listed.map((t: Json) => t.quantity)).toContain('1');

    const res = await owner.get('/api/v1/export');
    expect(res.status).toBe(200);
    const exported = res.body;
    expect(exported.household.concentration_limit).toBe('22.5');
    expect(exported.prices.map((p: Json) => p.close)).toEqual(['12.123456789']);
    const decimals = ['quantity', 'price', 'fee', 'amount'];
    expect(exported.portfolios[0].transactions.map((t: Json) => decimals.map((key) => t[key]))).toEqual([
      ['1.000000004', '10.1234567', '0.125', null],
      ['1.000000004', '10.0000001', '0.001', null],
      ['1.000000004', '9.99999999', '0', null],
      [null, null, null, '0.004'],
      ['2.000000008', '11.5', '0.0049', null],
    ]);
    expect(exported.portfolios[0].balances[0]).toMatchObject({
      final_balance: '1000.005',
      deposits: '0.001',
      withdrawals: '0.0049',
      index_change: '1.23456',
    });
    expect(exported.targets[0]).toMatchObject({ pivot_price: '20.1234567', failure_price: '5.0000001' });

    const copy = await emptyHousehold();
    const loaded = await importInto(copy.owner, exported);
    expect(loaded.status, JSON.stringify(loaded.body)).toBe(201);
    const again = (await copy.owner.get('/api/v1/export')).body;
    expect(normalise(again)).toEqual(normalise(exported));
    const holdings = async (client: Client, file: Json) =>
      relabel(
        (await client.get(`/api/v1/portfolios/${file.portfolios[0].id}/holdings`)).body,
        new Map([...idLabels(exported), ...idLabels(again)]),
      );
    const original = (await holdings(owner, exported)) as Json;
    expect(original.items).toHaveLength(1);
    expect(await holdings(copy.owner, again)).toEqual(original);
  });
});

describe('POST /api/v1/import of a file that does not hold', () => {
  let target: Household;
  let before: Awaited<ReturnType<typeof counts>>;
  beforeAll(async () => {
    target = await emptyHousehold();
    before = await counts(target.owner);
  });

  /** A copy of the file with `change` applied. */
  const edited = (change: (f: Json) => void): Json => {
    const copy = structuredClone(file);
    change(copy);
    return copy;
  };

  async function refused(body: unknown, field: string): Promise<Json> {
    const res = await importInto(target.owner, body);
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(res.body.error.details.map((d: Json) => d.field)).toContain(field);
    expect(await counts(target.owner)).toEqual(before);
    return res.body.error;
  }

  it('malformed JSON', async () => {
    const res = await target.owner.request('POST', '/api/v1/import', '{"format": "stockbook", "version": 1,', {
      'content-type': 'application/json',
    });
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(await counts(target.owner)).toEqual(before);
  });

  it('another format, or none', async () => {
    await refused({ ...file, format: 'ghostfolio' }, 'format');
    const { format: _format, ...unnamed } = file;
    await refused(unnamed, 'format');
  });

  it('an unknown version, named in the message', async () => {
    const error = await refused({ ...file, version: 2 }, 'version');
    expect(error.message).toContain('version 2');
    const { version: _version, ...unversioned } = file;
    expect((await refused(unversioned, 'version')).message).toContain('no version');
  });

  it('a reference to nothing of the file', async () => {
    await refused(
      edited((f) => {
        f.prices[0].stock_id = UNKNOWN_ID;
      }),
      'prices[0].stock_id',
    );
    await refused(
      edited((f) => {
        f.portfolios[1].transactions[2].stock_id = 'no-such-stock';
      }),
      'portfolios[1].transactions[2].stock_id',
    );
    await refused(
      edited((f) => {
        f.journal[1].transaction_id = UNKNOWN_ID;
      }),
      'journal[1].transaction_id',
    );
    await refused(
      edited((f) => {
        f.targets[0].portfolio_id = f.stocks[0].id;
      }),
      'targets[0].portfolio_id',
    );
  });

  it('an invalid trade, balance, stock, target or journal entry', async () => {
    await refused(
      edited((f) => {
        f.portfolios[1].transactions[3].quantity = '-1';
      }),
      'portfolios[1].transactions[3].quantity',
    );
    await refused(
      edited((f) => {
        f.portfolios[1].transactions[0].ratio = '2:1';
      }),
      'portfolios[1].transactions[0].ratio',
    );
    await refused(
      edited((f) => {
        f.portfolios[1].balances[0].index_change = '150';
      }),
      'portfolios[1].balances[0].index_change',
    );
    await refused(
      edited((f) => {
        f.stocks[2].symbol = 'not a symbol';
      }),
      'stocks[2].symbol',
    );
    await refused(
      edited((f) => {
        f.stocks[3].symbol = 'AAPL';
      }),
      'stocks[3].symbol',
    );
    await refused(
      edited((f) => {
        f.targets[1].status = 'won';
      }),
      'targets[1].status',
    );
    await refused(
      edited((f) => {
        f.journal[0].tags = ['ok', ''];
      }),
      'journal[0].tags[1]',
    );
    await refused(
      edited((f) => {
        f.portfolios[0].colour = 'blue';
      }),
      'portfolios[0].colour',
    );
  });

  it('a bad currency or exchange rate, or a rate of a day given twice', async () => {
    await refused(
      edited((f) => {
        f.household.base_currency = 'GBp';
      }),
      'household.base_currency',
    );
    await refused(
      edited((f) => {
        f.stocks[5].currency = 'pence';
      }),
      'stocks[5].currency',
    );
    const error = await refused(
      edited((f) => {
        f.fx_rates.push({ ...f.fx_rates[0], date: '2024-06-03', spread: '0.01' });
        f.fx_rates[0].base = 'EURO';
        f.fx_rates[1].quote = 'EUR';
        f.fx_rates[2].rate = '0';
        f.fx_rates[3].date = '2024-02-30';
        f.fx_rates[4].source = 'bank';
        f.fx_rates[6] = { ...f.fx_rates[5], rate: '145' };
      }),
      'fx_rates[0].base',
    );
    expect(error.details.map((d: Json) => d.field)).toEqual([
      'fx_rates[0].base',
      'fx_rates[1].quote',
      'fx_rates[2].rate',
      'fx_rates[3].date',
      'fx_rates[4].source',
      'fx_rates[6].date',
      'fx_rates[7].spread',
    ]);
    expect(error.details[5].message).toBe('USD/JPY on 2024-01-05 is also at fx_rates[5].date');
  });

  it('a history that sells more than is held, naming the sell', async () => {
    const error = await refused(
      edited((f) => {
        f.portfolios[2].transactions[2].quantity = '50';
      }),
      'portfolios[2].transactions[2].quantity',
    );
    expect(error.details[0].message).toBe('Selling 50 MSFT on 2024-02-05 would leave -40: only 10 are held then');
    // A sell moved before the buys it needs.
    await refused(
      edited((f) => {
        f.portfolios[2].transactions[2].trade_date = '2024-01-01';
      }),
      'portfolios[2].transactions[2].quantity',
    );
  });

  it('has written nothing at all', async () => {
    const exported = (await target.owner.get('/api/v1/export')).body;
    expect([
      exported.stocks,
      exported.prices,
      exported.fx_rates,
      exported.portfolios,
      exported.targets,
      exported.journal,
    ]).toEqual([[], [], [], [], [], []]);
    expect(exported.household.concentration_limit).toBe('20');
    expect(exported.household.base_currency).toBe('USD');
  });
});

describe('a household of 10,000 trades', () => {
  /** A file written directly (recording 10,000 trades one request at a time would take minutes). */
  function largeFile(): Json {
    const stocks = Array.from({ length: 50 }, (_, i) => ({
      id: `stock-${i}`,
      symbol: `S${i}`,
      company_name: `Company ${i}`,
      sector: 'Energy',
      industry_group: 'Energy',
      grade: null,
      notes: '',
      provider_symbol: null,
      created_at: '2024-01-01T00:00:00.000Z',
      updated_at: '2024-01-01T00:00:00.000Z',
    }));
    const prices = stocks.flatMap((s, i) =>
      Array.from({ length: 20 }, (_, d) => ({
        stock_id: s.id,
        date: `2024-02-${String(d + 1).padStart(2, '0')}`,
        close: `${100 + i + d}.5`,
        source: 'manual',
      })),
    );
    const portfolios = Array.from({ length: 4 }, (_, p) => ({
      id: `portfolio-${p}`,
      name: `Portfolio ${p}`,
      description: '',
      currency: 'USD',
      cost_basis_method: p % 2 === 0 ? 'average' : 'fifo',
      is_active: true,
      created_at: '2024-01-01T00:00:00.000Z',
      updated_at: '2024-01-01T00:00:00.000Z',
      transactions: Array.from({ length: 2500 }, (_, t) => {
        // Every fifth trade sells one of the two shares the trade before it bought, ten trades a day.
        const sell = t % 5 === 4;
        const stock = stocks[(sell ? t - 1 : t) % 50] as Json;
        const day = new Date(Date.UTC(2023, 0, 1) + Math.floor(t / 10) * 86_400_000).toISOString().slice(0, 10);
        return {
          id: `trade-${p}-${t}`,
          stock_id: stock.id,
          type: sell ? 'sell' : 'buy',
          quantity: sell ? '1' : '2',
          price: `${50 + (t % 17)}.25`,
          fee: '1',
          amount: null,
          ratio: null,
          trade_date: day,
          notes: '',
          created_at: '2024-01-01T00:00:00.000Z',
        };
      }),
      balances: [],
    }));
    return {
      format: 'stockbook',
      version: 1,
      exported_at: '2024-03-01T00:00:00.000Z',
      household: { name: 'Large', concentration_limit: '20.00' },
      members: [],
      stocks,
      prices,
      portfolios,
      targets: [],
      journal: [],
    };
  }

  it('imports and exports in a few seconds, and exports back what was imported', async () => {
    const target = await emptyHousehold();
    const input = largeFile();
    let started = performance.now();
    const res = await importInto(target.owner, input);
    const importMs = performance.now() - started;
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(201);
    expect(res.body.summary.transactions).toBe(10_000);
    started = performance.now();
    const exported = await target.owner.get('/api/v1/export');
    const exportMs = performance.now() - started;
    console.log(
      `10,000 trades (${(JSON.stringify(input).length / 1e6).toFixed(1)} MB): import ${importMs.toFixed(0)} ms, export ${exportMs.toFixed(0)} ms`,
    );
    expect(exported.status).toBe(200);
    const fields = (t: Json) => [t.trade_date, t.type, t.quantity, t.price, t.fee];
    expect(exported.body.portfolios[3].transactions.map(fields)).toEqual(input.portfolios[3].transactions.map(fields));
    // A file of before currencies: a dollar household.
    expect(exported.body.household.base_currency).toBe('USD');
    expect(new Set(exported.body.stocks.map((s: Json) => s.currency))).toEqual(new Set(['USD']));

    const copy = await emptyHousehold();
    expect((await importInto(copy.owner, exported.body)).status).toBe(201);
    expect(normalise((await copy.owner.get('/api/v1/export')).body)).toEqual(normalise(exported.body));
  });
});
