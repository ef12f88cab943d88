import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/domain/decimal.js';
import { dayNumber } from '../../../src/domain/portfolio/dates.js';
import { replay } from '../../../src/domain/portfolio/holdings.js';
import {
  type BalanceRow,
  combineBalances,
  computePerformance,
  excessReturn,
  indexReturn,
  maxDrawdown,
  moneyWeightedReturn,
  mwrValuationDate,
  performanceSeries,
  timeWeightedReturn,
} from '../../../src/domain/portfolio/performance.js';
import { valueHoldings } from '../../../src/domain/portfolio/valuation.js';
import { type CashFlow, xirr } from '../../../src/domain/portfolio/xirr.js';
import { d, near, tradeBook } from './helpers.js';

/**
 * The balance rows of a worked example, as a spreadsheet would hold them. Day 3 has a deposit and a loss,
 * day 4 a withdrawal; the rows are given out of order on purpose.
 */
const BALANCES: BalanceRow[] = [
  { date: '2024-01-04', finalBalance: '15000', deposits: '5000', indexChange: '-2' },
  { date: '2024-01-02', finalBalance: '10100', deposits: '10000', indexChange: '1' },
  { date: '2024-01-03', finalBalance: '10302' },
  { date: '2024-01-05', finalBalance: '14000', withdrawals: '1000', indexChange: null },
  { date: '2024-01-08', finalBalance: '14700', deposits: '0', withdrawals: '0', indexChange: '3' },
];

describe('time-weighted return', () => {
  it('links the daily returns, with each day’s flows at its start', () => {
    // | date       | final | dep  | wd   | start = prev + dep − wd | return = final / start |
    // | 2024-01-02 | 10100 | 10000|      | 0 + 10000 = 10000        | 1.01                   |
    // | 2024-01-03 | 10302 |      |      | 10100                    | 1.02                   |
    // | 2024-01-04 | 15000 | 5000 |      | 15302                    | 15000/15302 (a loss)   |
    // | 2024-01-05 | 14000 |      | 1000 | 14000                    | 1                      |
    // | 2024-01-08 | 14700 |      |      | 14000                    | 1.05                   |
    const expected = d('1.01').times('1.02').times(d(15000).div(15302)).times(1).times('1.05').minus(1).times(100);
    const twr = timeWeightedReturn(BALANCES) as Decimal;
    expect(near(twr, expected, '1e-30')).toBe(true);
    // The same value computed independently (Python's decimal module, 50 digits):
    expect(near(twr, '6.0361390667886550777676120768526989935956', '1e-30')).toBe(true);
    expect(twr.toFixed(2)).toBe('6.04');
  });
  it('treats a first row without deposits as the base', () => {
    const rows = [
      { date: '2024-01-01', finalBalance: '1000' },
      { date: '2024-01-02', finalBalance: '900' },
    ];
    expect(timeWeightedReturn(rows)?.toFixed()).toBe('-10');
  });
  it('skips a day that starts with nothing invested', () => {
    const rows = [
      { date: '2024-01-01', finalBalance: '1000', deposits: '1000' },
      { date: '2024-01-02', finalBalance: '0', withdrawals: '1000' },
      { date: '2024-01-03', finalBalance: '550', deposits: '500' },
    ];
    expect(timeWeightedReturn(rows)?.toFixed()).toBe('10');
  });
  it('is null without a computable day', () => {
    expect(timeWeightedReturn([])).toBeNull();
    expect(timeWeightedReturn([{ date: '2024-01-01', finalBalance: '1000' }])).toBeNull();
  });
});

describe('maximum drawdown', () => {
  it('is the largest fall from a running peak, as a positive percent', () => {
    // finals 100, 120, 90 (−25 % from 120), 130, 65 (−50 % from 130), 70
    const rows = [100, 120, 90, 130, 65, 70].map((v, i) => ({
      date: `2024-01-${String(10 - i).padStart(2, '0')}`,
      finalBalance: String(v),
    }));
    // dated backwards: sorted by date the series is reversed → 70, 65, 130, 90, 120, 100 → fall 130 → 90 = 30.769…%
    expect(maxDrawdown(rows)?.toFixed(2)).toBe('30.77');
    const forwards = rows.map((r, i) => ({ ...r, date: `2024-02-${String(10 + i)}` }));
    expect(maxDrawdown(forwards)?.toFixed()).toBe('50');
  });
  it('is 0 for a series that never falls and null without rows', () => {
    expect(maxDrawdown([{ date: '2024-01-01', finalBalance: '5' }])?.toFixed()).toBe('0');
    expect(maxDrawdown([])).toBeNull();
  });
  it('covers the worked example: peak 15000, trough 14000', () => {
    expect(maxDrawdown(BALANCES)?.toFixed(4)).toBe('6.6667');
  });
});

describe('index return and excess return', () => {
  it('compounds the index changes, a missing change counting as 0', () => {
    // (1.01 × 1.03 × 0.98 × 1 − 1) × 100 = 1.9494
    expect(indexReturn(BALANCES)?.toFixed()).toBe('1.9494');
    expect(indexReturn([])).toBeNull();
  });
  it('is twr − index return in percentage points, null when either is', () => {
    expect(excessReturn(d('6.04'), d('1.9494'))?.toFixed()).toBe('4.0906');
    expect(excessReturn(null, d(1))).toBeNull();
    expect(excessReturn(d(1), null)).toBeNull();
  });
});

/** Spreadsheet-style net present value, evaluated in Decimal: Σ amount / (1 + r)^(days / 365). */
function xnpv(rate: Decimal, flows: CashFlow[]): Decimal {
  return discounted(rate, flows).reduce((total, term) => total.plus(term), new Decimal(0));
}
function discounted(rate: Decimal, flows: CashFlow[]): Decimal[] {
  const first = Math.min(...flows.map((f) => dayNumber(f.date)));
  return flows.map((f) => f.amount.div(rate.plus(1).pow(new Decimal(dayNumber(f.date) - first).div(365))));
}
const flows = (rows: [string, string][]): CashFlow[] => rows.map(([date, amount]) => ({ date, amount: d(amount) }));

describe('xirr', () => {
  it('matches the spreadsheet example (Excel XIRR documentation: 0.373362535)', () => {
    const example = flows([
      ['2008-01-01', '-10000'],
      ['2008-03-01', '2750'],
      ['2008-10-30', '4250'],
      ['2009-02-15', '3250'],
      ['2009-04-01', '2750'],
    ]);
    const rate = xirr(example) as Decimal;
    // Excel shows 0.373362535 (its own tolerance is 1e-8); Python decimal bisection: 0.37336253351883151
    expect(near(rate, '0.373362535', '1e-8')).toBe(true);
    expect(near(rate, '0.37336253351883151', '1e-12')).toBe(true);
    expect(near(xnpv(rate, example), '0', '1e-6')).toBe(true);
  });
  it('solves irregular flows with a loss', () => {
    // 1500 in, 1350 back: 0.11545… a year lost (Python decimal bisection: −0.1154508453876884924)
    const loss = flows([
      ['2023-01-01', '-1000'],
      ['2023-03-15', '-500'],
      ['2023-07-04', '200'],
      ['2023-12-31', '1150'],
    ]);
    const rate = xirr(loss) as Decimal;
    expect(near(rate, '-0.1154508453876884924', '1e-10')).toBe(true);
    expect(near(xnpv(rate, loss), '0', '1e-7')).toBe(true);
  });
  it('gives exactly 10 % for 1000 → 1100 over 365 days, in any order', () => {
    expect(
      xirr(
        flows([
          ['2023-01-01', '1100'],
          ['2022-01-01', '-1000'],
        ]),
      )?.toFixed(),
    ).toBe('0.1');
  });
  it('sums same-day flows and solves extreme short-term rates', () => {
    const rate = xirr(
      flows([
        ['2024-01-01', '-1000'],
        ['2024-01-01', '-0'],
        ['2024-01-02', '1100'],
      ]),
    ) as Decimal;
    // 1.1^365 − 1
    expect(near(rate.div(new Decimal('1.1').pow(365).minus(1)), '1', '1e-9')).toBe(true);
    // −36 % within 9 days: (1116.60 / 1752.26)^(365/9) − 1 = −0.99999998843…, close to −100 % yet exact
    const crash = flows([
      ['2015-01-01', '-1752.26'],
      ['2015-01-10', '1116.60'],
    ]);
    const loss = xirr(crash) as Decimal;
    expect(near(loss.plus(1), d('1116.60').div('1752.26').pow(new Decimal(365).div(9)), '1e-20')).toBe(true);
    // losing 99.9 % in a day is beyond any rate the search brackets (x = ln(1 + r) < −40)
    expect(
      xirr(
        flows([
          ['2024-01-01', '-1000'],
          ['2024-01-02', '1'],
        ]),
      ),
    ).toBeNull();
  });
  it('is null when there is nothing to solve', () => {
    expect(xirr([])).toBeNull();
    expect(
      xirr(
        flows([
          ['2024-01-01', '-5'],
          ['2024-02-01', '-5'],
        ]),
      ),
    ).toBeNull();
    expect(
      xirr(
        flows([
          ['2024-01-01', '-5'],
          ['2024-01-01', '6'],
        ]),
      ),
    ).toBeNull(); // all on one day
    // out, in, out again: −5 + 5(1+r)^(−31/365) − 5(1+r)^(−60/365) is below 0 for every r
    expect(
      xirr(
        flows([
          ['2024-01-01', '-5'],
          ['2024-02-01', '5'],
          ['2024-03-01', '-5'],
        ]),
      ),
    ).toBeNull();
    const alternating = flows([
      ['2024-01-01', '-100'],
      ['2024-02-01', '50'],
      ['2024-03-01', '-10'],
      ['2024-12-31', '70'],
    ]);
    const rate = xirr(alternating) as Decimal;
    expect(near(xnpv(rate, alternating), '0', '1e-10')).toBe(true);
  });
  it('always returns a root when it returns something (random irregular flows)', () => {
    const flow = fc.record({
      day: fc.integer({ min: 0, max: 3000 }),
      cents: fc.integer({ min: -1_000_000, max: 1_000_000 }),
    });
    fc.assert(
      fc.property(fc.array(flow, { minLength: 2, maxLength: 8 }), (raw) => {
        const cash = raw.map((f) => ({
          date: new Date(Date.UTC(2015, 0, 1) + f.day * 86_400_000).toISOString().slice(0, 10),
          amount: new Decimal(f.cents).div(100),
        }));
        const rate = xirr(cash);
        if (rate === null) return;
        // the value at the rate is zero relative to the size of the discounted amounts
        const terms = discounted(rate, cash);
        const size = terms.reduce((total, term) => total.plus(term.abs()), new Decimal(0));
        expect(xnpv(rate, cash).abs().lte(size.times('1e-9'))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe('money-weighted return from trades', () => {
  // buy 10 @ 100 + 5 on 2023-01-02 (−1005), dividend 20 on 2023-07-03, buy 5 @ 110 on 2023-09-01 (−550),
  // 15 shares worth 106 each on 2024-01-02 (+1590). Python decimal bisection: 0.046703908024181984825…
  const t = tradeBook();
  const trades = [
    t.buy('M', '2023-01-02', '10', '100', '5'),
    t.dividend('M', '2023-07-03', '20'),
    t.buy('M', '2023-09-01', '5', '110'),
  ];
  const result = replay(trades, 'average', { cashFlows: true });
  if (!result.ok) throw new Error('unexpected');
  const valued = valueHoldings(result.holdings, new Map([['M', { price: '106', date: '2024-01-02' }]]));

  it('is the XIRR of the trade flows plus the market value on the valuation date', () => {
    const valuationDate = mwrValuationDate(valued.items, result.lastTradeDate);
    expect(valuationDate).toBe('2024-01-02');
    const mwr = moneyWeightedReturn(result.cashFlows, {
      date: valuationDate as string,
      value: valued.totals.marketValue,
    });
    expect(near(mwr as Decimal, '4.6703908024181984825', '1e-8')).toBe(true);
  });
  it('computePerformance puts the block together', () => {
    const performance = computePerformance({
      balances: BALANCES,
      cashFlows: result.cashFlows,
      marketValue: valued.totals.marketValue,
      valuationDate: mwrValuationDate(valued.items, result.lastTradeDate),
    });
    expect(performance.mwr?.toFixed(2)).toBe('4.67');
    expect(performance.twr?.toFixed(2)).toBe('6.04');
    expect(performance.maxDrawdown?.toFixed(2)).toBe('6.67');
    expect(performance.indexReturn?.toFixed(2)).toBe('1.95');
    expect(performance.excessReturn?.toFixed(2)).toBe('4.09');
  });
  it('without prices the valuation date is the latest trade date; without trades there is no mwr', () => {
    expect(mwrValuationDate([{ priceDate: null }], '2023-09-01')).toBe('2023-09-01');
    expect(mwrValuationDate([], null)).toBeNull();
    const empty = computePerformance({ balances: [], cashFlows: [], marketValue: d(0), valuationDate: null });
    expect(empty).toEqual({ twr: null, mwr: null, maxDrawdown: null, indexReturn: null, excessReturn: null });
  });
});

describe('combineBalances (household)', () => {
  it('sums the latest balance of each portfolio per date and the flows of that date', () => {
    const combined = combineBalances([
      [
        { date: '2024-01-01', finalBalance: '100', deposits: '100', indexChange: '1' },
        { date: '2024-01-03', finalBalance: '120' },
      ],
      [
        { date: '2024-01-02', finalBalance: '50', deposits: '50', indexChange: '2' },
        { date: '2024-01-03', finalBalance: '45', withdrawals: '10', indexChange: '-1' },
      ],
    ]);
    expect(
      combined.map((r) => [
        r.date,
        String(r.finalBalance),
        String(r.deposits),
        String(r.withdrawals),
        r.indexChange?.toString() ?? null,
      ]),
    ).toEqual([
      ['2024-01-01', '100', '100', '0', '1'],
      ['2024-01-02', '150', '50', '0', '2'],
      ['2024-01-03', '165', '0', '10', '-1'],
    ]);
  });
});

describe('performanceSeries (the portfolio against the index, row by row)', () => {
  const row = fc.record({
    day: fc.integer({ min: 1, max: 28 }),
    final: fc.integer({ min: 0, max: 10_000_000 }),
    deposits: fc.integer({ min: 0, max: 1_000_000 }),
    withdrawals: fc.integer({ min: 0, max: 1_000_000 }),
    change: fc.option(fc.integer({ min: -10_000, max: 10_000 })),
  });
  const rows = fc.uniqueArray(row, { selector: (r) => r.day, maxLength: 12 }).map((raw) =>
    raw.map<BalanceRow>((r) => ({
      date: `2024-03-${String(r.day).padStart(2, '0')}`,
      finalBalance: new Decimal(r.final).div(100),
      deposits: new Decimal(r.deposits).div(100),
      withdrawals: new Decimal(r.withdrawals).div(100),
      indexChange: r.change === null ? null : new Decimal(r.change).div(100),
    })),
  );

  it('ends where the whole history does: its last point is the twr and the index return', () => {
    fc.assert(
      fc.property(rows, (balances) => {
        const series = performanceSeries(balances);
        expect(series.map((p) => p.date)).toEqual(balances.map((b) => b.date).sort());
        const last = series.at(-1);
        if (last === undefined) return;
        expect(last.twr?.toString() ?? null).toBe(timeWeightedReturn(balances)?.toString() ?? null);
        expect(last.indexReturn.toString()).toBe(indexReturn(balances)?.toString());
      }),
    );
  });

  it('every point is the return of the history up to it', () => {
    fc.assert(
      fc.property(rows, (balances) => {
        const sorted = [...balances].sort((a, b) => (a.date < b.date ? -1 : 1));
        performanceSeries(balances).forEach((point, i) => {
          const upTo = sorted.slice(0, i + 1);
          expect(point.twr?.toString() ?? null).toBe(timeWeightedReturn(upTo)?.toString() ?? null);
          expect(point.indexReturn.toString()).toBe(indexReturn(upTo)?.toString());
        });
      }),
    );
  });

  it('compounds by hand: +10 % then -5 % is 4.5 %', () => {
    const series = performanceSeries([
      { date: '2024-01-02', finalBalance: '1100', deposits: '1000', indexChange: '2' },
      { date: '2024-01-03', finalBalance: '1045', indexChange: '-1' },
    ]);
    expect(series.map((p) => [p.date, p.twr?.toString(), p.indexReturn.toString()])).toEqual([
      ['2024-01-02', '10', '2'],
      ['2024-01-03', '4.5', '0.98'],
    ]);
  });
});
