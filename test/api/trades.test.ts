import { beforeAll, describe, expect, it } from 'vitest';
import {
  addUser,
  type Client,
  client,
  expectEnvelope,
  PASSWORD,
  type Response,
  setupOwner,
  useTestApp,
} from '../support/app.js';

const testApp = useTestApp({ ALLOW_SIGNUP: 'true' });
let owner: Client;
let portfolio: string;
let stock: string;

async function newPortfolio(name: string, extra: Record<string, unknown> = {}) {
  return (await owner.post('/api/v1/portfolios', { name, ...extra })).body.id as string;
}
async function newStock(symbol: string) {
  return (await owner.post('/api/v1/stocks', { symbol })).body.id as string;
}
const trades = (p: string) => `/api/v1/portfolios/${p}/transactions`;

beforeAll(async () => {
  ({ owner } = await setupOwner(testApp().app));
  portfolio = await newPortfolio('Main');
  stock = await newStock('AAPL');
});

describe('recording trades', () => {
  it('records a buy with the exact shape; fields that do not apply are null', async () => {
    const res = await owner.post(trades(portfolio), {
      stock_id: stock,
      type: 'buy',
      quantity: '10',
      price: 150.25,
      fee: '1.5',
      trade_date: '2024-01-02',
      notes: ' first ',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      portfolio_id: portfolio,
      stock_id: stock,
      symbol: 'AAPL',
      type: 'buy',
      quantity: '10',
      price: '150.25',
      fee: '1.50',
      amount: null,
      ratio: null,
      trade_date: '2024-01-02',
      notes: 'first',
      created_at: expect.any(String),
    });
  });

  it('records dividends and splits; a full timestamp is kept', async () => {
    const dividend = await owner.post(trades(portfolio), {
      stock_id: stock,
      type: 'dividend',
      amount: '12.34',
      trade_date: '2024-02-01T15:30:00Z',
    });
    expect(dividend.status).toBe(201);
    expect(dividend.body).toMatchObject({
      type: 'dividend',
      amount: '12.34',
      quantity: null,
      price: null,
      fee: null,
      trade_date: '2024-02-01T15:30:00.000Z',
    });
    const split = await owner.post(trades(portfolio), {
      stock_id: stock,
      type: 'split',
      ratio: '4:1',
      trade_date: '2024-03-01',
    });
    expect(split.status).toBe(201);
    expect(split.body).toMatchObject({ type: 'split', ratio: '4:1', quantity: null, amount: null });
  });

  it.each([
    [{ type: 'buy', quantity: 0, price: 1, trade_date: '2024-01-02' }, 'quantity'],
    [{ type: 'buy', quantity: -1, price: 1, trade_date: '2024-01-02' }, 'quantity'],
    [{ type: 'buy', quantity: 1, price: -1, trade_date: '2024-01-02' }, 'price'],
    [{ type: 'buy', quantity: 1, price: 1, fee: -1, trade_date: '2024-01-02' }, 'fee'],
    [{ type: 'buy', quantity: 'ten', price: 1, trade_date: '2024-01-02' }, 'quantity'],
    [{ type: 'buy', quantity: 1, trade_date: '2024-01-02' }, 'price'],
    [{ type: 'buy', quantity: 1, price: 1, amount: 5, trade_date: '2024-01-02' }, 'amount'],
    [{ type: 'buy', quantity: 1, price: 1, ratio: '2:1', trade_date: '2024-01-02' }, 'ratio'],
    [{ type: 'dividend', amount: 0, trade_date: '2024-01-02' }, 'amount'],
    [{ type: 'dividend', amount: 5, quantity: 1, trade_date: '2024-01-02' }, 'quantity'],
    [{ type: 'split', ratio: '4-1', trade_date: '2024-01-02' }, 'ratio'],
    [{ type: 'split', ratio: '0:1', trade_date: '2024-01-02' }, 'ratio'],
    [{ type: 'split', trade_date: '2024-01-02' }, 'ratio'],
    [{ type: 'transfer', quantity: 1, price: 1, trade_date: '2024-01-02' }, 'type'],
    [{ type: 'buy', quantity: 1, price: 1, trade_date: '2024-02-30' }, 'trade_date'],
    [{ type: 'buy', quantity: 1, price: 1, trade_date: 'yesterday' }, 'trade_date'],
    [{ type: 'buy', quantity: 1, price: 1 }, 'trade_date'],
    [{ type: 'buy', quantity: 1, price: 1, trade_date: '2024-01-02', notes: 'n'.repeat(1001) }, 'notes'],
    [{ type: 'buy', quantity: 1, price: 1, trade_date: '2024-01-02', broker: 'x' }, 'broker'],
  ])('refuses bad input %# with 400 naming %s, and writes nothing', async (body, field) => {
    const before = (await owner.get(trades(portfolio))).body.total;
    const res = await owner.post(trades(portfolio), { stock_id: stock, ...body });
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    expect((await owner.get(trades(portfolio))).body.total).toBe(before);
  });

  it('refuses an unknown stock or portfolio with 404', async () => {
    const body = {
      stock_id: '00000000-0000-4000-8000-000000000000',
      type: 'buy',
      quantity: 1,
      price: 1,
      trade_date: '2024-01-02',
    };
    expectEnvelope(await owner.post(trades(portfolio), body), 404, 'NOT_FOUND');
    expectEnvelope(
      await owner.post(trades('00000000-0000-4000-8000-000000000000'), { ...body, stock_id: stock }),
      404,
      'NOT_FOUND',
    );
  });

  it('refuses selling more than held, at any point of history (422), writing nothing', async () => {
    const p = await newPortfolio('Oversell');
    const s = await newStock('OVR');
    expectEnvelope(
      await owner.post(trades(p), { stock_id: s, type: 'sell', quantity: 1, price: 1, trade_date: '2024-01-02' }),
      422,
      'BUSINESS_RULE_VIOLATION',
    );
    await owner.post(trades(p), { stock_id: s, type: 'buy', quantity: 10, price: 1, trade_date: '2024-01-10' });
    expectEnvelope(
      await owner.post(trades(p), { stock_id: s, type: 'sell', quantity: 11, price: 1, trade_date: '2024-01-11' }),
      422,
      'BUSINESS_RULE_VIOLATION',
    );
    // A back-dated sell before the buy.
    expectEnvelope(
      await owner.post(trades(p), { stock_id: s, type: 'sell', quantity: 1, price: 1, trade_date: '2024-01-09' }),
      422,
      'BUSINESS_RULE_VIOLATION',
    );
    // Same day: trades apply in creation order, so a sell after the buy on its day is fine.
    expect(
      (await owner.post(trades(p), { stock_id: s, type: 'sell', quantity: 10, price: 1, trade_date: '2024-01-10' }))
        .status,
    ).toBe(201);
    // A back-dated buy before the earlier sells is fine too.
    expect(
      (await owner.post(trades(p), { stock_id: s, type: 'buy', quantity: 5, price: 1, trade_date: '2023-12-01' }))
        .status,
    ).toBe(201);
    expect((await owner.get(trades(p))).body.total).toBe(3);
  });

  it('names a refused sell by symbol, date and quantities, never by an id', async () => {
    const p = await newPortfolio('Wording');
    const s = await newStock('MSFT');
    await owner.post(trades(p), { stock_id: s, type: 'buy', quantity: 10, price: 300, trade_date: '2026-01-02' });
    const res = await owner.post(trades(p), {
      stock_id: s,
      type: 'sell',
      quantity: '15.000',
      price: 310,
      trade_date: '2026-01-06',
    });
    expectEnvelope(res, 422, 'BUSINESS_RULE_VIOLATION');
    const message = 'Selling 15 MSFT on 2026-01-06 would leave -5: only 10 are held then';
    expect(res.body.error.message).toBe(message);
    expect(res.body.error.details).toEqual([{ field: 'quantity', message }]);
    // A sell of a stock never held, with a timestamp: its UTC day, and 0 held.
    const p2 = await newPortfolio('Wording, empty');
    const never = await owner.post(trades(p2), {
      stock_id: s,
      type: 'sell',
      quantity: '0.5',
      price: 310,
      trade_date: '2026-01-06T23:30:00-02:00',
    });
    expect(never.body.error.message).toBe('Selling 0.5 MSFT on 2026-01-07 would leave -0.5: only 0 are held then');
  });

  it('an edit or delete of an earlier trade is refused naming the later sell that would go negative', async () => {
    const p = await newPortfolio('Later sells');
    const s = await newStock('NVDA');
    const other = await newStock('AMD');
    const post = async (body: Record<string, unknown>) => (await owner.post(trades(p), { stock_id: s, ...body })).body;
    const buy = await post({ type: 'buy', quantity: 10, price: 5, trade_date: '2024-01-10' });
    const split = await post({ type: 'split', ratio: '2:1', trade_date: '2024-02-01' });
    await post({ type: 'sell', quantity: 15, price: 3, trade_date: '2024-03-01' });
    const refusal = async (res: Promise<Response>) => {
      const answer = await res;
      expectEnvelope(answer, 422, 'BUSINESS_RULE_VIOLATION');
      return answer.body.error.message;
    };
    expect(await refusal(owner.patch(`${trades(p)}/${buy.id}`, { quantity: 5 }))).toBe(
      'Selling 15 NVDA on 2024-03-01 would leave -5: only 10 are held then',
    );
    expect(await refusal(owner.delete(`${trades(p)}/${split.id}`))).toBe(
      'Selling 15 NVDA on 2024-03-01 would leave -5: only 10 are held then',
    );
    expect(await refusal(owner.patch(`${trades(p)}/${split.id}`, { ratio: '1:2' }))).toBe(
      'Selling 15 NVDA on 2024-03-01 would leave -10: only 5 are held then',
    );
    // Moving the buy to another stock leaves this one's sell with nothing.
    expect(await refusal(owner.patch(`${trades(p)}/${buy.id}`, { stock_id: other }))).toBe(
      'Selling 15 NVDA on 2024-03-01 would leave -15: only 0 are held then',
    );
  });

  it('refuses an edit or delete that would make history negative (422) and changes nothing', async () => {
    const p = await newPortfolio('Edits');
    const s = await newStock('EDT');
    const buy = (
      await owner.post(trades(p), { stock_id: s, type: 'buy', quantity: 10, price: 5, trade_date: '2024-01-10' })
    ).body;
    const sell = (
      await owner.post(trades(p), { stock_id: s, type: 'sell', quantity: 8, price: 6, trade_date: '2024-02-10' })
    ).body;
    expectEnvelope(await owner.patch(`${trades(p)}/${buy.id}`, { quantity: 5 }), 422, 'BUSINESS_RULE_VIOLATION');
    expectEnvelope(
      await owner.patch(`${trades(p)}/${buy.id}`, { trade_date: '2024-03-01' }),
      422,
      'BUSINESS_RULE_VIOLATION',
    );
    expectEnvelope(
      await owner.patch(`${trades(p)}/${sell.id}`, { trade_date: '2024-01-01' }),
      422,
      'BUSINESS_RULE_VIOLATION',
    );
    expectEnvelope(await owner.delete(`${trades(p)}/${buy.id}`), 422, 'BUSINESS_RULE_VIOLATION');
    expect((await owner.get(`${trades(p)}/${buy.id}`)).body).toMatchObject({
      quantity: '10',
      trade_date: '2024-01-10',
    });
    // Legal edits and deletes go through.
    const edited = await owner.patch(`${trades(p)}/${buy.id}`, { quantity: '8.5', price: '5.25', notes: 'fixed' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ quantity: '8.5', price: '5.25', notes: 'fixed', trade_date: '2024-01-10' });
    expect((await owner.delete(`${trades(p)}/${sell.id}`)).status).toBe(204);
    expect((await owner.delete(`${trades(p)}/${buy.id}`)).status).toBe(204);
    expectEnvelope(await owner.get(`${trades(p)}/${buy.id}`), 404, 'NOT_FOUND');
  });

  it('changing the type of a trade starts from the new type', async () => {
    const p = await newPortfolio('Retype');
    const s = await newStock('RTY');
    const t = (
      await owner.post(trades(p), { stock_id: s, type: 'buy', quantity: 2, price: 5, trade_date: '2024-01-10' })
    ).body;
    expectEnvelope(await owner.patch(`${trades(p)}/${t.id}`, { type: 'dividend' }), 400, 'VALIDATION_ERROR');
    const res = await owner.patch(`${trades(p)}/${t.id}`, { type: 'dividend', amount: '3' });
    expect(res.body).toMatchObject({ type: 'dividend', amount: '3.00', quantity: null, price: null, fee: null });
  });

  it('refuses trades, edits and deletes in an inactive portfolio (422), naming the portfolio', async () => {
    const p = await newPortfolio('Sleepy');
    const s = await newStock('SLP');
    const t = (
      await owner.post(trades(p), { stock_id: s, type: 'buy', quantity: 2, price: 5, trade_date: '2024-01-10' })
    ).body;
    await owner.patch(`/api/v1/portfolios/${p}`, { is_active: false });
    const refused = await owner.post(trades(p), {
      stock_id: s,
      type: 'buy',
      quantity: 1,
      price: 5,
      trade_date: '2024-01-11',
    });
    expectEnvelope(refused, 422, 'BUSINESS_RULE_VIOLATION');
    expect(refused.body.error.message).toBe("Portfolio 'Sleepy' is inactive: activate it before changing its trades");
    expectEnvelope(await owner.patch(`${trades(p)}/${t.id}`, { notes: 'x' }), 422, 'BUSINESS_RULE_VIOLATION');
    expectEnvelope(await owner.delete(`${trades(p)}/${t.id}`), 422, 'BUSINESS_RULE_VIOLATION');
    expect((await owner.get(trades(p))).body.total).toBe(1);
  });
});

describe('listing trades', () => {
  let p: string;
  let a: string;
  let b: string;
  beforeAll(async () => {
    p = await newPortfolio('Listing');
    a = await newStock('LSA');
    b = await newStock('LSB');
    const rows = [
      { stock_id: a, type: 'buy', quantity: 10, price: 1, trade_date: '2024-01-05' },
      { stock_id: b, type: 'buy', quantity: 5, price: 2, trade_date: '2024-02-05' },
      { stock_id: a, type: 'sell', quantity: 3, price: 3, trade_date: '2024-03-05' },
      { stock_id: a, type: 'dividend', amount: 1, trade_date: '2024-04-05' },
      { stock_id: b, type: 'split', ratio: '2:1', trade_date: '2024-05-05' },
    ];
    for (const r of rows) expect((await owner.post(trades(p), r)).status).toBe(201);
  });

  it("every trade answer carries its stock's symbol: list, GET, POST and PATCH", async () => {
    const list = await owner.get(trades(p));
    expect(list.body.items.map((t: { symbol: string }) => t.symbol)).toEqual(['LSA', 'LSB', 'LSA', 'LSA', 'LSB']);
    const created = await owner.post(trades(p), { stock_id: a, type: 'dividend', amount: 2, trade_date: '2024-06-01' });
    expect(created.body.symbol).toBe('LSA');
    expect((await owner.get(`${trades(p)}/${created.body.id}`)).body.symbol).toBe('LSA');
    const moved = await owner.patch(`${trades(p)}/${created.body.id}`, { stock_id: b });
    expect(moved.body).toMatchObject({ stock_id: b, symbol: 'LSB' });
    // A renamed stock shows its new symbol.
    await owner.patch(`/api/v1/stocks/${b}`, { symbol: 'LSC' });
    expect((await owner.get(`${trades(p)}/${created.body.id}`)).body.symbol).toBe('LSC');
    await owner.patch(`/api/v1/stocks/${b}`, { symbol: 'LSB' });
    expect((await owner.delete(`${trades(p)}/${created.body.id}`)).status).toBe(204);
  });

  it('lists in trade-date order, paged', async () => {
    const res = await owner.get(`${trades(p)}?size=2&page=2`);
    expect(res.body).toMatchObject({ total: 5, page: 2, size: 2, pages: 3 });
    expect(res.body.items.map((t: { trade_date: string }) => t.trade_date)).toEqual(['2024-03-05', '2024-04-05']);
  });

  it('filters by stock, type and date range, and sorts', async () => {
    const byStock = await owner.get(`${trades(p)}?stock_id=${a}`);
    expect(byStock.body.total).toBe(3);
    expect((await owner.get(`${trades(p)}?type=buy`)).body.total).toBe(2);
    const range = await owner.get(`${trades(p)}?from=2024-02-01&to=2024-04-05`);
    expect(range.body.items.map((t: { trade_date: string }) => t.trade_date)).toEqual([
      '2024-02-05',
      '2024-03-05',
      '2024-04-05',
    ]);
    const sorted = await owner.get(`${trades(p)}?sort=trade_date:desc`);
    expect(sorted.body.items[0].trade_date).toBe('2024-05-05');
  });

  it.each(['type=swap', 'from=someday', 'sort=fee:asc', 'size=101', 'page=0', 'stock=1'])(
    'refuses %s with 400',
    async (q) => {
      expectEnvelope(await owner.get(`${trades(p)}?${q}`), 400, 'VALIDATION_ERROR');
    },
  );
});

describe('races and retries', () => {
  it('20 concurrent sells of the last 10 shares, one share each: exactly 10 succeed, the rest get 422', async () => {
    const p = await newPortfolio('Race');
    const s = await newStock('RACE');
    await owner.post(trades(p), { stock_id: s, type: 'buy', quantity: 10, price: 10, trade_date: '2024-01-02' });
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        owner.post(trades(p), { stock_id: s, type: 'sell', quantity: 1, price: 11, trade_date: '2024-01-03' }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((x) => x === 201)).toHaveLength(10);
    expect(statuses.filter((x) => x === 422)).toHaveLength(10);
    expect((await owner.get(`${trades(p)}?type=sell`)).body.total).toBe(10);
  });

  it('the same Idempotency-Key sent 10 times at once records one trade and answers each the same', async () => {
    const p = await newPortfolio('Idem');
    const s = await newStock('IDEM');
    const body = { stock_id: s, type: 'buy', quantity: 3, price: 10, trade_date: '2024-01-02' };
    const results = await Promise.all(
      Array.from({ length: 10 }, () => owner.post(trades(p), body, { 'idempotency-key': 'retry-1' })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect((await owner.get(trades(p))).body.total).toBe(1);
    // A later retry gets the first answer; the same key with another body is a conflict.
    const again = await owner.post(trades(p), body, { 'idempotency-key': 'retry-1' });
    expect(again.body).toEqual(results[0]!.body);
    expectEnvelope(
      await owner.post(trades(p), { ...body, quantity: 4 }, { 'idempotency-key': 'retry-1' }),
      409,
      'CONFLICT',
    );
    expect((await owner.get(trades(p))).body.total).toBe(1);
    // Another key is another trade.
    expect((await owner.post(trades(p), body, { 'idempotency-key': 'retry-2' })).status).toBe(201);
    expect((await owner.get(trades(p))).body.total).toBe(2);
  });
});

describe('retries of answers stored by an earlier version', () => {
  it('a retry gets the first answer as it was stored, though trade answers now carry a symbol', async () => {
    const p = await newPortfolio('Idem, older');
    const s = await newStock('IDMO');
    const body = { stock_id: s, type: 'buy', quantity: 3, price: 10, trade_date: '2024-01-02' };
    const first = await owner.post(trades(p), body, { 'idempotency-key': 'older-1' });
    expect(first.body.symbol).toBe('IDMO');
    // The answer as a version before symbols stored it.
    const { symbol: _, ...stored } = first.body;
    await testApp()
      .database.db.updateTable('idempotency_keys')
      .set({ response: JSON.stringify(stored) })
      .where('key', '=', 'older-1')
      .execute();
    const again = await owner.post(trades(p), body, { 'idempotency-key': 'older-1' });
    expect(again.status).toBe(201);
    expect(again.headers['content-type']).toContain('application/json');
    expect(again.body).toEqual(stored);
    expect((await owner.get(trades(p))).body.total).toBe(1);
  });
});

describe('roles and tenants', () => {
  it('viewers read trades but cannot write them; other households get 404 for every id', async () => {
    const app = testApp().app;
    const p = await newPortfolio('Guarded');
    const s = await newStock('GRD');
    const t = (
      await owner.post(trades(p), { stock_id: s, type: 'buy', quantity: 1, price: 1, trade_date: '2024-01-02' })
    ).body;
    const viewer = await addUser(app, owner, 'tviewer@example.com', 'viewer');
    expect((await viewer.owner.get(`${trades(p)}/${t.id}`)).status).toBe(200);
    expectEnvelope(
      await viewer.owner.post(trades(p), { stock_id: s, type: 'buy', quantity: 1, price: 1, trade_date: '2024-01-02' }),
      403,
      'FORBIDDEN',
    );
    expectEnvelope(await viewer.owner.patch(`${trades(p)}/${t.id}`, { notes: 'x' }), 403, 'FORBIDDEN');
    expectEnvelope(await viewer.owner.delete(`${trades(p)}/${t.id}`), 403, 'FORBIDDEN');

    await client(app).post('/api/v1/households', {
      household_name: 'Other',
      display_name: 'O',
      email: 'tother@example.com',
      password: PASSWORD,
    });
    const token = (await client(app).post('/api/v1/auth/login', { email: 'tother@example.com', password: PASSWORD }))
      .body.access_token;
    const stranger = client(app, token);
    expectEnvelope(await stranger.get(trades(p)), 404, 'NOT_FOUND');
    expectEnvelope(await stranger.get(`${trades(p)}/${t.id}`), 404, 'NOT_FOUND');
    expectEnvelope(await stranger.patch(`${trades(p)}/${t.id}`, { notes: 'x' }), 404, 'NOT_FOUND');
    expectEnvelope(await stranger.delete(`${trades(p)}/${t.id}`), 404, 'NOT_FOUND');
    // Their own portfolio cannot hold our stock either.
    const theirs = (await stranger.post('/api/v1/portfolios', { name: 'Theirs' })).body.id;
    expectEnvelope(
      await stranger.post(trades(theirs), {
        stock_id: s,
        type: 'buy',
        quantity: 1,
        price: 1,
        trade_date: '2024-01-02',
      }),
      404,
      'NOT_FOUND',
    );
  });
});
