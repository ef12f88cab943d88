import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, expectEnvelope, setupOwner, useTestApp } from '../support/app.js';

/**
 * Holdings and P&L through the API, checked against values computed by hand (the arithmetic is written
 * out beside each expectation).
 */
const testApp = useTestApp();
let owner: Client;

beforeAll(async () => {
  ({ owner } = await setupOwner(testApp().app));
});

async function portfolio(name: string, method: 'average' | 'fifo' = 'average') {
  return (await owner.post('/api/v1/portfolios', { name, cost_basis_method: method })).body.id as string;
}
async function stock(symbol: string, extra: Record<string, unknown> = {}) {
  return (await owner.post('/api/v1/stocks', { symbol, ...extra })).body.id as string;
}
async function trade(p: string, body: Record<string, unknown>) {
  const res = await owner.post(`/api/v1/portfolios/${p}/transactions`, body);
  if (res.status !== 201) throw new Error(`trade refused: ${JSON.stringify(res.body)}`);
  return res.body;
}
async function price(s: string, date: string, close: string) {
  const res = await owner.post(`/api/v1/stocks/${s}/prices`, { prices: [{ date, close }] });
  if (res.status !== 201) throw new Error(`price refused: ${res.status} ${JSON.stringify(res.body)}`);
}
async function holdings(p: string) {
  const res = await owner.get(`/api/v1/portfolios/${p}/holdings`);
  expect(res.status).toBe(200);
  return res.body;
}
const bySymbol = (body: any, symbol: string) => body.items.find((h: { symbol: string }) => h.symbol === symbol);

// Shared history: buy 10 @ 100 + fee 10; buy 10 @ 120; sell 5 @ 130 − fee 5; dividend 30; price 140.
async function standardHistory(p: string, s: string) {
  await trade(p, { stock_id: s, type: 'buy', quantity: 10, price: '100', fee: '10', trade_date: '2024-01-02' });
  await trade(p, { stock_id: s, type: 'buy', quantity: 10, price: '120', trade_date: '2024-02-01' });
  await trade(p, { stock_id: s, type: 'sell', quantity: 5, price: '130', fee: '5', trade_date: '2024-03-01' });
  await trade(p, { stock_id: s, type: 'dividend', amount: '30', trade_date: '2024-03-15' });
  await price(s, '2024-04-01', '140');
}

describe('holdings, average cost', () => {
  it('partial sell, fees in cost and in realized P&L, dividends apart', async () => {
    const p = await portfolio('Avg');
    const s = await stock('AVG', { sector: 'Energy' });
    await standardHistory(p, s);
    const body = await holdings(p);
    // cost after buys: 10*100+10 + 10*120 = 2210 for 20 → 110.5/share; sell 5: cost 552.5,
    // proceeds 650 − 5 = 645 → realized 92.5; left 15 shares, cost 1657.5; value 15*140 = 2100;
    // unrealized 442.5 = 26.6968…% of 1657.5.
    expect(bySymbol(body, 'AVG')).toEqual({
      stock_id: s,
      symbol: 'AVG',
      quantity: '15',
      average_cost: '110.5',
      cost_basis: '1657.50',
      realized_pnl: '92.50',
      dividends: '30.00',
      current_price: '140',
      price_date: '2024-04-01',
      market_value: '2100.00',
      unrealized_pnl: '442.50',
      unrealized_pnl_pct: '26.70',
      weight: '100.00',
      // A stock in the portfolio's own currency: the native amounts are the same, and all of the P&L is price.
      native_currency: 'USD',
      native_average_cost: '110.5',
      native_cost_basis: '1657.50',
      native_realized_pnl: '92.50',
      native_dividends: '30.00',
      native_current_price: '140',
      native_market_value: '2100.00',
      native_unrealized_pnl: '442.50',
      fx_rate: '1',
      price_effect: '442.50',
      currency_effect: '0.00',
    });
    expect(body.totals).toEqual({
      cost_basis: '1657.50',
      market_value: '2100.00',
      realized_pnl: '92.50',
      unrealized_pnl: '442.50',
      dividends: '30.00',
      price_effect: '442.50',
      currency_effect: '0.00',
    });
    expect(body).toMatchObject({ currency: 'USD', fx_missing: [] });
  });

  it('a 4:1 split multiplies quantity and divides cost per share; cost basis stays', async () => {
    const p = await portfolio('Split4');
    const s = await stock('SPL');
    await standardHistory(p, s);
    await trade(p, { stock_id: s, type: 'split', ratio: '4:1', trade_date: '2024-05-01' });
    await price(s, '2024-05-02', '35');
    const h = bySymbol(await holdings(p), 'SPL');
    // 15 → 60 shares; 110.5 / 4 = 27.625; cost basis 1657.50; value 60*35 = 2100.
    expect(h).toMatchObject({
      quantity: '60',
      average_cost: '27.625',
      cost_basis: '1657.50',
      market_value: '2100.00',
      realized_pnl: '92.50',
    });
  });

  it('a 1:10 reverse split, then selling everything', async () => {
    const p = await portfolio('Split110');
    const s = await stock('REV');
    await trade(p, { stock_id: s, type: 'buy', quantity: 100, price: '2', fee: '1', trade_date: '2024-01-02' });
    await trade(p, { stock_id: s, type: 'split', ratio: '1:10', trade_date: '2024-02-01' });
    let h = bySymbol(await holdings(p), 'REV');
    // 100 → 10 shares; cost 201 → 20.1 per share.
    expect(h).toMatchObject({ quantity: '10', average_cost: '20.1', cost_basis: '201.00' });
    await trade(p, { stock_id: s, type: 'sell', quantity: 10, price: '25', trade_date: '2024-03-01' });
    h = bySymbol(await holdings(p), 'REV');
    // Sold at 250 for a cost of 201: realized 49; stays listed with quantity "0".
    expect(h).toMatchObject({
      quantity: '0',
      cost_basis: '0.00',
      realized_pnl: '49.00',
      current_price: null,
      market_value: null,
    });
  });

  it('full exit and re-entry restarts the average cost', async () => {
    const p = await portfolio('Reentry');
    const s = await stock('REE');
    await trade(p, { stock_id: s, type: 'buy', quantity: 10, price: '50', trade_date: '2024-01-02' });
    await trade(p, { stock_id: s, type: 'sell', quantity: 10, price: '60', trade_date: '2024-02-01' });
    await trade(p, { stock_id: s, type: 'buy', quantity: 5, price: '70', trade_date: '2024-03-01' });
    // Realized (60 − 50) × 10 = 100; the new position costs 70 a share.
    expect(bySymbol(await holdings(p), 'REE')).toMatchObject({
      quantity: '5',
      average_cost: '70',
      cost_basis: '350.00',
      realized_pnl: '100.00',
    });
  });

  it('fractional shares, rounded only at the edge', async () => {
    const p = await portfolio('Fraction');
    const s = await stock('FRA');
    await trade(p, { stock_id: s, type: 'buy', quantity: '0.5', price: '100.10', trade_date: '2024-01-02' });
    await trade(p, { stock_id: s, type: 'sell', quantity: '0.25', price: '110', trade_date: '2024-02-01' });
    // cost 50.05 → 0.25 sold costs 25.025; proceeds 27.5 → realized 2.475 → "2.48" half-up.
    expect(bySymbol(await holdings(p), 'FRA')).toMatchObject({
      quantity: '0.25',
      average_cost: '100.1',
      cost_basis: '25.03',
      realized_pnl: '2.48',
    });
  });

  it('back-dated buys reorder the history', async () => {
    const p = await portfolio('Backdated');
    const s = await stock('BKD');
    await trade(p, { stock_id: s, type: 'buy', quantity: 10, price: '10', trade_date: '2024-03-01' });
    await trade(p, { stock_id: s, type: 'sell', quantity: 10, price: '12', trade_date: '2024-04-01' });
    // Bought earlier at 8: the sell of 10 on 2024-04-01 now takes from 20 shares at an average of 9.
    await trade(p, { stock_id: s, type: 'buy', quantity: 10, price: '8', trade_date: '2024-01-01' });
    expect(bySymbol(await holdings(p), 'BKD')).toMatchObject({
      quantity: '10',
      average_cost: '9',
      cost_basis: '90.00',
      realized_pnl: '30.00',
    });
  });
});

describe('holdings, FIFO', () => {
  it('sells the oldest lots first', async () => {
    const p = await portfolio('Fifo', 'fifo');
    const s = await stock('FIF');
    await standardHistory(p, s);
    const h = bySymbol(await holdings(p), 'FIF');
    // Sell 5 from lot 1 (10 @ 101 incl. fee): cost 505, realized 645 − 505 = 140. Left: 5 @ 101 + 10 @ 120 =
    // 1705 for 15 → 113.666667; value 2100 → unrealized 395 = 23.167…%.
    expect(h).toMatchObject({
      quantity: '15',
      average_cost: '113.666667',
      cost_basis: '1705.00',
      realized_pnl: '140.00',
      dividends: '30.00',
      market_value: '2100.00',
      unrealized_pnl: '395.00',
      unrealized_pnl_pct: '23.17',
    });
    expect(h.lots).toEqual([
      {
        transaction_id: expect.any(String),
        trade_date: '2024-01-02',
        quantity: '5',
        unit_cost: '101',
        cost_basis: '505.00',
      },
      {
        transaction_id: expect.any(String),
        trade_date: '2024-02-01',
        quantity: '10',
        unit_cost: '120',
        cost_basis: '1200.00',
      },
    ]);
  });

  it('average and FIFO agree on quantity and on total P&L once everything is sold', async () => {
    const totals: string[] = [];
    for (const method of ['average', 'fifo'] as const) {
      const p = await portfolio(`Agree-${method}`, method);
      const s = await stock(`AGR${method === 'fifo' ? 'F' : 'A'}`);
      await standardHistory(p, s);
      await trade(p, { stock_id: s, type: 'sell', quantity: 15, price: '150', fee: '2', trade_date: '2024-06-01' });
      const h = bySymbol(await holdings(p), `AGR${method === 'fifo' ? 'F' : 'A'}`);
      expect(h.quantity).toBe('0');
      totals.push(h.realized_pnl);
    }
    // Proceeds 645 + 2248 = 2893 against a total cost of 2210 → 683.
    expect(totals).toEqual(['683.00', '683.00']);
  });

  it('switching the portfolio to FIFO recomputes its holdings', async () => {
    const p = await portfolio('Switch');
    const s = await stock('SWI');
    await standardHistory(p, s);
    expect(bySymbol(await holdings(p), 'SWI').realized_pnl).toBe('92.50');
    await owner.patch(`/api/v1/portfolios/${p}`, { cost_basis_method: 'fifo' });
    expect(bySymbol(await holdings(p), 'SWI').realized_pnl).toBe('140.00');
  });
});

describe('caching follows every write', () => {
  it('a new price, trade edit or delete shows at once', async () => {
    const p = await portfolio('Fresh');
    const s = await stock('FRS');
    const t = await trade(p, { stock_id: s, type: 'buy', quantity: 2, price: '10', trade_date: '2024-01-02' });
    expect(bySymbol(await holdings(p), 'FRS').market_value).toBeNull();
    await price(s, '2024-01-03', '11');
    expect(bySymbol(await holdings(p), 'FRS').market_value).toBe('22.00');
    await owner.patch(`/api/v1/portfolios/${p}/transactions/${t.id}`, { quantity: 3 });
    expect(bySymbol(await holdings(p), 'FRS').market_value).toBe('33.00');
    const list = await owner.get('/api/v1/portfolios?size=100');
    expect(list.body.items.find((x: { id: string }) => x.id === p)).toMatchObject({
      value: '33.00',
      cost: '30.00',
      unrealized_pnl: '3.00',
      position_count: 1,
    });
    await owner.delete(`/api/v1/portfolios/${p}/transactions/${t.id}`);
    expect((await holdings(p)).items).toEqual([]);
  });

  it("lists each portfolio's realized P&L and dividends as its holdings' totals give them", async () => {
    const p = await portfolio('Realized');
    const s = await stock('RLZ');
    await trade(p, { stock_id: s, type: 'buy', quantity: 10, price: '10', fee: '1', trade_date: '2024-01-02' });
    await trade(p, { stock_id: s, type: 'sell', quantity: 4, price: '12.5', fee: '0.5', trade_date: '2024-02-01' });
    await trade(p, { stock_id: s, type: 'dividend', amount: '3.25', trade_date: '2024-03-01' });
    const totals = (await holdings(p)).totals;
    // Proceeds 50 - fee 0.5 - cost of 4 of (100 + 1) / 10 = 40.40.
    expect(totals).toMatchObject({ realized_pnl: '9.10', dividends: '3.25' });
    const list = await owner.get('/api/v1/portfolios?size=100');
    expect(list.body.items.find((x: { id: string }) => x.id === p)).toMatchObject({
      realized_pnl: totals.realized_pnl,
      dividends: totals.dividends,
    });
  });
});

describe('analytics', () => {
  it('allocates by sector, group and stock, flags overweight positions and assesses risk', async () => {
    const p = await portfolio('Analytics');
    const a = await stock('ANA', { sector: 'Information Technology', industry_group: 'Software & Services' });
    const b = await stock('ANB', { sector: 'Energy' });
    const c = await stock('ANC');
    await trade(p, { stock_id: a, type: 'buy', quantity: 10, price: '60', trade_date: '2024-01-02' });
    await trade(p, { stock_id: b, type: 'buy', quantity: 10, price: '30', trade_date: '2024-01-02' });
    await trade(p, { stock_id: c, type: 'buy', quantity: 10, price: '10', trade_date: '2024-01-02' });
    await price(a, '2024-02-01', '70');
    await price(b, '2024-02-01', '20');
    // c has no price: valued at cost 100. Values 700 + 200 + 100 = 1000; cost 1000; unrealized 100 − 100 = 0.
    const res = await owner.get(`/api/v1/portfolios/${p}/analytics`);
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body).toMatchObject({
      value: '1000.00',
      cost: '1000.00',
      realized_pnl: '0.00',
      unrealized_pnl: '0.00',
      well_diversified: false,
    });
    expect(body.allocation.by_stock.map((x: any) => [x.name, x.value, x.percentage])).toEqual([
      ['ANA', '700.00', '70.00'],
      ['ANB', '200.00', '20.00'],
      ['ANC', '100.00', '10.00'],
    ]);
    expect(body.allocation.by_sector).toContainEqual({ name: 'Unknown', value: '100.00', percentage: '10.00' });
    expect(body.allocation.by_industry_group).toContainEqual(
      expect.objectContaining({ name: 'Software & Services', percentage: '70.00' }),
    );
    expect(body.overweight).toEqual([expect.objectContaining({ symbol: 'ANA', percentage: '70.00' })]);
    expect(body.risk.level).toBe('medium');
    expect(body.risk.score).toBeGreaterThanOrEqual(0);
    expect(body.risk.score).toBeLessThanOrEqual(100);
    expect(body.risk.reasons.length).toBeGreaterThanOrEqual(2);
    expect(body.performance).toEqual({
      twr: null,
      mwr: expect.any(String),
      max_drawdown: null,
      index_return: null,
      excess_return: null,
    });

    // A lower limit flags more; the household setting is read by analytics.
    const household = await owner.patch('/api/v1/household', { concentration_limit: '15' });
    expect(household.status).toBe(200);
    const again = await owner.get(`/api/v1/portfolios/${p}/analytics`);
    expect(again.body.overweight.map((o: any) => o.symbol)).toEqual(['ANA', 'ANB']);
    await owner.patch('/api/v1/household', { concentration_limit: '20' });
  });

  it('reports TWR, drawdown and index return from the balances, and household-wide analytics', async () => {
    const p = await portfolio('Performance');
    const balances = [
      { date: '2024-01-31', final_balance: '1000', deposits: '1000', index_change: '1' },
      { date: '2024-02-29', final_balance: '1100', index_change: '2' },
      { date: '2024-03-31', final_balance: '990', index_change: '-3' },
      { date: '2024-04-30', final_balance: '1600', deposits: '500' },
    ];
    for (const b of balances) expect((await owner.post(`/api/v1/portfolios/${p}/balances`, b)).status).toBe(201);
    const perf = (await owner.get(`/api/v1/portfolios/${p}/analytics`)).body.performance;
    // Periods: 1100/1000 = 1.1; 990/1100 = 0.9; 1600/(990+500) = 1.073826…; first row (1000 from a 1000
    // deposit) = 1. TWR = 1.1 × 0.9 × 1.0738255 − 1 = 6.3087…% → "6.31".
    // Drawdown: peak 1100 → 990 = 10 %. Index: 1.01 × 1.02 × 0.97 × 1 − 1 = −0.0706… % → "-0.07".
    expect(perf).toMatchObject({ twr: '6.31', max_drawdown: '10.00', index_return: '-0.07', excess_return: '6.38' });
    const household = await owner.get('/api/v1/analytics');
    expect(household.status).toBe(200);
    expect(household.body.value).toMatch(/^\d+\.\d{2}$/);
  });

  it('answers 404 for an unknown portfolio', async () => {
    expectEnvelope(
      await owner.get('/api/v1/portfolios/00000000-0000-4000-8000-000000000000/analytics'),
      404,
      'NOT_FOUND',
    );
    expectEnvelope(
      await owner.get('/api/v1/portfolios/00000000-0000-4000-8000-000000000000/holdings'),
      404,
      'NOT_FOUND',
    );
  });
});
