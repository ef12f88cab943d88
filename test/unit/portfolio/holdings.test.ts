import { describe, expect, it } from 'vitest';
import {
  type CostBasisMethod,
  type Holding,
  replay,
  sellRefusal,
  validateHistory,
} from '../../../src/domain/portfolio/holdings.js';
import type { TradeRecord } from '../../../src/domain/portfolio/trades.js';
import { d, exact, near, tradeBook } from './helpers.js';

function holdingsOf(trades: TradeRecord[], method: CostBasisMethod, lots = false): Map<string, Holding> {
  const result = replay(trades, method, { lots });
  if (!result.ok) throw new Error(sellRefusal(result.violation, result.violation.stockId));
  return new Map(result.holdings.map((h) => [h.stockId, h]));
}

describe('replay: partial sells with fees', () => {
  // buy 10 @ 100 + fee 5   → 1005 (100.50/share)
  // buy  5 @ 110 + fee 5   →  555 (111.00/share); 15 shares, cost 1560, average 104
  // sell 6 @ 120 − fee 6   → proceeds 714
  // sell 4 @  90 − fee 4   → proceeds 356
  const t = tradeBook();
  const trades = [
    t.buy('A', '2024-01-02', '10', '100', '5'),
    t.buy('A', '2024-01-10', '5', '110', '5'),
    t.sell('A', '2024-02-01', '6', '120', '6'),
    t.sell('A', '2024-03-01', '4', '90', '4'),
  ];

  it('average: each sell takes the average cost (104) of its shares', () => {
    // sell 6: 714 − 6×104 = 90; sell 4: 356 − 4×104 = −60 → realized 30; 5 left at 104
    expect(exact(holdingsOf(trades, 'average').get('A'))).toEqual({
      quantity: '5',
      costBasis: '520',
      averageCost: '104',
      realizedPnl: '30',
      dividends: '0',
    });
  });

  it('fifo: sells take the oldest lot first', () => {
    // sell 6 from lot 1: 714 − 6×100.5 = 111; sell 4 from lot 1: 356 − 4×100.5 = −46 → 65; lot 2 left (5 @ 111)
    const h = holdingsOf(trades, 'fifo', true).get('A');
    expect(exact(h)).toEqual({
      quantity: '5',
      costBasis: '555',
      averageCost: '111',
      realizedPnl: '65',
      dividends: '0',
    });
    expect(h?.lots?.map((l) => [l.tradeId, l.quantity.toFixed(), l.costBasis.toFixed(), l.unitCost.toFixed()])).toEqual(
      [['t2', '5', '555', '111']],
    );
  });

  it('the state after the first sell, both methods', () => {
    const first = trades.slice(0, 3);
    expect(exact(holdingsOf(first, 'average').get('A'))).toMatchObject({
      quantity: '9',
      costBasis: '936',
      realizedPnl: '90',
    });
    const fifo = holdingsOf(first, 'fifo', true).get('A');
    expect(exact(fifo)).toMatchObject({ quantity: '9', costBasis: '957', realizedPnl: '111' });
    expect(fifo?.lots?.map((l) => [l.quantity.toFixed(), l.costBasis.toFixed()])).toEqual([
      ['4', '402'],
      ['5', '555'],
    ]);
  });

  it('lots are only returned for fifo and when asked for', () => {
    expect(holdingsOf(trades, 'fifo').get('A')?.lots).toBeNull();
    expect(holdingsOf(trades, 'average', true).get('A')?.lots).toBeNull();
  });
});

describe('replay: full exit and re-entry', () => {
  const t = tradeBook();
  const trades = [
    t.buy('A', '2024-01-02', '10', '50'),
    t.sell('A', '2024-02-01', '10', '60'),
    t.buy('A', '2024-03-01', '4', '70', '2'),
  ];
  it.each(['average', 'fifo'] as const)('%s: the new average starts from the new buys', (method) => {
    // exit: 600 − 500 = 100 realized; re-entry: 4 @ 70 + 2 = 282 → 70.5 a share
    expect(exact(holdingsOf(trades, method).get('A'))).toEqual({
      quantity: '4',
      costBasis: '282',
      averageCost: '70.5',
      realizedPnl: '100',
      dividends: '0',
    });
  });
  it.each(['average', 'fifo'] as const)('%s: the position is empty (and costless) right after the exit', (method) => {
    expect(exact(holdingsOf(trades.slice(0, 2), method).get('A'))).toMatchObject({
      quantity: '0',
      costBasis: '0',
      averageCost: '0',
      realizedPnl: '100',
    });
  });
});

describe('replay: fractional shares', () => {
  // buy 0.5 @ 200.10 + 0.99 → 101.04 (202.08/share); buy 1.25 @ 180 → 225; 1.75 shares, cost 326.04
  // sell 0.3 @ 210 − 0.50 → proceeds 62.5
  const t = tradeBook();
  const trades = [
    t.buy('F', '2024-01-02', '0.5', '200.10', '0.99'),
    t.buy('F', '2024-01-03', '1.25', '180'),
    t.sell('F', '2024-01-04', '0.3', '210', '0.50'),
  ];
  it('average: cost of the sold shares is 326.04 × 0.3 / 1.75', () => {
    const h = holdingsOf(trades, 'average').get('F') as Holding;
    expect(h.quantity.toFixed()).toBe('1.45');
    // 326.04 × 1.45 / 1.75 = 9455.16 / 35 = 270.147428571428571428…
    expect(near(h.costBasis, d('9455.16').div(35))).toBe(true);
    // 62.5 − 326.04 × 0.3 / 1.75 = 62.5 − 55.892571428571… = 6.607428571428…
    expect(near(h.realizedPnl, d('62.5').minus(d('326.04').times('0.3').div('1.75')))).toBe(true);
    expect(near(h.averageCost, d('326.04').div('1.75'))).toBe(true);
    expect(h.realizedPnl.toFixed(2)).toBe('6.61');
  });
  it('fifo: the 0.3 come from the first lot at 202.08', () => {
    const h = holdingsOf(trades, 'fifo', true).get('F') as Holding;
    // 62.5 − 0.3 × 202.08 = 62.5 − 60.624 = 1.876; left: 0.2 @ 202.08 (40.416) and 1.25 @ 180 (225)
    expect(exact(h)).toMatchObject({ quantity: '1.45', costBasis: '265.416', realizedPnl: '1.876' });
    expect(h.lots?.map((l) => [l.quantity.toFixed(), l.costBasis.toFixed(), l.unitCost.toFixed()])).toEqual([
      ['0.2', '40.416', '202.08'],
      ['1.25', '225', '180'],
    ]);
  });
});

describe('replay: dividends', () => {
  const t = tradeBook();
  const trades = [
    t.buy('D', '2024-01-02', '10', '20'),
    t.dividend('D', '2024-03-15', '5.50'),
    t.sell('D', '2024-06-01', '10', '25', '1'),
    t.dividend('D', '2024-06-15', '1.25'), // paid after the sale: accepted, it is cash that arrived
    t.dividend('X', '2024-06-20', '3'), // never held: accepted as well
  ];
  it.each(['average', 'fifo'] as const)('%s: dividends are reported apart from realized P&L', (method) => {
    const holdings = holdingsOf(trades, method);
    // realized: 250 − 1 − 200 = 49 (no dividends inside)
    expect(exact(holdings.get('D'))).toEqual({
      quantity: '0',
      costBasis: '0',
      averageCost: '0',
      realizedPnl: '49',
      dividends: '6.75',
    });
    expect(exact(holdings.get('X'))).toMatchObject({ quantity: '0', dividends: '3', realizedPnl: '0' });
  });
});

describe('replay: a 4:1 split', () => {
  // buy 10 @ 400 + 4 → 4004; buy 5 @ 420 → 2100; 15 shares, cost 6104
  // split 4:1 → 60 shares, cost unchanged; lot 1: 40 @ 100.1, lot 2: 20 @ 105
  // sell 50 @ 120 − 10 → proceeds 5990
  const t = tradeBook();
  const trades = [
    t.buy('S', '2024-01-02', '10', '400', '4'),
    t.buy('S', '2024-01-03', '5', '420'),
    t.split('S', '2024-02-01', '4:1'),
    t.sell('S', '2024-03-01', '50', '120', '10'),
  ];
  it('right after the split: 4× the shares, a quarter of the cost per share, the same cost basis', () => {
    for (const method of ['average', 'fifo'] as const) {
      const h = holdingsOf(trades.slice(0, 3), method, true).get('S') as Holding;
      expect(exact(h)).toMatchObject({ quantity: '60', costBasis: '6104' });
      expect(near(h.averageCost, d(6104).div(60))).toBe(true);
      if (method === 'fifo') {
        expect(h.lots?.map((l) => [l.quantity.toFixed(), l.unitCost.toFixed()])).toEqual([
          ['40', '100.1'],
          ['20', '105'],
        ]);
      }
    }
  });
  it('average: the sell takes 50/60 of the cost basis', () => {
    const h = holdingsOf(trades, 'average').get('S') as Holding;
    expect(h.quantity.toFixed()).toBe('10');
    expect(near(h.costBasis, d(6104).div(6))).toBe(true); // 1017.333…
    expect(near(h.realizedPnl, d(5990).minus(d(6104).times(5).div(6)))).toBe(true); // 903.333…
  });
  it('fifo: the sell takes lot 1 whole and 10 of lot 2', () => {
    // cost sold: 4004 + 10 × 105 = 5054 → realized 936; left: 10 @ 105
    const h = holdingsOf(trades, 'fifo', true).get('S') as Holding;
    expect(exact(h)).toEqual({
      quantity: '10',
      costBasis: '1050',
      averageCost: '105',
      realizedPnl: '936',
      dividends: '0',
    });
  });
});

describe('replay: a 1:10 reverse split', () => {
  // buy 1000 @ 1.50 + 10 → 1510; split 1:10 → 100 shares at 15.10; sell 25 @ 20 − 5 → proceeds 495
  const t = tradeBook();
  const trades = [
    t.buy('R', '2024-01-02', '1000', '1.50', '10'),
    t.split('R', '2024-02-01', '1:10'),
    t.sell('R', '2024-03-01', '25', '20', '5'),
  ];
  it.each(['average', 'fifo'] as const)('%s', (method) => {
    expect(exact(holdingsOf(trades.slice(0, 2), method).get('R'))).toMatchObject({
      quantity: '100',
      costBasis: '1510',
      averageCost: '15.1',
    });
    // sold cost 25 × 15.10 = 377.5 → realized 117.5; left 75 shares, 1132.5
    expect(exact(holdingsOf(trades, method).get('R'))).toEqual({
      quantity: '75',
      costBasis: '1132.5',
      averageCost: '15.1',
      realizedPnl: '117.5',
      dividends: '0',
    });
  });
  it('selling more than the post-split quantity is refused', () => {
    const violation = validateHistory([...trades.slice(0, 2), tradeBook().sell('R', '2024-03-01', '101', '20')]);
    expect(violation?.available.toFixed()).toBe('100');
  });
  it('a 1:3 split keeps exact share counts (no rounding drift between the methods)', () => {
    const b = tradeBook();
    const history = [
      b.buy('T', '2024-01-02', '10', '3'),
      b.split('T', '2024-02-01', '1:3'),
      b.sell('T', '2024-03-01', '1', '10'),
    ];
    const avg = holdingsOf(history, 'average').get('T') as Holding;
    const fifo = holdingsOf(history, 'fifo').get('T') as Holding;
    expect(near(avg.quantity, d(10).div(3).minus(1), '1e-35')).toBe(true);
    expect(avg.quantity.eq(fifo.quantity)).toBe(true);
    // selling everything that is left (7/3 shares) is possible only because the count is exact
    const all = replay([...history, b.split('T', '2024-04-01', '3:1'), b.sell('T', '2024-05-01', '7', '10')], 'fifo');
    expect(all.ok && all.holdings[0]?.quantity.isZero()).toBe(true);
  });
  it('a split while no shares are held changes nothing', () => {
    const b = tradeBook();
    const history = [
      b.buy('Z', '2024-01-02', '10', '5'),
      b.sell('Z', '2024-01-03', '10', '6'),
      b.split('Z', '2024-02-01', '4:1'),
      b.split('Q', '2024-02-01', '4:1'),
      b.buy('Z', '2024-03-01', '3', '7'),
    ];
    const holdings = holdingsOf(history, 'average');
    expect(exact(holdings.get('Z'))).toMatchObject({ quantity: '3', costBasis: '21', realizedPnl: '10' });
    expect(holdings.has('Q')).toBe(false);
  });
});

describe('replay: back-dated trades', () => {
  it('a back-dated buy is applied at its date, not at its creation', () => {
    const t = tradeBook();
    const trades = [
      t.buy('B', '2024-03-01', '10', '100'),
      t.sell('B', '2024-04-01', '5', '120'),
      t.buy('B', '2024-01-15', '10', '80'), // entered last, dated first
    ];
    // history: buy 10 @ 80, buy 10 @ 100, sell 5 @ 120
    expect(exact(holdingsOf(trades, 'average').get('B'))).toMatchObject({
      quantity: '15',
      costBasis: '1350',
      averageCost: '90',
      realizedPnl: '150',
    });
    // fifo sells the back-dated (oldest) lot: 600 − 5 × 80 = 200
    expect(exact(holdingsOf(trades, 'fifo').get('B'))).toMatchObject({
      quantity: '15',
      costBasis: '1400',
      realizedPnl: '200',
    });
  });
  it('a back-dated sell is checked against the shares held at its date', () => {
    const t = tradeBook();
    const trades = [
      t.buy('B', '2024-01-01', '10', '100'),
      t.buy('B', '2024-03-01', '10', '100'),
      t.sell('B', '2024-02-01', '15', '110'), // 20 held today, only 10 on 2024-02-01
    ];
    expect(validateHistory(trades)).toMatchObject({
      code: 'INSUFFICIENT_QUANTITY',
      tradeId: 't3',
      stockId: 'B',
      tradeDate: '2024-02-01',
    });
    const violation = validateHistory(trades);
    expect(violation?.requested.toFixed()).toBe('15');
    expect(violation?.available.toFixed()).toBe('10');
    expect(violation && sellRefusal(violation, 'MSFT')).toBe(
      'Selling 15 MSFT on 2024-02-01 would leave -5: only 10 are held then',
    );
  });
  it('a back-dated sell that fits is applied at its date', () => {
    const t = tradeBook();
    const trades = [
      t.buy('B', '2024-01-01', '10', '100'),
      t.buy('B', '2024-03-01', '10', '130'),
      t.sell('B', '2024-02-01', '4', '110'),
    ];
    // sold at the 2024-02-01 average of 100, before the second buy: 440 − 400 = 40
    expect(exact(holdingsOf(trades, 'average').get('B'))).toMatchObject({
      quantity: '16',
      realizedPnl: '40',
      costBasis: '1900',
    });
  });
  it('same-day trades apply in creation order', () => {
    const t = tradeBook();
    const sellFirst = [t.sell('C', '2024-01-01', '5', '10'), t.buy('C', '2024-01-01', '5', '9')];
    expect(validateHistory(sellFirst)?.tradeId).toBe('t1');
    const b = tradeBook();
    const buyFirst = [b.buy('C', '2024-01-01', '5', '9'), b.sell('C', '2024-01-01', '5', '10')];
    expect(validateHistory(buyFirst)).toBeNull();
  });
  it('timestamps count by their UTC day, and a new trade without seq comes last on its day', () => {
    const trades: TradeRecord[] = [
      { id: 'new', stockId: 'C', type: 'sell', quantity: '5', price: '10', tradeDate: '2024-01-01T08:00:00Z' },
      { id: 'old', stockId: 'C', type: 'buy', quantity: '5', price: '9', tradeDate: '2024-01-01', seq: 7 },
    ];
    expect(validateHistory(trades)).toBeNull();
    // 2024-01-02T01:00+02:00 is 2024-01-01T23:00Z: the same day as the buy
    expect(
      validateHistory([
        { ...trades[0], tradeDate: '2024-01-02T01:00:00+02:00' } as TradeRecord,
        trades[1] as TradeRecord,
      ]),
    ).toBeNull();
    expect(
      validateHistory([{ ...trades[0], tradeDate: '2023-12-31' } as TradeRecord, trades[1] as TradeRecord])?.tradeId,
    ).toBe('new');
  });
  it('createdAt orders same-day trades when there is no seq', () => {
    const trades: TradeRecord[] = [
      {
        id: 's',
        stockId: 'C',
        type: 'sell',
        quantity: '5',
        price: '10',
        tradeDate: '2024-01-01',
        createdAt: '2024-01-05T10:00:00.002Z',
      },
      {
        id: 'b',
        stockId: 'C',
        type: 'buy',
        quantity: '5',
        price: '9',
        tradeDate: '2024-01-01',
        createdAt: new Date('2024-01-05T10:00:00.001Z'),
      },
    ];
    expect(validateHistory(trades)).toBeNull();
  });
});

describe('sellRefusal: the message names the sell that goes negative, by symbol and date', () => {
  const t = tradeBook();
  const buy = t.buy('E', '2024-01-01', '10', '100');
  const split = t.split('E', '2024-02-01', '2:1');
  const sell = t.sell('E', '2024-03-01', '15', '60');
  const refusal = (trades: TradeRecord[]) => {
    const violation = validateHistory(trades);
    return violation && sellRefusal(violation, 'XYZ');
  };
  it('an edit of the buy names the later sell', () => {
    expect(refusal([{ ...buy, quantity: '5' }, split, sell])).toBe(
      'Selling 15 XYZ on 2024-03-01 would leave -5: only 10 are held then',
    );
  });
  it('deleting the split names the later sell', () => {
    expect(refusal([buy, sell])).toBe('Selling 15 XYZ on 2024-03-01 would leave -5: only 10 are held then');
  });
  it('quantities are formatted as the API formats them, without trailing zeros', () => {
    expect(
      refusal([
        { ...buy, quantity: '0.25' },
        { ...sell, quantity: '0.50' },
      ]),
    ).toBe('Selling 0.5 XYZ on 2024-03-01 would leave -0.25: only 0.25 are held then');
    expect(refusal([sell])).toBe('Selling 15 XYZ on 2024-03-01 would leave -15: only 0 are held then');
  });
});

describe('validateHistory: edits and deletes that make history negative', () => {
  const t = tradeBook();
  const buy = t.buy('E', '2024-01-01', '10', '100');
  const sell = t.sell('E', '2024-03-01', '8', '110');
  it('accepts the original history', () => {
    expect(validateHistory([buy, sell])).toBeNull();
  });
  it('refuses an edit of the buy down to 5 shares, naming the sell that breaks', () => {
    const violation = validateHistory([{ ...buy, quantity: '5' }, sell]);
    expect(violation).toMatchObject({ tradeId: sell.id, stockId: 'E', tradeDate: '2024-03-01' });
    expect(violation?.available.toFixed()).toBe('5');
  });
  it('refuses moving the buy after the sell', () => {
    expect(validateHistory([{ ...buy, tradeDate: '2024-04-01' }, sell])?.tradeId).toBe(sell.id);
  });
  it('refuses deleting the buy', () => {
    expect(validateHistory([sell])?.available.toFixed()).toBe('0');
  });
  it('stops at the first violation in history order', () => {
    const b = tradeBook();
    const later = b.sell('E', '2024-05-01', '50', '1');
    const earlier = b.sell('E', '2024-02-01', '50', '1');
    expect(validateHistory([buy, later, earlier])?.tradeId).toBe(earlier.id);
  });
});

describe('replay: several stocks and the cash flows', () => {
  const t = tradeBook();
  const trades = [
    t.buy('A', '2024-01-02', '10', '10', '1'),
    t.buy('B', '2024-01-02', '2', '50'),
    t.dividend('A', '2024-02-01', '3'),
    t.sell('B', '2024-03-01', '1', '60', '0.5'),
  ];
  it('keeps one holding per stock in order of first appearance', () => {
    const result = replay(trades, 'average');
    expect(result.ok && result.holdings.map((h) => h.stockId)).toEqual(['A', 'B']);
  });
  it('sums the cash of each day: buys and fees out, sells net of fees and dividends in', () => {
    const result = replay(trades, 'fifo', { cashFlows: true });
    if (!result.ok) throw new Error('unexpected');
    expect(result.cashFlows.map((f) => [f.date, f.amount.toFixed()])).toEqual([
      ['2024-01-02', '-201'],
      ['2024-02-01', '3'],
      ['2024-03-01', '59.5'],
    ]);
    expect(result.lastTradeDate).toBe('2024-03-01');
  });
  it('an empty history has no holdings', () => {
    expect(replay([], 'average')).toEqual({ ok: true, holdings: [], cashFlows: [], lastTradeDate: null });
  });
  it('a stored trade missing a field its type needs is a bug, not a violation', () => {
    expect(() =>
      replay([{ id: 'x', stockId: 'A', type: 'buy', price: '1', tradeDate: '2024-01-01' }], 'average'),
    ).toThrow(/has no quantity/);
  });
  it('accepts Decimal values as well as text', () => {
    const result = replay(
      [
        {
          id: 'x',
          stockId: 'A',
          type: 'buy',
          quantity: d('2.5'),
          price: d('4'),
          fee: d('0.1'),
          tradeDate: '2024-01-01',
        },
      ],
      'average',
    );
    expect(result.ok && result.holdings[0]?.costBasis.toFixed()).toBe('10.1');
  });
});
