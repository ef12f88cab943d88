import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CurrencyConverter, createRateBook, type FxRate } from '../../../src/domain/currency/rates.js';
import { Decimal } from '../../../src/domain/decimal.js';
import { type Holding, replay } from '../../../src/domain/portfolio/holdings.js';
import {
  computeReportedAnalytics,
  convertTrades,
  type ReportedHolding,
  reportHolding,
  reportHoldings,
  UNKNOWN_CONCENTRATION_REASON,
} from '../../../src/domain/portfolio/reporting.js';
import type { TradeRecord } from '../../../src/domain/portfolio/trades.js';
import { valueHoldings } from '../../../src/domain/portfolio/valuation.js';
import { formatAnalytics, formatHoldings } from '../../../src/domain/portfolio/wire.js';
import { reportSameCurrency, tradeBook } from '../portfolio/helpers.js';

/** Reports one USD stock's trades in a EUR portfolio, as the service does (rates given as EUR/USD). */
function reportInEuros(trades: TradeRecord[], rates: FxRate[], quote: { price: string; date: string } | undefined) {
  const converter = new CurrencyConverter(createRateBook(rates, 'EUR'), 'EUR');
  const native = replay(trades, 'average');
  if (!native.ok) throw new Error('invalid history');
  const convertedTrades = convertTrades(trades, 'USD', converter);
  const converted = convertedTrades === null ? null : replay(convertedTrades, 'average');
  if (converted !== null && !converted.ok) throw new Error('invalid history');
  const held = native.holdings[0] as Holding;
  const reported = reportHoldings('EUR', [
    reportHolding({ native: held, nativeCurrency: 'USD', quote, converted: converted?.holdings[0] ?? null }, converter),
  ]);
  return { reported, converter, wire: formatHoldings(reported, () => 'AAPL', converter.missing()) };
}

describe('a EUR portfolio holding a USD stock (hand-computed)', () => {
  const t = tradeBook();
  // EUR/USD: 1.10 on the buy, 1.08 on the sell, 1.05 on the valuation date.
  const rates: FxRate[] = [
    { base: 'EUR', quote: 'USD', date: '2026-01-05', rate: '1.10' },
    { base: 'EUR', quote: 'USD', date: '2026-02-02', rate: '1.08' },
    { base: 'EUR', quote: 'USD', date: '2026-03-06', rate: '1.05' }, // a Friday
  ];
  const trades = [t.buy('A', '2026-01-05', '10', '100', '10'), t.sell('A', '2026-02-02', '4', '120', '5')];

  it('converts cost at the trades’ rates, value at the valuation rate, and splits the P&L', () => {
    // price on Saturday 2026-03-07: Friday's rate 1.05 applies
    const { wire } = reportInEuros(trades, rates, { price: '130', date: '2026-03-07' });
    // cost 1010 USD / 1.10 = 918.1818… EUR; the sell takes 4/10 of it: 367.2727…, leaving 550.9090… EUR.
    // proceeds (480 − 5) / 1.08 = 439.8148… EUR → realized 439.8148… − 367.2727… = 72.5420…
    // value 6 × 130 = 780 USD / 1.05 = 742.8571… EUR → unrealized 191.9480…
    // price effect (780 − 606) / 1.05 = 165.7142…; currency effect 606 / 1.05 − 550.9090… = 26.2337…,
    // answered as 191.95 − 165.71 = 26.24 so that the two add up to the unrealized P&L exactly.
    expect(wire.items[0]).toEqual({
      stock_id: 'A',
      symbol: 'AAPL',
      quantity: '6',
      average_cost: '91.818182',
      cost_basis: '550.91',
      realized_pnl: '72.54',
      dividends: '0.00',
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
      native_dividends: '0.00',
      native_current_price: '130',
      native_market_value: '780.00',
      native_unrealized_pnl: '174.00',
      fx_rate: '0.9523809524',
      price_effect: '165.71',
      currency_effect: '26.24',
    });
    expect(wire.totals).toEqual({
      cost_basis: '550.91',
      market_value: '742.86',
      realized_pnl: '72.54',
      unrealized_pnl: '191.95',
      dividends: '0.00',
      price_effect: '165.71',
      currency_effect: '26.24',
    });
    expect(wire.fx_missing).toEqual([]);
  });

  it('a missing valuation rate leaves the value side null and names the rate; the cost side stays', () => {
    const { wire } = reportInEuros(trades, rates, { price: '130', date: '2026-03-20' });
    expect(wire.items[0]).toMatchObject({
      cost_basis: '550.91',
      realized_pnl: '72.54',
      current_price: null,
      market_value: null,
      unrealized_pnl: null,
      weight: null,
      fx_rate: null,
      price_effect: null,
      currency_effect: null,
      native_market_value: '780.00',
    });
    expect(wire.totals).toMatchObject({ cost_basis: '550.91', market_value: null, unrealized_pnl: null });
    expect(wire.fx_missing).toEqual([{ base: 'USD', quote: 'EUR', date: '2026-03-20' }]);
  });

  it('a missing trade rate leaves the cost side null, never converted at 1; the value side stays', () => {
    const { wire } = reportInEuros(trades, rates.slice(1), { price: '130', date: '2026-03-07' });
    expect(wire.items[0]).toMatchObject({
      cost_basis: null,
      realized_pnl: null,
      average_cost: null,
      unrealized_pnl: null,
      price_effect: null,
      currency_effect: null,
      current_price: '123.809524',
      market_value: '742.86',
      weight: '100.00',
    });
    expect(wire.totals).toMatchObject({
      cost_basis: null,
      market_value: '742.86',
      realized_pnl: null,
      unrealized_pnl: null,
    });
    expect(wire.fx_missing).toEqual([{ base: 'USD', quote: 'EUR', date: '2026-01-05' }]);
  });
});

describe('what a missing rate does not touch', () => {
  it('a holding sold out needs no valuation rate: an old last price without a rate nulls nothing', () => {
    const t = tradeBook();
    const sold = [t.buy('A', '2026-01-05', '10', '100'), t.sell('A', '2026-02-02', '10', '110')];
    const rates: FxRate[] = [
      { base: 'EUR', quote: 'USD', date: '2026-01-05', rate: '1.25' },
      { base: 'EUR', quote: 'USD', date: '2026-02-02', rate: '1.10' },
    ];
    const { wire } = reportInEuros(sold, rates, { price: '90', date: '2026-06-30' });
    // 1000 USD / 1.25 = 800 EUR; 1100 USD / 1.10 = 1000 EUR → realized 200 EUR
    expect(wire.items[0]).toMatchObject({ quantity: '0', realized_pnl: '200.00', weight: '0.00' });
    expect(wire.totals).toMatchObject({ market_value: '0.00', realized_pnl: '200.00', unrealized_pnl: '0.00' });
    expect(wire.fx_missing).toEqual([]);
  });

  it('a round trip at one price in dollars still shows the gain it made in euros', () => {
    const t = tradeBook();
    const trip = [t.buy('A', '2026-01-05', '10', '100'), t.sell('A', '2026-02-02', '10', '100')];
    const rates: FxRate[] = [
      { base: 'EUR', quote: 'USD', date: '2026-01-05', rate: '1.25' },
      { base: 'EUR', quote: 'USD', date: '2026-02-02', rate: '1.00' },
    ];
    const { wire } = reportInEuros(trip, rates, undefined);
    // bought for 800 EUR, sold for 1000 EUR: native realized 0, in euros 200
    expect(wire.items).toHaveLength(1);
    expect(wire.items[0]).toMatchObject({ native_realized_pnl: '0.00', realized_pnl: '200.00' });
    expect(wire.totals.realized_pnl).toBe('200.00');
  });
});

describe('analytics with a rate missing', () => {
  const t = tradeBook();
  const trades = [t.buy('A', '2026-01-05', '10', '100')];
  const stocks = new Map([['A', { symbol: 'AAPL', sector: 'Information Technology', industryGroup: null }]]);
  const performance = { twr: null, mwr: null, maxDrawdown: null, indexReturn: null, excessReturn: null };

  it('only a trade-date rate missing: value and allocation known, cost and P&L unknown', () => {
    const rates: FxRate[] = [{ base: 'EUR', quote: 'USD', date: '2026-03-06', rate: '1.25' }];
    const { reported } = reportInEuros(trades, rates, { price: '125', date: '2026-03-06' });
    const wire = formatAnalytics(computeReportedAnalytics({ holdings: reported.items, stocks, performance }), 'EUR');
    // 10 × 125 USD / 1.25 = 1000 EUR
    expect(wire).toMatchObject({ value: '1000.00', cost: null, unrealized_pnl: null, realized_pnl: null });
    expect(wire.allocation.by_stock).toEqual([{ name: 'AAPL', value: '1000.00', percentage: '100.00', stock_id: 'A' }]);
    expect(wire.overweight).toEqual([{ stock_id: 'A', symbol: 'AAPL', percentage: '100.00' }]);
  });

  it('the valuation rate missing: no value, no percentages, and the risk says why', () => {
    const rates: FxRate[] = [{ base: 'EUR', quote: 'USD', date: '2026-01-05', rate: '1.25' }];
    const { reported } = reportInEuros(trades, rates, { price: '125', date: '2026-03-06' });
    const wire = formatAnalytics(computeReportedAnalytics({ holdings: reported.items, stocks, performance }), 'EUR');
    expect(wire).toMatchObject({ value: null, cost: '800.00', unrealized_pnl: null, well_diversified: false });
    expect(wire.allocation.by_sector).toEqual([{ name: 'Information Technology', value: null, percentage: null }]);
    expect(wire.overweight).toEqual([]);
    expect(wire.risk.reasons).toContain(UNKNOWN_CONCENTRATION_REASON);
  });
});

describe('a GBP portfolio holding a GBp stock', () => {
  it('pence convert to pounds by their factor, without any rate', () => {
    const t = tradeBook();
    const trades = [t.buy('L', '2026-01-05', '100', '1250', '500')];
    const converter = new CurrencyConverter(createRateBook([], 'GBP'), 'GBP');
    const native = replay(trades, 'average');
    const converted = replay(convertTrades(trades, 'GBp', converter) as TradeRecord[], 'average');
    if (!native.ok || !converted.ok) throw new Error('invalid');
    const reported = reportHoldings('GBP', [
      reportHolding(
        {
          native: native.holdings[0] as Holding,
          nativeCurrency: 'GBp',
          quote: { price: '1300', date: '2026-02-02' },
          converted: converted.holdings[0] as Holding,
        },
        converter,
      ),
    ]);
    // 100 × 1250 + 500 = 125,500 GBp = 1,255.00 GBP; value 130,000 GBp = 1,300.00 GBP
    expect(formatHoldings(reported, () => 'VOD.L', []).items[0]).toMatchObject({
      cost_basis: '1255.00',
      average_cost: '12.55',
      current_price: '13',
      market_value: '1300.00',
      unrealized_pnl: '45.00',
      native_currency: 'GBp',
      native_cost_basis: '125500.00',
      native_market_value: '130000.00',
      fx_rate: '0.01',
      price_effect: '45.00',
      currency_effect: '0.00',
    });
  });
});

/** A random valid history of one stock: buys, sells of at most what is held, dividends, on days of January 2026. */
const history = fc
  .array(
    fc.record({
      kind: fc.constantFrom('buy', 'buy', 'sell', 'dividend'),
      day: fc.integer({ min: 1, max: 28 }),
      quantity: fc.integer({ min: 1, max: 500 }),
      price: fc.integer({ min: 1, max: 100_000 }).map((c) => (c / 100).toFixed(2)),
      fee: fc.integer({ min: 0, max: 999 }).map((c) => (c / 100).toFixed(2)),
    }),
    { minLength: 1, maxLength: 25 },
  )
  .map((ops) => {
    const t = tradeBook();
    let held = 0;
    const trades: TradeRecord[] = [];
    for (const op of ops.sort((a, b) => a.day - b.day)) {
      const date = `2026-01-${String(op.day).padStart(2, '0')}`;
      if (op.kind === 'buy') {
        trades.push(t.buy('A', date, String(op.quantity), op.price, op.fee));
        held += op.quantity;
      } else if (op.kind === 'sell' && held > 0) {
        const quantity = Math.min(held, op.quantity);
        trades.push(t.sell('A', date, String(quantity), op.price, op.fee));
        held -= quantity;
      } else if (op.kind === 'dividend') trades.push(t.dividend('A', date, op.price));
    }
    return trades.length > 0 ? trades : [t.buy('A', '2026-01-02', '1', '1')];
  });
const dailyRates = fc.array(
  fc.integer({ min: 5_000, max: 20_000 }).map((r) => (r / 10_000).toFixed(4)),
  {
    minLength: 31,
    maxLength: 31,
  },
);

/** The same EUR/USD rate on every day of January 2026. */
const everyDay = (rate: string): FxRate[] =>
  Array.from({ length: 31 }, (_, i) => ({
    base: 'EUR',
    quote: 'USD',
    date: `2026-01-${String(i + 1).padStart(2, '0')}`,
    rate,
  }));

describe('properties of reporting', () => {
  it('price effect + currency effect = unrealized P&L, exactly on the wire and within 1e-20 before rounding', () => {
    fc.assert(
      fc.property(history, dailyRates, fc.integer({ min: 1, max: 500_000 }), (trades, rateList, cents) => {
        const rates = rateList.map((rate, i) => ({
          base: 'EUR',
          quote: 'USD',
          date: `2026-01-${String(i + 1).padStart(2, '0')}`,
          rate,
        }));
        const { reported, wire } = reportInEuros(trades, rates, {
          price: (cents / 100).toFixed(2),
          date: '2026-01-31',
        });
        const item = reported.items[0] as ReportedHolding | undefined;
        if (item === undefined) return; // sold out without realized P&L or dividends: not listed
        const view = item.view;
        if (view?.unrealizedPnl === null || view === null) return;
        const sum = (item.priceEffect as Decimal).plus(item.currencyEffect as Decimal);
        expect(sum.minus(view.unrealizedPnl).abs().lt('1e-20')).toBe(true);
        const w = wire.items[0];
        expect(new Decimal(w?.price_effect as string).plus(w?.currency_effect as string).toFixed(2)).toBe(
          w?.unrealized_pnl,
        );
        const totals = wire.totals;
        expect(new Decimal(totals.price_effect as string).plus(totals.currency_effect as string).toFixed(2)).toBe(
          totals.unrealized_pnl,
        );
      }),
    );
  });

  it('holdings in the reporting currency are reported exactly as before currencies existed', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 1, max: 500_000 }), (trades, cents) => {
        const result = replay(trades, 'average');
        if (!result.ok) throw new Error('invalid');
        const quotes = new Map([['A', { price: (cents / 100).toFixed(2), date: '2026-01-31' }]]);
        const before = valueHoldings(result.holdings, quotes);
        const now = reportSameCurrency(result.holdings, quotes);
        const withoutWeight = (v: object | null) => ({ ...v, weight: undefined });
        expect(now.items.map((i) => withoutWeight(i.view))).toEqual(before.items.map(withoutWeight));
        expect(now.items.map((i) => i.weight?.toFixed())).toEqual(before.items.map((i) => i.weight.toFixed()));
        expect(now.totals).toMatchObject({
          costBasis: before.totals.costBasis,
          marketValue: before.totals.marketValue,
          realizedPnl: before.totals.realizedPnl,
          unrealizedPnl: before.totals.unrealizedPnl,
          dividends: before.totals.dividends,
          positionCount: before.totals.positionCount,
          priceEffect: before.totals.unrealizedPnl,
        });
      }),
    );
  });

  it('converting at a constant rate and back gives the native amounts again within rounding', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 5_000, max: 20_000 }), (trades, r) => {
        const rate = (r / 10_000).toFixed(4);
        const there = new CurrencyConverter(createRateBook(everyDay(rate), 'EUR'), 'EUR');
        const toEuros = convertTrades(trades, 'USD', there) as TradeRecord[];
        const back = new CurrencyConverter(createRateBook(everyDay(rate), 'USD'), 'USD');
        const again = convertTrades(toEuros, 'EUR', back) as TradeRecord[];
        const a = replay(trades, 'average');
        const b = replay(again, 'average');
        if (!a.ok || !b.ok) throw new Error('invalid');
        expect(b.holdings.map((h) => h.costBasis.toFixed(2))).toEqual(a.holdings.map((h) => h.costBasis.toFixed(2)));
        expect(b.holdings.map((h) => h.realizedPnl.toFixed(2))).toEqual(
          a.holdings.map((h) => h.realizedPnl.toFixed(2)),
        );
      }),
    );
  });
});
