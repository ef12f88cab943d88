import { describe, expect, it } from 'vitest';
import { replay } from '../../../src/domain/portfolio/holdings.js';
import { isListedHolding, type PriceQuote, valueHoldings } from '../../../src/domain/portfolio/valuation.js';
import { formatHoldings } from '../../../src/domain/portfolio/wire.js';
import { reportSameCurrency, tradeBook } from './helpers.js';

const t = tradeBook();
const trades = [
  // A: 5 shares left at 104 (cost 520), realized 30 — the partial-sell example
  t.buy('A', '2024-01-02', '10', '100', '5'),
  t.buy('A', '2024-01-10', '5', '110', '5'),
  t.sell('A', '2024-02-01', '6', '120', '6'),
  t.sell('A', '2024-03-01', '4', '90', '4'),
  // B: 4 shares at 70.5 (cost 282), no price
  t.buy('B', '2024-01-02', '4', '70', '2'),
  // C: sold to zero with a gain of 10 → stays listed
  t.buy('C', '2024-01-02', '1', '10'),
  t.sell('C', '2024-01-03', '1', '20'),
  // D: sold to zero at break-even, no dividends → not listed
  t.buy('D', '2024-01-02', '1', '10'),
  t.sell('D', '2024-01-03', '1', '10'),
  // E: dividend only → listed
  t.dividend('E', '2024-01-05', '2.5'),
];
const result = replay(trades, 'average');
if (!result.ok) throw new Error('unexpected');
const quotes = new Map<string, PriceQuote>([
  ['A', { price: '110', date: '2024-03-28' }],
  ['C', { price: '25', date: '2024-03-27' }],
  ['D', { price: '11', date: '2024-03-27' }],
]);
const valued = valueHoldings(result.holdings, quotes);
const byId = new Map(valued.items.map((v) => [v.stockId, v]));

describe('valueHoldings', () => {
  it('lists holdings with shares, and sold-out ones while they have realized P&L or dividends', () => {
    expect(valued.items.map((v) => v.stockId)).toEqual(['A', 'B', 'C', 'E']);
    expect(isListedHolding(result.holdings.find((h) => h.stockId === 'D') as never)).toBe(false);
  });
  it('values a priced holding', () => {
    const a = byId.get('A');
    // 5 × 110 = 550; 550 − 520 = 30; 30 / 520 = 5.769…%
    expect(a?.marketValue?.toFixed()).toBe('550');
    expect(a?.unrealizedPnl?.toFixed()).toBe('30');
    expect(a?.unrealizedPnlPct?.toFixed(4)).toBe('5.7692');
    expect(a?.priceDate).toBe('2024-03-28');
  });
  it('leaves the market fields of an unpriced holding null and counts it at cost', () => {
    const b = byId.get('B');
    expect([b?.currentPrice, b?.marketValue, b?.unrealizedPnl, b?.unrealizedPnlPct, b?.priceDate]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(b?.value.toFixed()).toBe('282');
  });
  it('weights by value over the total (550 + 282 + 0 + 0)', () => {
    expect(byId.get('A')?.weight.toFixed(4)).toBe('66.1058');
    expect(byId.get('B')?.weight.toFixed(4)).toBe('33.8942');
    expect(byId.get('C')?.weight.toFixed()).toBe('0');
  });
  it('a sold-out holding with a price has no unrealized P&L percentage (cost basis 0)', () => {
    const c = byId.get('C');
    expect([c?.marketValue?.toFixed(), c?.unrealizedPnl?.toFixed(), c?.unrealizedPnlPct]).toEqual(['0', '0', null]);
  });
  it('totals: value counts unpriced holdings at cost, so value − cost = unrealized', () => {
    const { totals } = valued;
    expect(
      [totals.costBasis, totals.marketValue, totals.realizedPnl, totals.unrealizedPnl, totals.dividends].map((x) =>
        x.toFixed(),
      ),
    ).toEqual(['802', '832', '40', '30', '2.5']);
    expect(totals.positionCount).toBe(2);
  });
  it('accepts a lookup function and handles an empty portfolio', () => {
    expect(valueHoldings(result.holdings, (id) => quotes.get(id)).totals.marketValue.toFixed()).toBe('832');
    const empty = valueHoldings([], new Map());
    expect(empty.items).toEqual([]);
    expect(empty.totals.marketValue.toFixed()).toBe('0');
  });
});

describe('formatHoldings (the §10 wire shape)', () => {
  it('writes decimal strings rounded at the edge', () => {
    const wire = formatHoldings(reportSameCurrency(result.holdings, quotes), (id) => `SYM${id}`, []);
    expect(wire.items[0]).toEqual({
      stock_id: 'A',
      symbol: 'SYMA',
      quantity: '5',
      average_cost: '104',
      cost_basis: '520.00',
      realized_pnl: '30.00',
      dividends: '0.00',
      current_price: '110',
      price_date: '2024-03-28',
      market_value: '550.00',
      unrealized_pnl: '30.00',
      unrealized_pnl_pct: '5.77',
      weight: '66.11',
      native_currency: 'USD',
      native_average_cost: '104',
      native_cost_basis: '520.00',
      native_realized_pnl: '30.00',
      native_dividends: '0.00',
      native_current_price: '110',
      native_market_value: '550.00',
      native_unrealized_pnl: '30.00',
      fx_rate: '1',
      price_effect: '30.00',
      currency_effect: '0.00',
    });
    expect(wire.items[1]).toMatchObject({
      current_price: null,
      market_value: null,
      unrealized_pnl: null,
      unrealized_pnl_pct: null,
      weight: '33.89',
    });
    expect(wire.items[2]).toMatchObject({ quantity: '0', average_cost: '0', realized_pnl: '10.00' });
    expect(wire.totals).toEqual({
      cost_basis: '802.00',
      market_value: '832.00',
      realized_pnl: '40.00',
      unrealized_pnl: '30.00',
      dividends: '2.50',
      price_effect: '30.00',
      currency_effect: '0.00',
    });
  });
  it('rounds prices to 6 places, quantities to 8 and adds FIFO lots when present', () => {
    // 1.123456789 × 3.3333333 + 0.01 = 3.7548559…; per share 3.3422342…
    const b = tradeBook();
    const fifo = replay([b.buy('F', '2024-01-01', '1.123456789', '3.3333333', '0.01')], 'fifo', { lots: true });
    if (!fifo.ok) throw new Error('unexpected');
    const wire = formatHoldings(
      reportSameCurrency(fifo.holdings, new Map([['F', { price: '1.23456789', date: '2024-01-02' }]])),
      () => 'F',
      [],
    );
    expect(wire.items[0]).toMatchObject({
      quantity: '1.12345679',
      current_price: '1.234568',
      average_cost: '3.342234',
    });
    expect(wire.items[0]?.lots).toEqual([
      {
        transaction_id: 't1',
        trade_date: '2024-01-01',
        quantity: '1.12345679',
        unit_cost: '3.342234',
        cost_basis: '3.75',
      },
    ]);
  });
});
