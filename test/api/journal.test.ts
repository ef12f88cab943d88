import { beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Client, expectEnvelope, type Response, setupOwner, useTestApp } from '../support/app.js';
import { fieldsOf, newBuy, newPortfolio, newStock, otherHousehold, UNKNOWN_ID } from '../support/trading-fixtures.js';

const testApp = useTestApp({ ALLOW_SIGNUP: 'true' });
let owner: Client;
let member: Client;
let viewer: Client;
let stranger: Client;
let portfolioId: string;
let otherPortfolioId: string;
let stockId: string;
let otherStockId: string;
let tradeId: string;
let foreign: { portfolioId: string; stockId: string; tradeId: string };

beforeAll(async () => {
  const app = testApp().app;
  owner = (await setupOwner(app)).owner;
  member = (await addUser(app, owner, 'member@example.com', 'member')).owner;
  viewer = (await addUser(app, owner, 'viewer@example.com', 'viewer')).owner;
  stranger = (await otherHousehold(app, 'stranger@example.com')).owner;
  portfolioId = await newPortfolio(owner, 'Main');
  otherPortfolioId = await newPortfolio(owner, 'Second');
  stockId = await newStock(owner, 'AAPL');
  otherStockId = await newStock(owner, 'MSFT');
  tradeId = await newBuy(owner, portfolioId, stockId);
  const fp = await newPortfolio(stranger, 'Theirs');
  const fs = await newStock(stranger, 'AAPL');
  foreign = { portfolioId: fp, stockId: fs, tradeId: await newBuy(stranger, fp, fs) };
});

const create = (body: Record<string, unknown>, client: Client = owner) => client.post('/api/v1/journal', body);

describe('POST /api/v1/journal', () => {
  it('creates an entry with the exact shape, defaults and normalization', async () => {
    const res = await create({ content: '  Bought the dip.  ' });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(
      [
        'content',
        'created_at',
        'entry_date',
        'id',
        'portfolio_id',
        'sentiment',
        'stock_id',
        'tags',
        'transaction_id',
        'updated_at',
      ].sort(),
    );
    expect(res.body).toMatchObject({
      content: 'Bought the dip.',
      entry_date: new Date().toISOString().slice(0, 10),
      portfolio_id: null,
      stock_id: null,
      transaction_id: null,
      tags: [],
      sentiment: null,
    });
    expect((await owner.get(`/api/v1/journal/${res.body.id}`)).body).toEqual(res.body);
  });

  it('stores tags trimmed, lower-cased and de-duplicated, and the sentiment lower-cased', async () => {
    const res = await create({
      content: 'Tagged',
      entry_date: '2024-02-29',
      tags: [' Earnings ', 'earnings', 'EARNINGS', 'Tech', 'é-Ü'],
      sentiment: ' Bullish ',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      entry_date: '2024-02-29',
      tags: ['earnings', 'tech', 'é-ü'],
      sentiment: 'bullish',
    });
  });

  it('links a portfolio, a stock and a trade of the household', async () => {
    const res = await create(
      { content: 'Linked', portfolio_id: portfolioId, stock_id: stockId, transaction_id: tradeId },
      member,
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ portfolio_id: portfolioId, stock_id: stockId, transaction_id: tradeId });
    const alone = await create({ content: 'Just the trade', transaction_id: tradeId });
    expect(alone.status).toBe(201);
    expect(alone.body).toMatchObject({ portfolio_id: null, stock_id: null, transaction_id: tradeId });
  });

  it('accepts content of exactly 10,000 characters (code points) and 10 tags of 50', async () => {
    const tags = Array.from({ length: 10 }, (_, i) => `${i}`.padEnd(50, 'x'));
    const res = await create({ content: '😀'.repeat(10_000), tags: [...tags, tags[0]!.toUpperCase()] });
    expect(res.status).toBe(201);
    expect(res.body.tags).toHaveLength(10);
  });

  it.each([
    ['content', {}],
    ['content', { content: '' }],
    ['content', { content: '   \n ' }],
    ['content', { content: 'x'.repeat(10_001) }],
    ['content', { content: 5 }],
    ['content', { content: 'a\u0000b' }],
    ['tags.0', { content: 'x', tags: ['a\u0000'] }],
    ['entry_date', { content: 'x', entry_date: '2024-13-01' }],
    ['entry_date', { content: 'x', entry_date: 'yesterday' }],
    ['entry_date', { content: 'x', entry_date: null }],
    ['tags', { content: 'x', tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }],
    ['tags', { content: 'x', tags: 'a,b' }],
    ['tags.1', { content: 'x', tags: ['ok', '  '] }],
    ['tags.0', { content: 'x', tags: ['y'.repeat(51)] }],
    ['tags.0', { content: 'x', tags: [3] }],
    ['sentiment', { content: 'x', sentiment: 'happy' }],
    ['sentiment', { content: 'x', sentiment: 1 }],
    ['title', { content: 'x', title: 'A title' }],
  ])('refuses a bad %s with 400 and writes nothing', async (field, body) => {
    const before = (await owner.get('/api/v1/journal')).body.total;
    const res = await create(body);
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(fieldsOf(res.body)).toContain(field);
    expect((await owner.get('/api/v1/journal')).body.total).toBe(before);
  });

  it('answers 404 for unknown or foreign links, naming what was not found', async () => {
    const before = (await owner.get('/api/v1/journal')).body.total;
    for (const [body, what] of [
      [{ portfolio_id: foreign.portfolioId }, 'Portfolio'],
      [{ portfolio_id: UNKNOWN_ID }, 'Portfolio'],
      [{ stock_id: foreign.stockId }, 'Stock'],
      [{ stock_id: 'not-a-uuid' }, 'Stock'],
      [{ transaction_id: foreign.tradeId }, 'Transaction'],
      [{ transaction_id: UNKNOWN_ID }, 'Transaction'],
    ] as const) {
      const res = await create({ content: 'x', ...body });
      expectEnvelope(res, 404, 'NOT_FOUND');
      expect(res.body.error.message).toContain(what);
    }
    expect((await owner.get('/api/v1/journal')).body.total).toBe(before);
  });

  it('refuses a trade outside the linked portfolio or of another stock with 400 on transaction_id', async () => {
    for (const body of [
      { transaction_id: tradeId, portfolio_id: otherPortfolioId },
      { transaction_id: tradeId, stock_id: otherStockId },
    ]) {
      const res = await create({ content: 'x', ...body });
      expectEnvelope(res, 400, 'VALIDATION_ERROR');
      expect(fieldsOf(res.body)).toEqual(['transaction_id']);
    }
  });

  it('refuses a viewer with 403', async () => {
    expectEnvelope(await create({ content: 'x' }, viewer), 403, 'FORBIDDEN');
  });
});

describe('GET/PATCH/DELETE /api/v1/journal/{id}', () => {
  let id: string;
  beforeAll(async () => {
    const res = await create({
      content: 'Original',
      entry_date: '2024-01-10',
      portfolio_id: portfolioId,
      stock_id: stockId,
      transaction_id: tradeId,
      tags: ['a'],
      sentiment: 'neutral',
    });
    id = res.body.id;
  });

  it('keeps omitted fields and an empty body changes nothing', async () => {
    const before = (await owner.get(`/api/v1/journal/${id}`)).body;
    const res = await owner.patch(`/api/v1/journal/${id}`, {});
    expect(res.status).toBe(200);
    expect({ ...res.body, updated_at: null }).toEqual({ ...before, updated_at: null });
    const edited = await member.patch(`/api/v1/journal/${id}`, { content: ' Edited ', tags: ['B', 'b', 'c'] });
    expect(edited.body).toMatchObject({
      content: 'Edited',
      tags: ['b', 'c'],
      sentiment: 'neutral',
      entry_date: '2024-01-10',
      transaction_id: tradeId,
    });
  });

  it('null clears links, tags and sentiment', async () => {
    const res = await owner.patch(`/api/v1/journal/${id}`, {
      transaction_id: null,
      portfolio_id: null,
      stock_id: null,
      tags: null,
      sentiment: null,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      portfolio_id: null,
      stock_id: null,
      transaction_id: null,
      tags: [],
      sentiment: null,
    });
  });

  it('re-checks links: a portfolio that does not hold the linked trade is refused, and nothing changes', async () => {
    await owner.patch(`/api/v1/journal/${id}`, { transaction_id: tradeId, portfolio_id: portfolioId });
    const res = await owner.patch(`/api/v1/journal/${id}`, { portfolio_id: otherPortfolioId, content: 'changed' });
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(fieldsOf(res.body)).toEqual(['transaction_id']);
    expect((await owner.get(`/api/v1/journal/${id}`)).body).toMatchObject({
      portfolio_id: portfolioId,
      content: 'Edited',
    });
    expectEnvelope(await owner.patch(`/api/v1/journal/${id}`, { stock_id: foreign.stockId }), 404, 'NOT_FOUND');
  });

  it.each([
    ['content', { content: '' }],
    ['content', { content: null }],
    ['entry_date', { entry_date: '2024-02-30' }],
    ['sentiment', { sentiment: 'meh' }],
    ['rank', { rank: 1 }],
  ])('refuses a bad %s with 400', async (field, body) => {
    const res = await owner.patch(`/api/v1/journal/${id}`, body);
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(fieldsOf(res.body)).toContain(field);
  });

  it('answers 404 for unknown, malformed and foreign ids; 403 to a viewer', async () => {
    const theirs = await create({ content: 'theirs' }, stranger);
    for (const other of [UNKNOWN_ID, 'nope', theirs.body.id]) {
      expectEnvelope(await owner.get(`/api/v1/journal/${other}`), 404, 'NOT_FOUND');
      expectEnvelope(await owner.patch(`/api/v1/journal/${other}`, { content: 'x' }), 404, 'NOT_FOUND');
      expectEnvelope(await owner.delete(`/api/v1/journal/${other}`), 404, 'NOT_FOUND');
    }
    expect((await stranger.get(`/api/v1/journal/${theirs.body.id}`)).body.content).toBe('theirs');
    expectEnvelope(await viewer.patch(`/api/v1/journal/${id}`, { content: 'x' }), 403, 'FORBIDDEN');
    expectEnvelope(await viewer.delete(`/api/v1/journal/${id}`), 403, 'FORBIDDEN');
    expect((await viewer.get(`/api/v1/journal/${id}`)).status).toBe(200);
  });

  it('deletes, then answers 404', async () => {
    const { body } = await create({ content: 'to delete' });
    const res = await owner.delete(`/api/v1/journal/${body.id}`);
    expect(res.status).toBe(204);
    expect(res.raw.body).toBe('');
    expectEnvelope(await owner.get(`/api/v1/journal/${body.id}`), 404, 'NOT_FOUND');
  });

  it('a deleted trade leaves the entry with its link cleared', async () => {
    const trade = await newBuy(owner, otherPortfolioId, otherStockId, '2024-03-01');
    const { body } = await create({ content: 'about a trade', transaction_id: trade });
    expect(body.transaction_id).toBe(trade);
    expect((await owner.delete(`/api/v1/portfolios/${otherPortfolioId}/transactions/${trade}`)).status).toBe(204);
    expect((await owner.get(`/api/v1/journal/${body.id}`)).body.transaction_id).toBeNull();
  });
});

describe('GET /api/v1/journal', () => {
  let lister: Client;
  let p1: string;
  let s1: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    lister = (await otherHousehold(testApp().app, 'lister@example.com')).owner;
    p1 = await newPortfolio(lister, 'P1');
    s1 = await newStock(lister, 'NVDA');
    const rows: Array<[string, Record<string, unknown>]> = [
      [
        'trim',
        {
          content: 'Trimming my NVDA position after the run-up.',
          entry_date: '2024-03-05',
          stock_id: s1,
          tags: ['risk'],
          sentiment: 'bearish',
        },
      ],
      [
        'trim2',
        {
          content: 'Trimmed again. Trimming is a habit; I trim winners too early.',
          entry_date: '2024-03-01',
          tags: ['Risk', 'habits'],
        },
      ],
      [
        'earn',
        {
          content: 'Earnings beat expectations; holding.',
          entry_date: '2024-02-20',
          portfolio_id: p1,
          tags: ['earnings'],
          sentiment: 'bullish',
        },
      ],
      [
        'buy',
        {
          content: 'Bought more shares on weakness.',
          entry_date: '2024-01-15',
          portfolio_id: p1,
          stock_id: s1,
          sentiment: 'bullish',
        },
      ],
      ['note', { content: 'Plain note without keywords.', entry_date: '2023-12-31', sentiment: 'neutral' }],
    ];
    for (const [key, body] of rows) {
      const res = await lister.post('/api/v1/journal', body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids[key] = res.body.id;
    }
  });

  const keysOf = (res: Response) =>
    res.body.items.map((e: { id: string }) => Object.keys(ids).find((k) => ids[k] === e.id));

  it('lists newest entry date first by default, paged', async () => {
    const res = await lister.get('/api/v1/journal?size=2');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 5, page: 1, size: 2, pages: 3 });
    expect(keysOf(res)).toEqual(['trim', 'trim2']);
    expect(res.body.items[0].rank).toBeUndefined();
    expect(keysOf(await lister.get('/api/v1/journal?sort=entry_date:asc'))).toEqual([
      'note',
      'buy',
      'earn',
      'trim2',
      'trim',
    ]);
  });

  it('searches with English stemming ("trimmed" finds "trimming"), best rank first, with the rank', async () => {
    const res = await lister.get('/api/v1/journal?search=trimmed');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2);
    expect(keysOf(res)).toEqual(['trim2', 'trim']);
    const [first, second] = res.body.items;
    expect(typeof first.rank).toBe('number');
    expect(first.rank).toBeGreaterThan(second.rank);
  });

  it('takes web search syntax: phrases, OR and exclusion', async () => {
    expect(keysOf(await lister.get('/api/v1/journal?search=trim -habit'))).toEqual(['trim']);
    expect(keysOf(await lister.get('/api/v1/journal?search=earnings or weakness')).sort()).toEqual(['buy', 'earn']);
    expect(keysOf(await lister.get(`/api/v1/journal?search=${encodeURIComponent('"beat expectations"')}`))).toEqual([
      'earn',
    ]);
  });

  it('finds nothing for words that are absent or only stop words, and ignores a blank search', async () => {
    expect((await lister.get('/api/v1/journal?search=dividend')).body.total).toBe(0);
    expect((await lister.get('/api/v1/journal?search=the')).body.total).toBe(0);
    expect((await lister.get(`/api/v1/journal?search=${encodeURIComponent('"(&|!:*')}`)).status).toBe(200);
    const blank = await lister.get('/api/v1/journal?search=%20%20');
    expect(blank.body.total).toBe(5);
  });

  it('filters by tag, sentiment, stock, portfolio and date range, combined with search', async () => {
    expect(keysOf(await lister.get('/api/v1/journal?tag=RISK'))).toEqual(['trim', 'trim2']);
    expect(keysOf(await lister.get('/api/v1/journal?sentiment=bullish'))).toEqual(['earn', 'buy']);
    expect(keysOf(await lister.get(`/api/v1/journal?stock_id=${s1}`))).toEqual(['trim', 'buy']);
    expect(keysOf(await lister.get(`/api/v1/journal?portfolio_id=${p1}`))).toEqual(['earn', 'buy']);
    expect(keysOf(await lister.get('/api/v1/journal?from=2024-01-15&to=2024-03-01'))).toEqual(['trim2', 'earn', 'buy']);
    expect(keysOf(await lister.get('/api/v1/journal?from=2024-03-02'))).toEqual(['trim']);
    expect(keysOf(await lister.get('/api/v1/journal?search=trimming&sentiment=bearish'))).toEqual(['trim']);
    expect(keysOf(await lister.get('/api/v1/journal?tag=nothing'))).toEqual([]);
  });

  it.each([
    ['sentiment', '?sentiment=happy'],
    ['from', '?from=2024-02-30'],
    ['to', '?to=soon'],
    ['to', '?from=2024-03-02&to=2024-03-01'],
    ['sort', '?sort=rank'],
    ['search', '?search=a%00b'],
    ['tag', '?tag=%00'],
    ['size', '?size=101'],
    ['page', '?page=100000000000000000000'],
    ['title', '?title=x'],
  ])('refuses a bad %s with 400', async (field, query) => {
    const res = await lister.get(`/api/v1/journal${query}`);
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(fieldsOf(res.body)).toContain(field);
  });

  it("answers 404 for a filter naming another household's portfolio or stock", async () => {
    expectEnvelope(await lister.get(`/api/v1/journal?portfolio_id=${portfolioId}`), 404, 'NOT_FOUND');
    expectEnvelope(await lister.get(`/api/v1/journal?stock_id=${stockId}`), 404, 'NOT_FOUND');
  });

  it('never shows another household its entries', async () => {
    const res = await owner.get('/api/v1/journal?search=trimming');
    expect(res.body.total).toBe(0);
  });
});
