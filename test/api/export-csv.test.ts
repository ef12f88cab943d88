import { beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Client, expectEnvelope, setupOwner, useTestApp } from '../support/app.js';
import { holdingsOf, postCsv } from '../support/import-fixtures.js';
import { newPortfolio, otherHousehold, UNKNOWN_ID } from '../support/trading-fixtures.js';

const testApp = useTestApp({ ALLOW_SIGNUP: 'true' });
let owner: Client;
let portfolio: string;

const csvUrl = (id: string) => `/api/v1/portfolios/${id}/transactions.csv`;
const HOSTILE_NOTES = [
  '=SUM(A1:A9)',
  '+1',
  '-1',
  '@cmd',
  "'=already escaped",
  'a, "quoted"; note\r\nover lines',
  'ünïcödé 😀 中文',
  "it's",
];

async function stockIn(symbol: string, currency: string): Promise<string> {
  const res = await owner.post('/api/v1/stocks', { symbol, currency });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

beforeAll(async () => {
  ({ owner } = await setupOwner(testApp().app));
  const res = await owner.post('/api/v1/portfolios', { name: 'Main / "Family" ü', currency: 'EUR' });
  portfolio = res.body.id;
  // Stocks in the portfolio's currency: this file's trades are all in euros.
  const a = await stockIn('BRK.B', 'EUR');
  const b = await stockIn('RDS-A', 'eur');
  const trades = [
    { stock_id: a, type: 'buy', quantity: '10.12345678', price: '123.456789', fee: '1.5', trade_date: '2024-01-02' },
    { stock_id: b, type: 'buy', quantity: '3', price: '0', trade_date: '2024-01-02T15:30:00Z' },
    { stock_id: a, type: 'split', ratio: '3:2', trade_date: '2024-02-01' },
    { stock_id: a, type: 'dividend', amount: '4.2', trade_date: '2024-03-01' },
    { stock_id: a, type: 'sell', quantity: '5', price: '200', fee: '0.99', trade_date: '2024-04-01' },
    { stock_id: b, type: 'sell', quantity: '3', price: '10', trade_date: '2024-04-01' },
  ];
  for (const [i, t] of trades.entries()) {
    const created = await owner.post(`/api/v1/portfolios/${portfolio}/transactions`, { ...t, notes: HOSTILE_NOTES[i] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  }
});

describe('CSV export', () => {
  it('writes every trade in applied order, in the documented columns, as an attachment', async () => {
    const res = await owner.get(csvUrl(portfolio));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="Main-Family-u-transactions\.csv"; filename\*=UTF-8''/,
    );
    const text = res.raw.body;
    const lines = text.split('\n');
    expect(lines[0]).toBe('Date,Symbol,Type,Quantity,Price,Fee,Amount,Ratio,Currency,Note');
    expect(lines[1]).toBe("2024-01-02,BRK.B,buy,10.12345678,123.456789,1.5,,,EUR,'=SUM(A1:A9)");
    expect(lines[2]).toBe("2024-01-02T15:30:00.000Z,RDS-A,buy,3,0,0,,,EUR,'+1");
    expect(lines[3]).toBe("2024-02-01,BRK.B,split,,,,,3:2,EUR,'-1");
    expect(lines[4]).toBe("2024-03-01,BRK.B,dividend,,,,4.2,,EUR,'@cmd");
    expect(lines[5]).toBe("2024-04-01,BRK.B,sell,5,200,0.99,,,EUR,''=already escaped");
    expect(lines[6]).toBe('2024-04-01,RDS-A,sell,3,10,0,,,EUR,"a, ""quoted""; note\r');
  });

  it('reads back into another portfolio as the same trades and holdings; notes round-trip exactly', async () => {
    const file = (await owner.get(csvUrl(portfolio))).raw.body;
    const copy = (await owner.post('/api/v1/portfolios', { name: 'Copy', currency: 'EUR' })).body.id as string;
    const res = await postCsv(owner, copy, file);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.summary).toMatchObject({ rows: 6, created: 6, stocks_created: 0 });
    expect(await holdingsOf(owner, copy)).toEqual(await holdingsOf(owner, portfolio));
    const list = await owner.get(`/api/v1/portfolios/${copy}/transactions?size=10`);
    expect(list.body.items.map((t: { notes: string }) => t.notes)).toEqual(HOSTILE_NOTES.slice(0, 6));
    expect((await owner.get(csvUrl(copy))).raw.body).toBe(file);
    // Importing the export into its own portfolio creates nothing.
    expect((await postCsv(owner, portfolio, file)).body.summary).toMatchObject({ created: 0, duplicates: 6 });
  });

  it("gives each trade its stock's currency, pence as GBp, and the import reads the file back", async () => {
    const pounds = (await owner.post('/api/v1/portfolios', { name: 'Pounds', currency: 'GBP' })).body.id as string;
    const vod = await stockIn('VOD.L', 'GBX');
    const aapl = await stockIn('AAPL', 'USD');
    const trades = [
      { stock_id: vod, type: 'buy', quantity: '1000', price: '71.52', fee: '995', trade_date: '2024-01-02' },
      { stock_id: aapl, type: 'buy', quantity: '2', price: '185.5', fee: '1', trade_date: '2024-01-03' },
      { stock_id: vod, type: 'dividend', amount: '4510', trade_date: '2024-02-01' },
      { stock_id: aapl, type: 'sell', quantity: '1', price: '190', trade_date: '2024-03-01' },
    ];
    for (const t of trades) expect((await owner.post(`/api/v1/portfolios/${pounds}/transactions`, t)).status).toBe(201);
    const file = (await owner.get(csvUrl(pounds))).raw.body as string;
    expect(file.split('\n').slice(1, 5)).toEqual([
      '2024-01-02,VOD.L,buy,1000,71.52,995,,,GBp,',
      '2024-01-03,AAPL,buy,2,185.5,1,,,USD,',
      '2024-02-01,VOD.L,dividend,,,,4510,,GBp,',
      '2024-03-01,AAPL,sell,1,190,0,,,USD,',
    ]);
    // Read back into its own portfolio: every row names its stock's own currency, so each is a duplicate.
    const again = await postCsv(owner, pounds, file, 'dry_run=true');
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.summary).toMatchObject({ rows: 4, created: 0, duplicates: 4, errors: 0 });
    expect(again.body.rows.map((r: { status: string }) => r.status)).toEqual(Array(4).fill('duplicate'));
    // The same rows in pounds rather than pence are refused, naming both currencies.
    const inPounds = await postCsv(owner, pounds, file.replaceAll(',GBp,', ',GBP,'), 'dry_run=true');
    expect(inPounds.body.rows[0]).toMatchObject({
      status: 'error',
      message: "Currency GBP is not VOD.L's currency GBp",
    });
  });

  it('is open to every role of the household and to nobody else', async () => {
    const viewer = await addUser(testApp().app, owner, 'viewer-export@example.com', 'viewer');
    expect((await viewer.owner.get(csvUrl(portfolio))).status).toBe(200);
    const other = await otherHousehold(testApp().app, 'other-export@example.com');
    expectEnvelope(await other.owner.get(csvUrl(portfolio)), 404, 'NOT_FOUND');
    expectEnvelope(await owner.get(csvUrl(UNKNOWN_ID)), 404, 'NOT_FOUND');
    const empty = await newPortfolio(owner, '***');
    const res = await owner.get(csvUrl(empty));
    expect(res.raw.body).toBe('Date,Symbol,Type,Quantity,Price,Fee,Amount,Ratio,Currency,Note\n');
    expect(res.headers['content-disposition']).toMatch(/filename="portfolio-transactions\.csv"/);
  });
});
