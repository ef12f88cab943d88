import { beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Client, expectEnvelope, setupOwner, useTestApp } from '../support/app.js';
import {
  applied,
  counts,
  expectReportShape,
  holdingsOf,
  importUrl,
  postCsv,
  predicted,
} from '../support/import-fixtures.js';
import { newBuy, newPortfolio, newStock, otherHousehold, UNKNOWN_ID } from '../support/trading-fixtures.js';

const testApp = useTestApp({ ALLOW_SIGNUP: 'true' });
let owner: Client;

beforeAll(async () => {
  ({ owner } = await setupOwner(testApp().app));
});

const HEADER = 'Date,Symbol,Type,Quantity,Price,Fee,Amount,Ratio,Note';

describe('CSV import: dry run and real run', () => {
  it('a dry run writes nothing and predicts the real run exactly', async () => {
    const portfolio = await newPortfolio(owner, 'Predicted');
    await newStock(owner, 'PRED1');
    const csv = [
      HEADER,
      '2024-01-02,PRED1,buy,10,100,1,,,first',
      '2024-01-03,PRED2,BUY,5,20,0,,,new stock',
      '2024-01-04,PRED1,fee,,,2,,,a fee',
      '2024-01-05,PRED1,sell,4,110,1,,,',
      '2024-01-06,PRED1,dividend,,,,3.5,,',
      '2024-01-07,PRED2,split,,,,,2:1,',
    ].join('\n');
    const before = await counts(testApp());
    const dry = await postCsv(owner, portfolio, csv, 'dry_run=true');
    expect(dry.status).toBe(200);
    expectReportShape(dry);
    expect(dry.body.dry_run).toBe(true);
    expect(dry.body.summary).toEqual({ rows: 6, created: 5, duplicates: 0, skipped: 1, errors: 0, stocks_created: 1 });
    expect(dry.body.rows.map((r: { status: string }) => r.status)).toEqual([
      'create',
      'create',
      'skipped',
      'create',
      'create',
      'create',
    ]);
    expect(dry.body.rows.every((r: { transaction_id: unknown }) => r.transaction_id === null)).toBe(true);
    expect(await counts(testApp())).toEqual(before);

    const real = await postCsv(owner, portfolio, csv);
    expect(real.status).toBe(201);
    expectReportShape(real);
    expect(real.body.dry_run).toBe(false);
    expect(real.body.summary).toEqual(dry.body.summary);
    expect(applied(real.body)).toEqual(predicted(dry.body));
    expect(real.body.rows[0]).toEqual({
      line: 2,
      status: 'created',
      message: null,
      symbol: 'PRED1',
      type: 'buy',
      trade_date: '2024-01-02',
      transaction_id: expect.any(String),
    });
    expect(real.body.rows[2]).toMatchObject({
      status: 'skipped',
      type: 'fee',
      transaction_id: null,
      message: expect.stringContaining('fee'),
    });
    const after = await counts(testApp());
    expect(after.trades).toBe(before.trades + 5);
    expect(after.stocks).toBe(before.stocks + 1);

    const first = await owner.get(`/api/v1/portfolios/${portfolio}/transactions/${real.body.rows[0].transaction_id}`);
    expect(first.body).toMatchObject({
      symbol: 'PRED1',
      type: 'buy',
      quantity: '10',
      price: '100',
      fee: '1.00',
      notes: 'first',
    });
    const holdings = await holdingsOf(owner, portfolio);
    expect(holdings.items).toEqual([
      expect.objectContaining({
        symbol: 'PRED1',
        quantity: '6',
        cost_basis: '600.60',
        realized_pnl: '38.60',
        dividends: '3.50',
      }),
      expect.objectContaining({ symbol: 'PRED2', quantity: '10', cost_basis: '100.00', average_cost: '10' }),
    ]);
  });

  it('a refused run answers 422 with the same report as its dry run plus the error envelope, and writes nothing', async () => {
    const portfolio = await newPortfolio(owner, 'Refused');
    const csv = [
      HEADER,
      '2024-01-02,REF1,buy,10,100,,,,',
      '2024-01-03,REF2,buy,0,100,,,,',
      '2024-01-04,REF1,sell,abc,1,,,,',
    ].join('\r\n');
    const before = await counts(testApp());
    const dry = await postCsv(owner, portfolio, csv, 'dry_run=true');
    expect(dry.status).toBe(200);
    const real = await postCsv(owner, portfolio, csv, 'dry_run=false');
    expect(real.status).toBe(422);
    expectReportShape(real);
    expectEnvelope(real, 422, 'BUSINESS_RULE_VIOLATION');
    expect(real.body.error.details).toEqual([
      { field: 'line 3', message: 'Quantity must be greater than 0' },
      { field: 'line 4', message: 'Quantity must be a decimal number' },
    ]);
    const { error: _error, ...report } = real.body;
    expect(report).toEqual({ ...dry.body, dry_run: false });
    expect(real.body.rows.map((r: { status: string }) => r.status)).toEqual(['create', 'error', 'error']);
    // Nothing was created, and the dry run said so: only the rows tell what was valid.
    expect(real.body.summary).toEqual({ rows: 3, created: 0, duplicates: 0, skipped: 0, errors: 2, stocks_created: 0 });
    // Not even the new stocks.
    expect(await counts(testApp())).toEqual(before);
  });
});

describe('CSV import: duplicates', () => {
  it('a second import of the same file creates nothing; identical rows match existing trades one for one', async () => {
    const portfolio = await newPortfolio(owner, 'Twice');
    const csv = [
      HEADER,
      '2024-01-02,TWICE,buy,10,100,0,,,',
      '2024-01-02,TWICE,buy,10,100,,,,same again',
      '2024-02-01,TWICE,dividend,,,,5,,',
    ].join('\n');
    const first = await postCsv(owner, portfolio, csv);
    expect(first.status).toBe(201);
    expect(first.body.summary).toMatchObject({ created: 3, duplicates: 0 });
    const before = await counts(testApp());

    // Canonical decimals: 10.0 and 100.00 are the same quantity and price.
    const again = csv.replace('2024-01-02,TWICE,buy,10,100,0', '2024-01-02,TWICE,buy,10.0,100.00,0.0');
    const dry = await postCsv(owner, portfolio, again, 'dry_run=true');
    const second = await postCsv(owner, portfolio, again);
    expect(second.status).toBe(201);
    expect(second.body.summary).toEqual({
      rows: 3,
      created: 0,
      duplicates: 3,
      skipped: 0,
      errors: 0,
      stocks_created: 0,
    });
    expect(second.body.rows.map((r: { transaction_id: string }) => r.transaction_id)).toEqual(
      first.body.rows.map((r: { transaction_id: string }) => r.transaction_id),
    );
    expect(second.body.rows[0].message).toMatch(/already in the portfolio/);
    expect(dry.body.rows).toEqual(second.body.rows);
    expect(await counts(testApp())).toEqual(before);

    // A third identical buy in the file is new: each existing trade absorbs one row only.
    const three = await postCsv(owner, portfolio, `${csv}\n2024-01-02,TWICE,buy,10,100,0,,,`);
    expect(three.body.rows.map((r: { status: string }) => r.status)).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
      'created',
    ]);
  });
});

describe('CSV import: holdings that would go negative', () => {
  it('refuses an oversell within the file, naming the row at fault', async () => {
    const portfolio = await newPortfolio(owner, 'Oversell');
    const csv = [
      HEADER,
      '2026-01-05,MSFT,buy,10,100,,,,',
      '2026-01-06,MSFT,sell,15,110,,,,',
      '2026-01-07,MSFT,buy,1,1,,,,',
    ].join('\n');
    const before = await counts(testApp());
    const res = await postCsv(owner, portfolio, csv);
    expect(res.status).toBe(422);
    expect(res.body.rows[1]).toEqual({
      line: 3,
      status: 'error',
      message: 'Selling 15 MSFT on 2026-01-06 would leave -5: only 10 are held then',
      symbol: 'MSFT',
      type: 'sell',
      trade_date: '2026-01-06',
      transaction_id: null,
    });
    expect(res.body.rows[0].status).toBe('create');
    expect(res.body.rows[2].status).toBe('create');
    expect(await counts(testApp())).toEqual(before);
  });

  it('checks the file against the trades already there, back-dated sells included', async () => {
    const portfolio = await newPortfolio(owner, 'Existing');
    const stock = await newStock(owner, 'EXIST');
    await newBuy(owner, portfolio, stock, '2024-02-01');
    const before = await counts(testApp());

    // A sell dated before the existing buy.
    const backDated = await postCsv(owner, portfolio, `${HEADER}\n2024-01-15,EXIST,sell,5,100,,,,`);
    expect(backDated.status).toBe(422);
    expect(backDated.body.rows[0].message).toBe('Selling 5 EXIST on 2024-01-15 would leave -5: only 0 are held then');

    // Selling 10 of the 10 held is fine; 11 is not.
    expect(
      (await postCsv(owner, portfolio, `${HEADER}\n2024-02-02,EXIST,sell,11,100,,,,`, 'dry_run=true')).body.rows[0]
        .status,
    ).toBe('error');
    expect(
      (await postCsv(owner, portfolio, `${HEADER}\n2024-02-02,EXIST,sell,10,100,,,,`, 'dry_run=true')).body.rows[0]
        .status,
    ).toBe('create');

    // A sell in the file that leaves a later existing sell short is blamed on the file's row.
    const sold = await owner.post(`/api/v1/portfolios/${portfolio}/transactions`, {
      stock_id: stock,
      type: 'sell',
      quantity: '10',
      price: '120',
      trade_date: '2024-03-01',
    });
    expect(sold.status).toBe(201);
    const res = await postCsv(
      owner,
      portfolio,
      `${HEADER}\n2024-02-15,EXIST,buy,1,1,,,,\n2024-02-20,EXIST,sell,3,100,,,,`,
    );
    expect(res.status).toBe(422);
    expect(res.body.rows[0].status).toBe('create');
    expect(res.body.rows[1]).toMatchObject({
      line: 3,
      status: 'error',
      message: 'Selling 10 EXIST on 2024-03-01 would leave -2: only 8 are held then (a trade already in the portfolio)',
    });
    expect((await counts(testApp())).trades).toBe(before.trades + 1);
  });

  it("applies the file's trades after the existing trades of their day, in file order", async () => {
    const portfolio = await newPortfolio(owner, 'Same day');
    const stock = await newStock(owner, 'SAMEDAY');
    await newBuy(owner, portfolio, stock, '2024-05-01');
    // Sell the 10 held, buy 3, sell 3: valid only in this order, after the existing buy.
    const csv = `${HEADER}\n2024-05-01,SAMEDAY,sell,10,100,,,,a\n2024-05-01,SAMEDAY,buy,3,100,,,,b\n2024-05-01,SAMEDAY,sell,3,100,,,,c`;
    const res = await postCsv(owner, portfolio, csv);
    expect(res.status).toBe(201);
    const list = await owner.get(`/api/v1/portfolios/${portfolio}/transactions?size=10`);
    expect(list.body.items.map((t: { notes: string }) => t.notes)).toEqual(['', 'a', 'b', 'c']);
    const reversed = `${HEADER}\n2024-06-01,SAMEDAY,sell,3,100,,,,\n2024-06-01,SAMEDAY,buy,3,100,,,,`;
    expect((await postCsv(owner, portfolio, reversed, 'dry_run=true')).body.rows[0].status).toBe('error');
  });
});

describe('CSV import: stocks, currency, types and formats', () => {
  it('with create_stocks=false an unknown symbol is an error row', async () => {
    const portfolio = await newPortfolio(owner, 'No new stocks');
    await newStock(owner, 'KNOWN');
    const before = await counts(testApp());
    const csv = `${HEADER}\n2024-01-02,known,buy,1,1,,,,\n2024-01-02,XYZNEW,buy,1,1,,,,`;
    const dry = await postCsv(owner, portfolio, csv, 'dry_run=true&create_stocks=false');
    expect(dry.body.rows[1]).toMatchObject({
      status: 'error',
      symbol: 'XYZNEW',
      message: expect.stringMatching(/^Unknown stock 'XYZNEW'/),
    });
    expect(dry.body.summary.stocks_created).toBe(0);
    const real = await postCsv(owner, portfolio, csv, 'create_stocks=false');
    expect(real.status).toBe(422);
    expect(await counts(testApp())).toEqual(before);
    const known = await postCsv(owner, portfolio, `${HEADER}\n2024-01-02,known,buy,1,1,,,,`, 'create_stocks=false');
    expect(known.status).toBe(201);
    expect(known.body.summary.stocks_created).toBe(0);
  });

  it("takes each row in its stock's currency: a known stock's, a new stock's first named one, else the portfolio's", async () => {
    const portfolio = (await owner.post('/api/v1/portfolios', { name: 'Pounds', currency: 'GBP' })).body.id as string;
    for (const [symbol, currency] of [
      ['LSE1', 'GBp'],
      ['US1', 'USD'],
    ])
      expect((await owner.post('/api/v1/stocks', { symbol, currency })).status).toBe(201);
    const header = 'Date,Code,Action,Quantity,Price,Currency';
    const rows = [
      '2024-01-02,LSE1,buy,10,1250,GBX',
      '2024-01-02,LSE1,buy,10,1250,GBp',
      '2024-01-02,LSE1,buy,10,12.5,GBP',
      '2024-01-02,US1,buy,1,100,usd',
      '2024-01-02,US1,buy,1,100,',
      '2024-01-02,NEWJ,buy,1,100,',
      '2024-01-02,NEWJ,buy,1,100,jpy',
      '2024-01-02,NEWJ,buy,1,100,EUR',
      '2024-01-02,NEWP,buy,1,100,',
      '2024-01-02,NEWX,buy,1,100,XXX',
    ];
    const csv = [header, ...rows].join('\n');
    const before = await counts(testApp());
    const dry = await postCsv(owner, portfolio, csv, 'dry_run=true');
    expect(dry.status).toBe(200);
    const outcome = dry.body.rows.map((r: { status: string; message: string | null }) => [r.status, r.message]);
    expect(outcome).toEqual([
      ['create', null],
      ['create', null],
      ['error', "Currency GBP is not LSE1's currency GBp"],
      ['create', null],
      ['create', null],
      ['create', null],
      ['create', null],
      ['error', "Currency EUR is not NEWJ's currency JPY (named by line 8, which creates the stock)"],
      ['create', null],
      ['error', expect.stringMatching(/^Currency 'XXX' must be an ISO 4217 currency code/)],
    ]);
    const real = await postCsv(owner, portfolio, csv);
    expect(real.status).toBe(422);
    expect(real.body.rows).toEqual(dry.body.rows);
    expect(await counts(testApp())).toEqual(before);

    // Without the rows at fault the file imports, and the new stocks trade in the currencies it gave them.
    const valid = [header, ...rows.filter((_, i) => ![2, 7, 9].includes(i))].join('\n');
    const applied = await postCsv(owner, portfolio, valid);
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    expect(applied.body.summary).toMatchObject({ created: 7, errors: 0, stocks_created: 2 });
    const stocks = (await owner.get('/api/v1/stocks?size=100')).body.items as Array<{
      symbol: string;
      currency: string;
    }>;
    const currencyOf = (symbol: string) => stocks.find((s) => s.symbol === symbol)?.currency;
    expect([currencyOf('LSE1'), currencyOf('US1'), currencyOf('NEWJ'), currencyOf('NEWP')]).toEqual([
      'GBp',
      'USD',
      'JPY',
      'GBP',
    ]);
    // The same file again: every row a duplicate, the currencies now the stocks' own.
    expect((await postCsv(owner, portfolio, valid)).body.summary).toMatchObject({ created: 0, duplicates: 7 });
  });

  it("gives a new stock of a euro portfolio's file without a Currency column the euro", async () => {
    const portfolio = (await owner.post('/api/v1/portfolios', { name: 'Euros', currency: 'EUR' })).body.id as string;
    const res = await postCsv(owner, portfolio, `${HEADER}\n2024-01-02,EURONEW,buy,1,10,,,,`);
    expect(res.status).toBe(201);
    const stocks = (await owner.get('/api/v1/stocks?search=EURONEW')).body.items;
    expect(stocks.map((s: { symbol: string; currency: string }) => [s.symbol, s.currency])).toEqual([
      ['EURONEW', 'EUR'],
    ]);
  });

  it('imports splits and dividends (Amount, else Quantity × Price) into the holdings', async () => {
    const portfolio = await newPortfolio(owner, 'Corporate actions');
    const csv = [
      'date;ticker;type;shares;unitprice;commission;amount;ratio;comment',
      '02.01.2024;SPL;buy;10;100;2;;;',
      '03/01/2024;SPL;split;;;;;4:1;',
      '20240104;SPL;dividend;40;0.25;0;;;Quantity x Price',
      '05-01-2024;SPL;dividend;;;;1.5;;Amount',
      '2024-01-06T15:30:00Z;SPL;sell;20;30;0;;;timestamp',
    ].join('\n');
    const res = await postCsv(owner, portfolio, csv, '', 'text/plain');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.rows.map((r: { trade_date: string }) => r.trade_date)).toEqual([
      '2024-01-02',
      '2024-01-03',
      '2024-01-04',
      '2024-01-05',
      '2024-01-06T15:30:00.000Z',
    ]);
    const dividend = await owner.get(`/api/v1/portfolios/${portfolio}/transactions/${res.body.rows[2].transaction_id}`);
    expect(dividend.body).toMatchObject({ type: 'dividend', amount: '10.00', quantity: null, price: null });
    const sell = await owner.get(`/api/v1/portfolios/${portfolio}/transactions/${res.body.rows[4].transaction_id}`);
    expect(sell.body.trade_date).toBe('2024-01-06T15:30:00.000Z');
    const holdings = await holdingsOf(owner, portfolio);
    expect(holdings.items).toEqual([
      expect.objectContaining({
        symbol: 'SPL',
        quantity: '20',
        cost_basis: '501.00',
        realized_pnl: '99.00',
        dividends: '11.50',
      }),
    ]);
  });

  it('reports rows in line order, with the line each starts on', async () => {
    const portfolio = await newPortfolio(owner, 'Lines');
    const csv = `${HEADER}\n\n2024-01-02,LINES,buy,1,1,,,,"two\nlines"\n2024-01-02,LINES,bogus,1,1,,,,\n,,,,,,,,\n2024-13-02,LINES,buy,1,1,,,,`;
    const res = await postCsv(owner, portfolio, csv, 'dry_run=true');
    expect(res.body.rows.map((r: { line: number; status: string }) => [r.line, r.status])).toEqual([
      [3, 'create'],
      [5, 'error'],
      [7, 'error'],
    ]);
    expect(res.body.rows[2].message).toMatch(/^Date '2024-13-02' is not a date/);
    expect(res.body.rows[2].trade_date).toBeNull();
  });
});

describe('CSV import: access', () => {
  it('viewers get 403; members may import', async () => {
    const portfolio = await newPortfolio(owner, 'Access');
    const viewer = await addUser(testApp().app, owner, 'viewer-import@example.com', 'viewer');
    const member = await addUser(testApp().app, owner, 'member-import@example.com', 'member');
    const csv = `${HEADER}\n2024-01-02,ACC,buy,1,1,,,,`;
    expectEnvelope(await postCsv(viewer.owner, portfolio, csv, 'dry_run=true'), 403, 'FORBIDDEN');
    expect((await postCsv(member.owner, portfolio, csv)).status).toBe(201);
  });

  it('a foreign or unknown portfolio is 404; an inactive one 422', async () => {
    const other = await otherHousehold(testApp().app, 'other-import@example.com');
    const foreign = await newPortfolio(other.owner, 'Theirs');
    const csv = `${HEADER}\n2024-01-02,ACC,buy,1,1,,,,`;
    expectEnvelope(await postCsv(owner, foreign, csv), 404, 'NOT_FOUND');
    expectEnvelope(await postCsv(owner, UNKNOWN_ID, csv), 404, 'NOT_FOUND');
    expectEnvelope(await postCsv(owner, 'not-a-uuid', csv, 'dry_run=true'), 404, 'NOT_FOUND');
    const inactive = await newPortfolio(owner, 'Closed');
    expect((await owner.patch(`/api/v1/portfolios/${inactive}`, { is_active: false })).status).toBe(200);
    const before = await counts(testApp());
    expectEnvelope(await postCsv(owner, inactive, csv), 422, 'BUSINESS_RULE_VIOLATION');
    expectEnvelope(await postCsv(owner, inactive, csv, 'dry_run=true'), 422, 'BUSINESS_RULE_VIOLATION');
    expect(await counts(testApp())).toEqual(before);
  });
});

describe('CSV import: hostile files', () => {
  let portfolio: string;
  beforeAll(async () => {
    portfolio = await newPortfolio(owner, 'Hostile');
  });

  it.each([
    ['an empty body', '', /empty/],
    ['only a byte-order mark', '\uFEFF', /empty/],
    ['no Date column', 'Symbol,Type\nAAPL,buy', /no Date column/],
    ['no symbol column', 'Date,Type\n2024-01-02,buy', /no symbol column/],
    ['no header', '2024-01-02,AAPL,buy,1,1', /no Date column and no symbol column/],
    ['an unclosed quote', `${HEADER}\n2024-01-02,AAPL,buy,1,1,,,,"never closed\n`, /unbalanced quote/],
    ['a misplaced quote', `${HEADER}\n2024-01-02,AA"PL,buy,1,1,,,,`, /misplaced quote/],
    ['NUL characters', `${HEADER}\n2024-01-02,AAPL,buy,1,1,,,,a\u0000b`, /NUL/],
  ])('refuses %s with 400 naming the problem, writing nothing', async (_name, csv, message) => {
    const before = await counts(testApp());
    const res = await postCsv(owner, portfolio, csv);
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(res.body.error.message).toMatch(message);
    expect(await counts(testApp())).toEqual(before);
  });

  it('answers binary garbage with 4xx, never 500, writing nothing', async () => {
    const before = await counts(testApp());
    let seed = 7;
    for (let round = 0; round < 5; round++) {
      const bytes = Buffer.from(
        Array.from({ length: 4096 }, () => {
          seed = (seed * 1103515245 + 12345) & 0x7fffffff;
          return seed & 0xff;
        }),
      );
      const res = await postCsv(
        owner,
        portfolio,
        round % 2 === 0 ? bytes : Buffer.concat([Buffer.from(`${HEADER}\n`), bytes]),
      );
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect(await counts(testApp())).toEqual(before);
  });

  it('a header without rows imports nothing', async () => {
    const res = await postCsv(owner, portfolio, `${HEADER}\n`);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      dry_run: false,
      summary: { rows: 0, created: 0, duplicates: 0, skipped: 0, errors: 0, stocks_created: 0 },
      rows: [],
    });
  });

  it('keeps formula-like cells as text', async () => {
    const res = await postCsv(
      owner,
      portfolio,
      `${HEADER}\n2024-01-02,FORM,buy,1,1,,,,"=HYPERLINK(""http://x"")"\n2024-01-02,=1+1,buy,1,1,,,,`,
      'dry_run=false',
    );
    expect(res.status).toBe(422);
    expect(res.body.rows[1].message).toMatch(/^Symbol '=1\+1' is not valid/);
    const fine = await postCsv(owner, portfolio, `${HEADER}\n2024-01-02,FORM,buy,1,1,,,,"@SUM(1)"`);
    const trade = await owner.get(`/api/v1/portfolios/${portfolio}/transactions/${fine.body.rows[0].transaction_id}`);
    expect(trade.body.notes).toBe('@SUM(1)');
  });

  it('refuses a body over 10 MiB with 413, and other content types with 400', async () => {
    const big = `${HEADER}\n${'2024-01-02,BIG,buy,1,1,,,,\n'.repeat(400_000)}`;
    expect(Buffer.byteLength(big)).toBeGreaterThan(10 * 1024 * 1024);
    expectEnvelope(await postCsv(owner, portfolio, big), 413, 'PAYLOAD_TOO_LARGE');
    const res = await owner.post(importUrl(portfolio), 'x', { 'content-type': 'application/octet-stream' });
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expectEnvelope(await postCsv(owner, portfolio, `${HEADER}\n`, 'dry_run=maybe'), 400, 'VALIDATION_ERROR');
    expectEnvelope(await postCsv(owner, portfolio, `${HEADER}\n`, 'extra=1'), 400, 'VALIDATION_ERROR');
  });

  it('refuses a file of 100,000 rows with 400 while it streams in, and imports one at the cap of 50,000', async () => {
    const target = await newPortfolio(owner, 'Many rows');
    const file = (n: number) => {
      const rows: string[] = [];
      for (let i = 0; i < n; i++) {
        const day = new Date(Date.UTC(2000, 0, 1) + Math.floor(i / 20) * 86_400_000).toISOString().slice(0, 10);
        rows.push(`${day},HK${i % 50},buy,${(i % 7) + 1},${(i % 90) + 10}.25,0.5,,,row ${i}`);
      }
      return `${HEADER}\n${rows.join('\n')}\n`;
    };
    const before = await counts(testApp());
    const hundred = file(100_000);
    expect(Buffer.byteLength(hundred)).toBeGreaterThan(4 * 1024 * 1024);
    for (const query of ['dry_run=true', 'dry_run=false']) {
      const refused = await postCsv(owner, target, hundred, query);
      expectEnvelope(refused, 400, 'VALIDATION_ERROR');
      expect(refused.body.error.message).toMatch(/more than 50000 rows/);
    }
    expect(await counts(testApp())).toEqual(before);
    const res = await postCsv(owner, target, file(50_000));
    expect(res.status).toBe(201);
    expect(res.body.summary).toEqual({
      rows: 50_000,
      created: 50_000,
      duplicates: 0,
      skipped: 0,
      errors: 0,
      stocks_created: 50,
    });
    expect((await counts(testApp())).trades).toBe(before.trades + 50_000);
  }, 180_000);
});
