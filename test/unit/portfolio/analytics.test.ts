import { describe, expect, it } from 'vitest';
import type { Decimal } from '../../../src/domain/decimal.js';
import { assessRisk, computeAnalytics, type StockProfile } from '../../../src/domain/portfolio/analytics.js';
import { replay } from '../../../src/domain/portfolio/holdings.js';
import type { Performance } from '../../../src/domain/portfolio/performance.js';
import type { TradeRecord } from '../../../src/domain/portfolio/trades.js';
import { type PriceQuote, valueHoldings } from '../../../src/domain/portfolio/valuation.js';
import { formatAnalytics } from '../../../src/domain/portfolio/wire.js';
import { d, tradeBook } from './helpers.js';

const NO_PERFORMANCE: Performance = { twr: null, mwr: null, maxDrawdown: null, indexReturn: null, excessReturn: null };

function analyticsOf(
  trades: TradeRecord[],
  quotes: Map<string, PriceQuote>,
  stocks: Map<string, StockProfile>,
  limit?: Decimal,
) {
  const result = replay(trades, 'average');
  if (!result.ok) throw new Error('unexpected');
  return computeAnalytics({
    holdings: valueHoldings(result.holdings, quotes).items,
    stocks,
    concentrationLimit: limit,
    performance: NO_PERFORMANCE,
  });
}

describe('computeAnalytics', () => {
  // Values: AAA 10 × 30 = 300, BBB 10 × 20 = 200, CCC 5 × 40 = 200, DDD no price, cost 150, EEE 10 × 15 = 150;
  // FFF sold out with a gain of 25. Total value 1000.
  const t = tradeBook();
  const trades = [
    t.buy('a', '2024-01-02', '10', '25'),
    t.buy('b', '2024-01-02', '10', '22'),
    t.buy('c', '2024-01-02', '5', '40'),
    t.buy('d', '2024-01-02', '3', '50'),
    t.buy('e', '2024-01-02', '10', '10'),
    t.buy('f', '2024-01-02', '5', '10'),
    t.sell('f', '2024-02-01', '5', '15'),
    t.dividend('a', '2024-03-01', '4'),
  ];
  const quotes = new Map<string, PriceQuote>([
    ['a', { price: '30', date: '2024-03-28' }],
    ['b', { price: '20', date: '2024-03-28' }],
    ['c', { price: '40', date: '2024-03-28' }],
    ['e', { price: '15', date: '2024-03-28' }],
    ['f', { price: '99', date: '2024-03-28' }],
  ]);
  const stocks = new Map<string, StockProfile>([
    ['a', { symbol: 'AAA', sector: 'Information Technology', industryGroup: 'Software & Services' }],
    [
      'b',
      { symbol: 'BBB', sector: 'Information Technology', industryGroup: 'Semiconductors & Semiconductor Equipment' },
    ],
    ['c', { symbol: 'CCC', sector: 'Financials', industryGroup: 'Banks' }],
    ['d', { symbol: 'DDD', sector: 'Financials', industryGroup: null }],
    ['e', { symbol: 'EEE', sector: null, industryGroup: null }],
    ['f', { symbol: 'FFF', sector: 'Energy', industryGroup: 'Energy' }],
  ]);
  const analytics = analyticsOf(trades, quotes, stocks);

  it('sums value (unpriced at cost), cost, realized and unrealized P&L; dividends apart', () => {
    // cost: 250 + 220 + 200 + 150 + 100 = 920; unrealized: 50 − 20 + 0 + 50 = 80; realized: 75 − 50 = 25
    expect(
      [analytics.value, analytics.cost, analytics.realizedPnl, analytics.unrealizedPnl, analytics.dividends].map((x) =>
        x.toFixed(),
      ),
    ).toEqual(['1000', '920', '25', '80', '4']);
    expect(analytics.positionCount).toBe(5);
  });
  it('allocates by sector, industry group and stock, "Unknown" when missing, largest first', () => {
    const rows = (items: { name: string; value: Decimal; percentage: Decimal }[]) =>
      items.map((i) => [i.name, i.value.toFixed(), i.percentage.toFixed()]);
    expect(rows(analytics.allocation.bySector)).toEqual([
      ['Information Technology', '500', '50'],
      ['Financials', '350', '35'],
      ['Unknown', '150', '15'],
    ]);
    expect(rows(analytics.allocation.byIndustryGroup)).toEqual([
      ['Software & Services', '300', '30'],
      ['Unknown', '300', '30'],
      ['Banks', '200', '20'],
      ['Semiconductors & Semiconductor Equipment', '200', '20'],
    ]);
    expect(rows(analytics.allocation.byStock)).toEqual([
      ['AAA', '300', '30'],
      ['BBB', '200', '20'],
      ['CCC', '200', '20'],
      ['DDD', '150', '15'],
      ['EEE', '150', '15'],
    ]);
  });
  it('flags positions strictly over the limit and judges diversification and risk', () => {
    expect(analytics.overweight.map((o) => [o.symbol, o.percentage.toFixed()])).toEqual([['AAA', '30']]);
    expect(analytics.wellDiversified).toBe(false);
    expect(analytics.risk).toEqual({
      level: 'medium',
      score: 60,
      reasons: [
        '5 positions: fewer than 10 limits diversification',
        'AAA is 30.00% of the portfolio, over the 20% concentration limit',
      ],
    });
  });
  it('uses the household limit when given', () => {
    const relaxed = analyticsOf(trades, quotes, stocks, d(30));
    expect(relaxed.overweight).toEqual([]);
    expect(relaxed.wellDiversified).toBe(true);
    expect(relaxed.risk.level).toBe('medium');
    expect(relaxed.concentrationLimit.toFixed()).toBe('30');
  });
  it('merges the same stock held in several portfolios (household analytics)', () => {
    const result = replay(trades, 'average');
    if (!result.ok) throw new Error('unexpected');
    const items = valueHoldings(result.holdings, quotes).items;
    const household = computeAnalytics({ holdings: [...items, ...items], stocks, performance: NO_PERFORMANCE });
    expect(household.positionCount).toBe(5);
    expect(household.value.toFixed()).toBe('2000');
    expect(household.allocation.byStock[0]?.value.toFixed()).toBe('600');
  });
  it('formats to the §10 wire shape', () => {
    const wire = formatAnalytics(
      { ...analytics, performance: { ...NO_PERFORMANCE, twr: d('6.036139'), maxDrawdown: d('6.666666') } },
      'USD',
    );
    expect(wire).toMatchObject({
      value: '1000.00',
      cost: '920.00',
      realized_pnl: '25.00',
      unrealized_pnl: '80.00',
      well_diversified: false,
      overweight: [{ symbol: 'AAA', percentage: '30.00', stock_id: 'a' }],
      risk: { level: 'medium', score: 60 },
      performance: { twr: '6.04', mwr: null, max_drawdown: '6.67', index_return: null, excess_return: null },
    });
    expect(wire.allocation.by_sector[0]).toEqual({
      name: 'Information Technology',
      value: '500.00',
      percentage: '50.00',
    });
    expect(wire.allocation.by_stock[0]).toEqual({ name: 'AAA', value: '300.00', percentage: '30.00', stock_id: 'a' });
  });
  it('an empty portfolio: no positions, high risk, zero everywhere', () => {
    const empty = computeAnalytics({ holdings: [], stocks: new Map(), performance: NO_PERFORMANCE });
    expect(empty.value.toFixed()).toBe('0');
    expect(empty.allocation.bySector).toEqual([]);
    expect(empty.risk).toEqual({ level: 'high', score: 80, reasons: ['No open positions'] });
  });
});

describe('assessRisk', () => {
  const over = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ stockId: `s${i}`, symbol: `S${i}`, percentage: d(25) }));
  it.each([
    [1, 0, 'high', 80],
    [2, 1, 'high', 90],
    [3, 0, 'medium', 50],
    [9, 2, 'medium', 70],
    [10, 0, 'low', 20],
    [12, 1, 'medium', 60],
    [2, 4, 'high', 100],
    [2, 9, 'high', 100],
  ] as const)('%i positions, %i overweight → %s %i', (count, overweight, level, score) => {
    const risk = assessRisk(count, over(overweight), d(20));
    expect([risk.level, risk.score]).toEqual([level, score]);
    expect(risk.reasons.filter((r) => r.includes('concentration limit'))).toHaveLength(overweight);
  });
  it('explains a small portfolio', () => {
    expect(assessRisk(2, [], d(20)).reasons).toEqual(['Only 2 positions: fewer than 3 concentrates the risk']);
    expect(assessRisk(1, [], d(20)).reasons).toEqual(['Only 1 position: fewer than 3 concentrates the risk']);
    expect(assessRisk(10, [], d(20)).reasons).toEqual([]);
  });
});
