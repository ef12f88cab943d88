import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/domain/decimal.js';
import { type Holding, replay, sellRefusal, validateHistory } from '../../../src/domain/portfolio/holdings.js';
import type { TradeRecord } from '../../../src/domain/portfolio/trades.js';

/**
 * Random valid histories. Operations are generated in history order and given valid quantities by a simple
 * model (sells take a fraction of what is held), then the input is shuffled: the replay has to restore the
 * order from the dates and creation sequence.
 */
const STOCKS = ['A', 'B', 'C'];
/** Ratios whose factors have a finite decimal expansion, so the model's Decimal arithmetic stays exact. */
const RATIOS: [string, number, number][] = [
  ['2:1', 2, 1],
  ['3:1', 3, 1],
  ['4:1', 4, 1],
  ['3:2', 3, 2],
  ['1:2', 1, 2],
  ['1:4', 1, 4],
  ['1:10', 1, 10],
];

type Op =
  | { kind: 'buy'; stock: number; quantity: number; price: number; fee: number; day: number }
  | { kind: 'sell'; stock: number; percent: number; price: number; fee: number; day: number }
  | { kind: 'dividend'; stock: number; amount: number; day: number }
  | { kind: 'split'; stock: number; ratio: number; day: number };

const stock = fc.integer({ min: 0, max: STOCKS.length - 1 });
const day = fc.integer({ min: 0, max: 3 }); // days since the previous operation (0 = same day)
const cents = (max: number) => fc.integer({ min: 0, max });
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('buy' as const),
      stock,
      quantity: fc.integer({ min: 1, max: 100_000 }),
      price: cents(100_000),
      fee: cents(1_000),
      day,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('sell' as const),
      stock,
      percent: fc.integer({ min: 1, max: 100 }),
      price: cents(100_000),
      fee: cents(1_000),
      day,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('dividend' as const),
      stock,
      amount: fc.integer({ min: 1, max: 10_000 }),
      day,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('split' as const),
      stock,
      ratio: fc.integer({ min: 0, max: RATIOS.length - 1 }),
      day,
    }),
  },
);

interface History {
  /** In history order. */
  trades: TradeRecord[];
  /** Model quantities per stock: buys − sells, splits applied. */
  quantities: Map<string, Decimal>;
  bought: Map<string, Decimal>;
}

const hundredth = (n: number) => new Decimal(n).div(100);

function buildHistory(ops: Op[], liquidate: boolean): History {
  const quantities = new Map<string, Decimal>(STOCKS.map((s) => [s, new Decimal(0)]));
  const bought = new Map<string, Decimal>(STOCKS.map((s) => [s, new Decimal(0)]));
  const trades: TradeRecord[] = [];
  let date = Date.UTC(2020, 0, 1);
  const push = (t: Omit<TradeRecord, 'id' | 'seq' | 'tradeDate'>) => {
    const seq = trades.length + 1;
    trades.push({ ...t, id: `t${seq}`, seq, tradeDate: new Date(date).toISOString().slice(0, 10) } as TradeRecord);
  };
  for (const o of ops) {
    date += o.day * 86_400_000;
    const stockId = STOCKS[o.stock] as string;
    const held = quantities.get(stockId) as Decimal;
    if (o.kind === 'buy') {
      const quantity = new Decimal(o.quantity).div(1000); // up to 3 decimals
      quantities.set(stockId, held.plus(quantity));
      bought.set(stockId, (bought.get(stockId) as Decimal).plus(quantity));
      push({
        stockId,
        type: 'buy',
        quantity: quantity.toFixed(),
        price: hundredth(o.price).toFixed(),
        fee: hundredth(o.fee).toFixed(),
      });
    } else if (o.kind === 'sell') {
      const quantity = held.times(o.percent).div(100).toDecimalPlaces(6, Decimal.ROUND_DOWN);
      if (quantity.isZero()) continue;
      quantities.set(stockId, held.minus(quantity));
      push({
        stockId,
        type: 'sell',
        quantity: quantity.toFixed(),
        price: hundredth(o.price).toFixed(),
        fee: hundredth(o.fee).toFixed(),
      });
    } else if (o.kind === 'dividend') {
      push({ stockId, type: 'dividend', amount: hundredth(o.amount).toFixed() });
    } else {
      const [ratio, numerator, denominator] = RATIOS[o.ratio] as [string, number, number];
      if (!held.isZero()) quantities.set(stockId, held.times(numerator).div(denominator));
      push({ stockId, type: 'split', ratio });
    }
  }
  if (liquidate) {
    date += 86_400_000;
    for (const stockId of STOCKS) {
      const held = quantities.get(stockId) as Decimal;
      if (held.isZero()) continue;
      quantities.set(stockId, new Decimal(0));
      push({ stockId, type: 'sell', quantity: held.toFixed(), price: '12.34', fee: '1' });
    }
  }
  return { trades, quantities, bought };
}

const histories = (liquidate: boolean) =>
  fc.tuple(fc.array(op, { minLength: 1, maxLength: 40 }), fc.array(fc.nat(), { maxLength: 40 })).map(([ops, swaps]) => {
    const history = buildHistory(ops, liquidate);
    // Shuffle the input (deterministically from the generated swaps).
    const shuffled = history.trades.slice();
    swaps.forEach((s, i) => {
      const a = i % shuffled.length;
      const b = s % shuffled.length;
      [shuffled[a], shuffled[b]] = [shuffled[b] as TradeRecord, shuffled[a] as TradeRecord];
    });
    return { ...history, shuffled };
  });

function holdings(trades: TradeRecord[], method: 'average' | 'fifo', lots = false): Map<string, Holding> {
  const result = replay(trades, method, { lots });
  if (!result.ok) throw new Error(sellRefusal(result.violation, result.violation.stockId));
  return new Map(result.holdings.map((h) => [h.stockId, h]));
}

const TOLERANCE = '1e-12';

describe('replay properties', () => {
  it('quantity = buys − sells, adjusted by splits, whatever the input order (both methods)', () => {
    fc.assert(
      fc.property(histories(false), ({ shuffled, quantities }) => {
        for (const method of ['average', 'fifo'] as const) {
          const result = holdings(shuffled, method);
          for (const [stockId, expected] of quantities) {
            const actual = result.get(stockId)?.quantity ?? new Decimal(0);
            expect(actual.toFixed()).toBe(expected.toFixed());
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('average and FIFO agree on quantity and on realized + unrealized P&L at any price', () => {
    fc.assert(
      fc.property(histories(false), fc.integer({ min: 0, max: 100_000 }), ({ shuffled }, priceCents) => {
        const price = hundredth(priceCents);
        const average = holdings(shuffled, 'average');
        const fifo = holdings(shuffled, 'fifo');
        for (const [stockId, a] of average) {
          const f = fifo.get(stockId) as Holding;
          expect(a.quantity.eq(f.quantity)).toBe(true);
          // realized + (market value − cost basis); the market value is the same for both
          const totalA = a.realizedPnl.minus(a.costBasis).plus(a.quantity.times(price));
          const totalF = f.realizedPnl.minus(f.costBasis).plus(f.quantity.times(price));
          expect(totalA.minus(totalF).abs().lte(TOLERANCE)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('once every lot is sold, average and FIFO report the same realized P&L and nothing left', () => {
    fc.assert(
      fc.property(histories(true), ({ shuffled }) => {
        const average = holdings(shuffled, 'average');
        const fifo = holdings(shuffled, 'fifo', true);
        for (const [stockId, a] of average) {
          const f = fifo.get(stockId) as Holding;
          expect(a.quantity.isZero() && f.quantity.isZero()).toBe(true);
          expect(a.costBasis.isZero() && f.costBasis.isZero()).toBe(true);
          expect(f.lots).toEqual([]);
          expect(a.realizedPnl.minus(f.realizedPnl).abs().lte(TOLERANCE)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('nothing is ever negative, and FIFO lots always add up to the holding', () => {
    fc.assert(
      fc.property(histories(false), ({ trades }) => {
        // Every prefix of the history is a moment of it.
        for (let end = 1; end <= trades.length; end++) {
          const prefix = trades.slice(0, end);
          for (const h of holdings(prefix, 'average').values()) {
            expect(h.quantity.isNegative() || h.costBasis.isNegative() || h.dividends.isNegative()).toBe(false);
          }
          for (const h of holdings(prefix, 'fifo', true).values()) {
            expect(h.quantity.isNegative() || h.costBasis.isNegative()).toBe(false);
            const lots = h.lots ?? [];
            for (const lot of lots) expect(lot.quantity.gt(0) && !lot.costBasis.isNegative()).toBe(true);
            expect(lots.reduce((s, l) => s.plus(l.quantity), new Decimal(0)).eq(h.quantity)).toBe(true);
            expect(lots.reduce((s, l) => s.plus(l.costBasis), new Decimal(0)).eq(h.costBasis)).toBe(true);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('selling more than was ever bought is always refused', () => {
    fc.assert(
      fc.property(histories(false), stock, ({ shuffled, bought }, s) => {
        const stockId = STOCKS[s] as string;
        // Larger than anything the splits in these histories (at most 4^40) could make of the purchases.
        const tooMany = (bought.get(stockId) as Decimal).plus(1).times(new Decimal(4).pow(41));
        const sell: TradeRecord = {
          id: 'x',
          stockId,
          type: 'sell',
          quantity: tooMany.toFixed(),
          price: '1',
          tradeDate: '2030-01-01',
        };
        expect(validateHistory([...shuffled, sell])?.tradeId).toBe('x');
        expect(validateHistory(shuffled)).toBeNull();
      }),
      { numRuns: 100 },
    );
  });
});
