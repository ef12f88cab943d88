import { beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Client, expectEnvelope, setupOwner, useTestApp } from '../support/app.js';
import { applied, counts, expectReportShape, holdingsOf, importUrl, predicted } from '../support/import-fixtures.js';
import { newPortfolio, otherHousehold } from '../support/trading-fixtures.js';

const testApp = useTestApp({ ALLOW_SIGNUP: 'true' });
let owner: Client;

beforeAll(async () => {
  ({ owner } = await setupOwner(testApp().app));
});

/** An activity as Ghostfolio exports it, with the fields StockBook ignores. */
const activity = (fields: Record<string, unknown>) => ({
  accountId: 'b2d3f1a8-0000-4000-8000-000000000001',
  dataSource: 'YAHOO',
  tags: ['t1'],
  id: 'ignored',
  updatedAt: '2024-06-01T00:00:00.000Z',
  currency: 'USD',
  fee: 0,
  comment: null,
  ...fields,
});

const exportFile = (activities: unknown[]) => ({
  meta: { date: '2024-06-01T00:00:00.000Z', version: '2.90.0' },
  accounts: [{ id: 'b2d3f1a8-0000-4000-8000-000000000001', name: 'Broker', balance: 0 }],
  platforms: [],
  tags: [{ id: 't1', name: 'Long term' }],
  user: { settings: { currency: 'USD' } },
  activities,
});

describe("Ghostfolio's JSON export", () => {
  it('imports buys, sells and dividends, skips fees and interest, ignores every other field', async () => {
    const portfolio = await newPortfolio(owner, 'Ghostfolio');
    const file = exportFile([
      activity({
        date: '2024-01-02T00:00:00.000Z',
        symbol: 'msft',
        type: 'BUY',
        quantity: 10,
        unitPrice: 370.5,
        fee: 1.25,
        comment: 'first',
      }),
      activity({ date: '2024-01-03T00:00:00.000Z', symbol: 'MSFT', type: 'FEE', quantity: 0, unitPrice: 5, fee: 0 }),
      activity({ date: '2024-02-15T00:00:00.000Z', symbol: 'MSFT', type: 'DIVIDEND', quantity: 10, unitPrice: 0.75 }),
      activity({ date: '2024-03-01T00:00:00.000Z', symbol: 'MSFT', type: 'SELL', quantity: 4, unitPrice: 400, fee: 1 }),
      activity({ date: '2024-03-02T00:00:00.000Z', symbol: 'Cash', type: 'INTEREST', quantity: 1, unitPrice: 3 }),
      activity({ date: '2024-03-03T00:00:00.000Z', symbol: 'House', type: 'ITEM', quantity: 1, unitPrice: 300000 }),
      activity({ date: '2024-03-04T00:00:00.000Z', symbol: 'Loan', type: 'LIABILITY', quantity: 1, unitPrice: 1000 }),
    ]);
    const before = await counts(testApp());
    const dry = await owner.post(importUrl(portfolio, 'dry_run=true'), file);
    expect(dry.status).toBe(200);
    expectReportShape(dry);
    expect(await counts(testApp())).toEqual(before);
    expect(dry.body.summary).toEqual({ rows: 7, created: 3, duplicates: 0, skipped: 4, errors: 0, stocks_created: 1 });
    expect(
      dry.body.rows.map((r: { line: number; status: string; type: string }) => [r.line, r.status, r.type]),
    ).toEqual([
      [1, 'create', 'buy'],
      [2, 'skipped', 'fee'],
      [3, 'create', 'dividend'],
      [4, 'create', 'sell'],
      [5, 'skipped', 'interest'],
      [6, 'skipped', 'item'],
      [7, 'skipped', 'liability'],
    ]);

    const real = await owner.post(importUrl(portfolio), file);
    expect(real.status).toBe(201);
    expect(applied(real.body)).toEqual(predicted(dry.body));
    expect(real.body.rows[0].trade_date).toBe('2024-01-02T00:00:00.000Z');
    const dividend = await owner.get(
      `/api/v1/portfolios/${portfolio}/transactions/${real.body.rows[2].transaction_id}`,
    );
    expect(dividend.body).toMatchObject({ type: 'dividend', amount: '7.50', trade_date: '2024-02-15T00:00:00.000Z' });
    const buy = await owner.get(`/api/v1/portfolios/${portfolio}/transactions/${real.body.rows[0].transaction_id}`);
    expect(buy.body).toMatchObject({ symbol: 'MSFT', quantity: '10', price: '370.5', fee: '1.25', notes: 'first' });
    const holdings = await holdingsOf(owner, portfolio);
    expect(holdings.items).toEqual([
      expect.objectContaining({
        symbol: 'MSFT',
        quantity: '6',
        cost_basis: '2223.75',
        realized_pnl: '116.50',
        dividends: '7.50',
      }),
    ]);

    // The same export again: every trade is a duplicate.
    const again = await owner.post(importUrl(portfolio), file);
    expect(again.status).toBe(201);
    expect(again.body.summary).toMatchObject({ created: 0, duplicates: 3, skipped: 4 });
    expect((await counts(testApp())).trades).toBe(before.trades + 3);
  });

  it("is all or nothing: a bad activity, another currency than the stock's or an oversell refuses the file with 422", async () => {
    const portfolio = await newPortfolio(owner, 'Ghostfolio refused');
    const before = await counts(testApp());
    const file = exportFile([
      activity({ date: '2024-01-02', symbol: 'GOOD', type: 'BUY', quantity: 1, unitPrice: 1 }),
      activity({ date: '2024-01-02', symbol: 'GOOD', type: 'BUY', quantity: 1, unitPrice: 1, currency: 'EUR' }),
      activity({ date: '2024-01-02', symbol: 'BAD', type: 'BUY', quantity: { n: 1 }, unitPrice: 1 }),
      'not an activity',
      activity({ date: '2024-01-03', symbol: 'GOOD', type: 'SELL', quantity: 2, unitPrice: 1 }),
      activity({ date: '2024-01-03', symbol: 'GOOD', type: 'TRANSFER', quantity: 2, unitPrice: 1 }),
    ]);
    const res = await owner.post(importUrl(portfolio), file);
    expect(res.status).toBe(422);
    expectEnvelope(res, 422, 'BUSINESS_RULE_VIOLATION');
    expect(res.body.rows.map((r: { status: string; message: string | null }) => [r.status, r.message])).toEqual([
      ['create', null],
      ['error', "Currency EUR is not GOOD's currency USD (named by line 1, which creates the stock)"],
      ['error', 'quantity must be text or a number'],
      ['error', 'The activity is not an object'],
      ['error', 'Selling 2 GOOD on 2024-01-03 would leave -1: only 1 are held then'],
      ['error', "Type 'transfer' is not one of buy, sell, dividend, split"],
    ]);
    expect(await counts(testApp())).toEqual(before);
  });

  it("creates each new stock in its activities' currency, pence as GBp, and checks a known stock's", async () => {
    const portfolio = (await owner.post('/api/v1/portfolios', { name: 'Ghostfolio pounds', currency: 'GBP' })).body
      .id as string;
    const file = exportFile([
      activity({ date: '2024-01-02', symbol: 'GFVOD.L', type: 'BUY', quantity: 100, unitPrice: 71.5, currency: 'GBX' }),
      activity({ date: '2024-01-02', symbol: 'GFSAP', type: 'BUY', quantity: 1, unitPrice: 180, currency: 'EUR' }),
      activity({ date: '2024-01-03', symbol: 'GFVOD.L', type: 'BUY', quantity: 100, unitPrice: 72, currency: 'GBp' }),
    ]);
    const res = await owner.post(importUrl(portfolio), file);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.summary).toMatchObject({ created: 3, stocks_created: 2 });
    const currencies = async () =>
      Object.fromEntries(
        ((await owner.get('/api/v1/stocks?search=GF&size=100')).body.items as Array<Record<string, string>>).map(
          (s) => [s.symbol, s.currency],
        ),
      );
    expect(await currencies()).toEqual({ 'GFVOD.L': 'GBp', GFSAP: 'EUR' });

    // Pounds are not pence: a known GBp stock refuses a GBP activity.
    const pounds = exportFile([
      activity({ date: '2024-01-04', symbol: 'GFVOD.L', type: 'SELL', quantity: 1, unitPrice: 0.72, currency: 'GBP' }),
    ]);
    const refused = await owner.post(importUrl(portfolio, 'dry_run=true'), pounds);
    expect(refused.status).toBe(200);
    expect(refused.body.rows[0]).toMatchObject({
      status: 'error',
      message: "Currency GBP is not GFVOD.L's currency GBp",
    });
  });

  it('refuses JSON without an activities array with 400', async () => {
    const portfolio = await newPortfolio(owner, 'Ghostfolio 400');
    for (const body of [{ meta: {} }, { activities: 'none' }, [1, 2]]) {
      const res = await owner.post(importUrl(portfolio), body);
      expectEnvelope(res, 400, 'VALIDATION_ERROR');
      expect(res.body.error.message).toMatch(/no activities array/);
    }
    expectEnvelope(
      await owner.post(importUrl(portfolio), '{"activities": [', { 'content-type': 'application/json' }),
      400,
      'VALIDATION_ERROR',
    );
  });

  it('takes JSON files over the global 1 MiB limit, up to 10 MiB', async () => {
    const portfolio = await newPortfolio(owner, 'Ghostfolio big');
    const activities = Array.from({ length: 6000 }, (_, i) =>
      activity({
        date: '2024-01-02T00:00:00.000Z',
        symbol: 'BIG',
        type: 'BUY',
        quantity: 1,
        unitPrice: i + 1,
        comment: 'x'.repeat(100),
      }),
    );
    const file = exportFile(activities);
    expect(JSON.stringify(file).length).toBeGreaterThan(1024 * 1024);
    const res = await owner.post(importUrl(portfolio, 'dry_run=true'), file);
    expect(res.status).toBe(200);
    expect(res.body.summary.created).toBe(6000);
    const huge = JSON.stringify(exportFile([activity({ comment: 'y'.repeat(11 * 1024 * 1024) })]));
    expectEnvelope(
      await owner.post(importUrl(portfolio), huge, { 'content-type': 'application/json' }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
  });

  it('viewers get 403, foreign portfolios 404', async () => {
    const portfolio = await newPortfolio(owner, 'Ghostfolio access');
    const viewer = await addUser(testApp().app, owner, 'viewer-gf@example.com', 'viewer');
    const file = exportFile([activity({ date: '2024-01-02', symbol: 'A', type: 'BUY', quantity: 1, unitPrice: 1 })]);
    expectEnvelope(await viewer.owner.post(importUrl(portfolio), file), 403, 'FORBIDDEN');
    const other = await otherHousehold(testApp().app, 'other-gf@example.com');
    expectEnvelope(await other.owner.post(importUrl(portfolio), file), 404, 'NOT_FOUND');
  });
});

describe("Ghostfolio's JSON export: hostile files", () => {
  it('refuses a file of a million tiny objects with 400 before parsing it', async () => {
    const portfolio = await newPortfolio(owner, 'Ghostfolio hostile');
    const before = await counts(testApp());
    const body = `{"activities":[${'{},'.repeat(1_000_000)}{}]}`;
    const res = await owner.post(importUrl(portfolio), body, { 'content-type': 'application/json' });
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(res.body.error.message).toMatch(/more than 50000 activities/);
    const deep = `{"activities":${'['.repeat(100)}${']'.repeat(100)}}`;
    expectEnvelope(
      await owner.post(importUrl(portfolio), deep, { 'content-type': 'application/json' }),
      400,
      'VALIDATION_ERROR',
    );
    expect(await counts(testApp())).toEqual(before);
  });
});
