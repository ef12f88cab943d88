import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, expectEnvelope, loginAs, PASSWORD, setupOwner, useTestApp } from '../support/app.js';

/**
 * Several currencies through the API (product.md §14), against values computed by hand (the arithmetic is written
 * out beside each expectation). Each case has a household of its own, so that its rates and base currency are its own.
 */
const testApp = useTestApp();
let admin: Client;
let households = 0;

beforeAll(async () => {
  ({ owner: admin } = await setupOwner(testApp().app, 'admin@example.com'));
});

async function household(baseCurrency?: string): Promise<Client> {
  households += 1;
  const email = `family${households}@example.com`;
  const created = await admin.post('/api/v1/households', {
    household_name: `Family ${households}`,
    display_name: 'Parent',
    email,
    password: PASSWORD,
  });
  if (created.status !== 201) throw new Error(`household refused: ${JSON.stringify(created.body)}`);
  const { owner } = await loginAs(testApp().app, email);
  if (baseCurrency !== undefined) {
    const patched = await owner.patch('/api/v1/household', { base_currency: baseCurrency });
    expect(patched.status).toBe(200);
    expect(patched.body.base_currency).toBe(baseCurrency);
  }
  return owner;
}

async function created(response: Promise<{ status: number; body: any }>) {
  const res = await response;
  if (res.status !== 201) throw new Error(`refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const portfolio = async (c: Client, name: string, currency: string) =>
  (await created(c.post('/api/v1/portfolios', { name, currency }))).id as string;
const stock = async (c: Client, symbol: string, currency: string, sector?: string) =>
  (await created(c.post('/api/v1/stocks', { symbol, currency, ...(sector ? { sector } : {}) }))).id as string;
const trade = (c: Client, p: string, body: Record<string, unknown>) =>
  created(c.post(`/api/v1/portfolios/${p}/transactions`, body));
const price = (c: Client, s: string, date: string, close: string) =>
  created(c.post(`/api/v1/stocks/${s}/prices`, { prices: [{ date, close }] }));
const rates = (c: Client, list: Array<[string, string, string, string]>) =>
  created(
    c.post('/api/v1/fx-rates', { rates: list.map(([base, quote, date, rate]) => ({ base, quote, date, rate })) }),
  );
async function get(c: Client, path: string) {
  const res = await c.get(path);
  expect(res.status).toBe(200);
  return res.body;
}

describe('a EUR portfolio holding a USD stock', () => {
  let owner: Client;
  let p: string;
  let s: string;

  beforeAll(async () => {
    owner = await household('EUR');
    p = await portfolio(owner, 'Euros', 'EUR');
    s = await stock(owner, 'AAPL', 'USD', 'Information Technology');
    await trade(owner, p, {
      stock_id: s,
      type: 'buy',
      quantity: 10,
      price: '100',
      fee: '10',
      trade_date: '2026-01-05',
    });
    await trade(owner, p, { stock_id: s, type: 'sell', quantity: 4, price: '120', fee: '5', trade_date: '2026-02-02' });
    await trade(owner, p, { stock_id: s, type: 'dividend', amount: '6', trade_date: '2026-02-02' });
    // Saturday's close: valued at Friday's rate.
    await price(owner, s, '2026-03-07', '130');
  });

  it('without rates, every amount that needs one is null and the missing rates are named, never 1:1', async () => {
    const holdings = await get(owner, `/api/v1/portfolios/${p}/holdings`);
    expect(holdings.currency).toBe('EUR');
    expect(holdings.items[0]).toMatchObject({
      symbol: 'AAPL',
      quantity: '6',
      cost_basis: null,
      realized_pnl: null,
      dividends: null,
      market_value: null,
      unrealized_pnl: null,
      weight: null,
      native_currency: 'USD',
      native_cost_basis: '606.00',
      native_market_value: '780.00',
    });
    expect(holdings.totals).toMatchObject({ cost_basis: null, market_value: null, unrealized_pnl: null });
    const missing = [
      { base: 'USD', quote: 'EUR', date: '2026-01-05' },
      { base: 'USD', quote: 'EUR', date: '2026-02-02' },
      { base: 'USD', quote: 'EUR', date: '2026-03-07' },
    ];
    expect(holdings.fx_missing).toEqual(missing);

    const analytics = await get(owner, `/api/v1/portfolios/${p}/analytics`);
    expect(analytics).toMatchObject({
      currency: 'EUR',
      value: null,
      cost: null,
      unrealized_pnl: null,
      fx_missing: missing,
    });
    expect(analytics.performance.mwr).toBeNull();
    expect(analytics.allocation.by_stock).toEqual([{ name: 'AAPL', value: null, percentage: null, stock_id: s }]);
    const all = await get(owner, '/api/v1/analytics');
    expect(all).toMatchObject({ currency: 'EUR', value: null, fx_missing: missing });
    const list = await get(owner, '/api/v1/portfolios');
    expect(list.items[0]).toMatchObject({ currency: 'EUR', value: null, cost: null, unrealized_pnl: null });
  });

  it('with the rates, cost at the trades’ rates, value at the valuation date’s, realized P&L at the sell’s', async () => {
    // EUR/USD 1.10 on the buy, 1.08 on the sell and dividend, 1.05 on Friday 2026-03-06.
    await rates(owner, [
      ['EUR', 'USD', '2026-01-05', '1.10'],
      ['EUR', 'USD', '2026-02-02', '1.08'],
      ['EUR', 'USD', '2026-03-06', '1.05'],
    ]);
    const holdings = await get(owner, `/api/v1/portfolios/${p}/holdings`);
    // cost 1010 USD / 1.10 = 918.1818… EUR; the sell takes 4/10 of it (367.2727…), leaving 550.9090… EUR.
    // proceeds (480 − 5) / 1.08 = 439.8148… → realized 72.5420…; dividend 6 / 1.08 = 5.5555…
    // value 6 × 130 = 780 USD / 1.05 = 742.8571… → unrealized 191.9480…
    // price effect (780 − 606) / 1.05 = 165.7142…; currency effect 606 / 1.05 − 550.9090… = 26.2337…,
    // answered as 191.95 − 165.71 = 26.24: the two add up to the unrealized P&L exactly.
    expect(holdings.items[0]).toEqual({
      stock_id: s,
      symbol: 'AAPL',
      quantity: '6',
      average_cost: '91.818182',
      cost_basis: '550.91',
      realized_pnl: '72.54',
      dividends: '5.56',
      current_price: '123.809524',
      price_date: '2026-03-07',
      market_value: '742.86',
      unrealized_pnl: '191.95',
      unrealized_pnl_pct: '34.84',
      weight: '100.00',
      native_currency: 'USD',
      native_average_cost: '101',
      native_cost_basis: '606.00',
      native_realized_pnl: '71.00',
      native_dividends: '6.00',
      native_current_price: '130',
      native_market_value: '780.00',
      native_unrealized_pnl: '174.00',
      fx_rate: '0.9523809524',
      price_effect: '165.71',
      currency_effect: '26.24',
    });
    expect(holdings.totals).toEqual({
      cost_basis: '550.91',
      market_value: '742.86',
      realized_pnl: '72.54',
      unrealized_pnl: '191.95',
      dividends: '5.56',
      price_effect: '165.71',
      currency_effect: '26.24',
    });
    expect(holdings.fx_missing).toEqual([]);

    const analytics = await get(owner, `/api/v1/portfolios/${p}/analytics`);
    expect(analytics).toMatchObject({
      currency: 'EUR',
      value: '742.86',
      cost: '550.91',
      realized_pnl: '72.54',
      unrealized_pnl: '191.95',
      dividends: '5.56',
      fx_missing: [],
    });
    expect(analytics.allocation.by_stock).toEqual([
      { name: 'AAPL', value: '742.86', percentage: '100.00', stock_id: s },
    ]);
    // MWR in euros: −918.18 on 01-05, +439.81 + 5.56 on 02-02, +742.86 on 03-07 — a gain, so positive.
    expect(Number(analytics.performance.mwr)).toBeGreaterThan(0);
    const list = await get(owner, '/api/v1/portfolios');
    expect(list.items[0]).toMatchObject({ value: '742.86', cost: '550.91', unrealized_pnl: '191.95' });
  });

  it('a missing valuation rate leaves the cost side and names only that rate', async () => {
    await price(owner, s, '2026-03-20', '131'); // 14 days after the last rate: too old to carry forward
    const holdings = await get(owner, `/api/v1/portfolios/${p}/holdings`);
    expect(holdings.items[0]).toMatchObject({
      cost_basis: '550.91',
      realized_pnl: '72.54',
      market_value: null,
      price_effect: null,
      currency_effect: null,
    });
    expect(holdings.fx_missing).toEqual([{ base: 'USD', quote: 'EUR', date: '2026-03-20' }]);
  });
});

describe('a GBP portfolio holding a GBp stock', () => {
  it('pence are a hundredth of a pound, without any rate', async () => {
    const owner = await household('GBP');
    const p = await portfolio(owner, 'Pounds', 'GBP');
    const s = await stock(owner, 'VOD.L', 'GBp');
    expect((await get(owner, `/api/v1/stocks/${s}`)).currency).toBe('GBp');
    await trade(owner, p, {
      stock_id: s,
      type: 'buy',
      quantity: 100,
      price: '1250',
      fee: '500',
      trade_date: '2026-01-05',
    });
    await price(owner, s, '2026-02-02', '1300');
    const holdings = await get(owner, `/api/v1/portfolios/${p}/holdings`);
    // 100 × 1250 + 500 = 125,500 GBp = 1,255.00 GBP; value 100 × 1300 = 130,000 GBp = 1,300.00 GBP.
    expect(holdings.items[0]).toMatchObject({
      average_cost: '12.55',
      cost_basis: '1255.00',
      current_price: '13',
      market_value: '1300.00',
      unrealized_pnl: '45.00',
      native_currency: 'GBp',
      native_average_cost: '1255',
      native_cost_basis: '125500.00',
      native_market_value: '130000.00',
      fx_rate: '0.01',
      price_effect: '45.00',
      currency_effect: '0.00',
    });
    expect(holdings.fx_missing).toEqual([]);
    expect(await get(owner, '/api/v1/analytics')).toMatchObject({ currency: 'GBP', value: '1300.00', cost: '1255.00' });
  });
});

describe('a household with USD, EUR and GBP portfolios, reported in EUR', () => {
  it('sums every portfolio in the base currency, GBP through a cross rate via USD', async () => {
    const owner = await household('EUR');
    const usd = await portfolio(owner, 'Dollars', 'USD');
    const eur = await portfolio(owner, 'Euros', 'EUR');
    const gbp = await portfolio(owner, 'Pounds', 'GBP');
    const a = await stock(owner, 'AAA', 'USD', 'Energy');
    const e = await stock(owner, 'EEE', 'EUR', 'Energy');
    const g = await stock(owner, 'GGG', 'GBP', 'Utilities');
    const day = '2026-04-01';
    await trade(owner, usd, { stock_id: a, type: 'buy', quantity: 10, price: '110', trade_date: day });
    await trade(owner, eur, { stock_id: e, type: 'buy', quantity: 10, price: '50', trade_date: day });
    await trade(owner, gbp, { stock_id: g, type: 'buy', quantity: 8, price: '110', trade_date: day });
    await trade(owner, gbp, { stock_id: a, type: 'buy', quantity: 5, price: '110', trade_date: day });
    await price(owner, a, day, '121');
    await price(owner, e, day, '60');
    await price(owner, g, day, '121');
    // Stored: EUR/USD 1.10 and GBP/USD 1.25; no GBP/EUR, so GBP → EUR crosses through USD: 1.25 / 1.10.
    await rates(owner, [
      ['EUR', 'USD', day, '1.10'],
      ['GBP', 'USD', day, '1.25'],
    ]);
    const all = await get(owner, '/api/v1/analytics');
    // AAA: 15 × 110 = 1650 USD = 1500 EUR cost, 15 × 121 = 1815 USD = 1650 EUR value (both portfolios, one row)
    // EEE: 500 EUR cost, 600 EUR value
    // GGG: 8 × 110 = 880 GBP × 1.25 / 1.10 = 1000 EUR cost, 968 GBP = 1100 EUR value
    expect(all).toMatchObject({
      currency: 'EUR',
      value: '3350.00',
      cost: '3000.00',
      unrealized_pnl: '350.00',
      position_count: 3,
      fx_missing: [],
    });
    expect(all.allocation.by_stock).toEqual([
      { name: 'AAA', value: '1650.00', percentage: '49.25', stock_id: a },
      { name: 'GGG', value: '1100.00', percentage: '32.84', stock_id: g },
      { name: 'EEE', value: '600.00', percentage: '17.91', stock_id: e },
    ]);
    expect(all.allocation.by_sector).toEqual([
      { name: 'Energy', value: '2250.00', percentage: '67.16' },
      { name: 'Utilities', value: '1100.00', percentage: '32.84' },
    ]);
    // Each portfolio in its own currency: the GBP one holds AAA at USD → GBP (1 / 1.25): 5 × 121 / 1.25 = 484 GBP.
    const pounds = await get(owner, `/api/v1/portfolios/${gbp}/analytics`);
    expect(pounds).toMatchObject({ currency: 'GBP', value: '1452.00', cost: '1320.00', fx_missing: [] });
    const dollars = await get(owner, `/api/v1/portfolios/${usd}/holdings`);
    expect(dollars).toMatchObject({ currency: 'USD', totals: { market_value: '1210.00', currency_effect: '0.00' } });
  });

  it('household balances are converted into the base currency at each row’s date', async () => {
    const owner = await household('EUR');
    const usd = await portfolio(owner, 'Dollars', 'USD');
    await created(
      owner.post(`/api/v1/portfolios/${usd}/balances`, { date: '2026-05-01', final_balance: '1100', deposits: '1100' }),
    );
    await created(owner.post(`/api/v1/portfolios/${usd}/balances`, { date: '2026-05-04', final_balance: '1320' }));
    const before = await get(owner, '/api/v1/analytics');
    expect(before.performance.twr).toBeNull();
    expect(before.fx_missing).toEqual([
      { base: 'USD', quote: 'EUR', date: '2026-05-01' },
      { base: 'USD', quote: 'EUR', date: '2026-05-04' },
    ]);
    // 1100 USD at 1.10 = 1000 EUR deposited; 1320 USD at 1.20 = 1100 EUR → TWR 10 % in euros (20 % in dollars).
    await rates(owner, [
      ['EUR', 'USD', '2026-05-01', '1.10'],
      ['EUR', 'USD', '2026-05-04', '1.20'],
    ]);
    const after = await get(owner, '/api/v1/analytics');
    expect(after.performance.twr).toBe('10.00');
    expect((await get(owner, `/api/v1/portfolios/${usd}/analytics`)).performance.twr).toBe('20.00');
  });
});

describe('changing currencies', () => {
  it('a stock’s currency or the base currency changed takes effect at once (the cached views follow)', async () => {
    const owner = await household();
    const p = await portfolio(owner, 'Main', 'USD');
    const s = await stock(owner, 'SAP', 'USD');
    await trade(owner, p, { stock_id: s, type: 'buy', quantity: 10, price: '100', trade_date: '2026-06-01' });
    expect((await get(owner, '/api/v1/analytics')).value).toBe('1000.00');
    await rates(owner, [['EUR', 'USD', '2026-06-01', '1.25']]);
    const patched = await owner.patch(`/api/v1/stocks/${s}`, { currency: 'EUR' });
    expect(patched.status).toBe(200);
    // 1000 EUR at 1.25 = 1250 USD
    expect((await get(owner, '/api/v1/analytics')).value).toBe('1250.00');
    expect((await owner.patch('/api/v1/household', { base_currency: 'EUR' })).status).toBe(200);
    expect(await get(owner, '/api/v1/analytics')).toMatchObject({ currency: 'EUR', value: '1000.00' });
    expectEnvelope(await owner.patch('/api/v1/household', { base_currency: 'GBp' }), 400, 'VALIDATION_ERROR');
  });
});
