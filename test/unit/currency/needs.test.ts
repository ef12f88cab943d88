import { describe, expect, it } from 'vitest';
import { neededPairs, rateFetchStart } from '../../../src/domain/currency/needs.js';

const traded = (stockCurrency: string, portfolioCurrency: string, firstTradeDate = '2024-01-02') => ({
  stockCurrency,
  portfolioCurrency,
  firstTradeDate,
});

describe('the exchange rates a household needs', () => {
  it('needs nothing when every stock trades in its portfolio’s currency, which is the base', () => {
    expect(neededPairs('USD', [traded('USD', 'USD'), traded('USD', 'USD', '2020-05-05')])).toEqual([]);
    expect(neededPairs('USD', [])).toEqual([]);
  });

  it('needs stock → portfolio, stock → base and portfolio → base, each when the two differ', () => {
    expect(neededPairs('GBP', [traded('USD', 'EUR', '2024-03-01')])).toEqual([
      { base: 'EUR', quote: 'GBP', since: '2024-03-01' },
      { base: 'USD', quote: 'EUR', since: '2024-03-01' },
      { base: 'USD', quote: 'GBP', since: '2024-03-01' },
    ]);
    // A stock in its portfolio's currency still reports in the base.
    expect(neededPairs('EUR', [traded('USD', 'USD')])).toEqual([{ base: 'USD', quote: 'EUR', since: '2024-01-02' }]);
    // A stock in the base currency held in a foreign portfolio needs USD → EUR and EUR → USD: one pair.
    expect(neededPairs('USD', [traded('USD', 'EUR')])).toEqual([{ base: 'EUR', quote: 'USD', since: '2024-01-02' }]);
  });

  it('takes a minor unit as its major currency: pence in a pound portfolio need nothing', () => {
    expect(neededPairs('GBP', [traded('GBp', 'GBP')])).toEqual([]);
    expect(neededPairs('USD', [traded('GBp', 'GBP')])).toEqual([{ base: 'GBP', quote: 'USD', since: '2024-01-02' }]);
    expect(neededPairs('EUR', [traded('ZAc', 'USD', '2023-07-07')])).toEqual([
      { base: 'USD', quote: 'EUR', since: '2023-07-07' },
      { base: 'ZAR', quote: 'EUR', since: '2023-07-07' },
      { base: 'ZAR', quote: 'USD', since: '2023-07-07' },
    ]);
  });

  it('needs a pair kept for both orientations from the earlier of their dates', () => {
    expect(neededPairs('GBP', [traded('USD', 'EUR', '2021-01-04'), traded('EUR', 'USD', '2023-02-02')])).toEqual([
      // USD → EUR from 2021 and EUR → USD from 2023: EUR/USD from 2021.
      { base: 'EUR', quote: 'GBP', since: '2021-01-04' },
      { base: 'EUR', quote: 'USD', since: '2021-01-04' },
      { base: 'USD', quote: 'GBP', since: '2021-01-04' },
    ]);
  });

  it('needs each pair from the earliest trade that converts through it', () => {
    const pairs = neededPairs('USD', [
      traded('EUR', 'EUR', '2022-06-01'),
      traded('USD', 'EUR', '2021-01-04'),
      traded('EUR', 'USD', '2023-02-02'),
      traded('CHF', 'USD', '2024-09-09'),
    ]);
    expect(pairs).toEqual([
      { base: 'CHF', quote: 'USD', since: '2024-09-09' },
      // EUR → USD (the EUR portfolios into the base, the EUR stock in the USD portfolio) and USD → EUR (the USD
      // stock in the EUR portfolio) are one pair, fetched once, from the earliest of all.
      { base: 'EUR', quote: 'USD', since: '2021-01-04' },
    ]);
  });

  it('fetches a pair in the orientation needed, and one orientation when both are', () => {
    expect(neededPairs('JPY', [traded('JPY', 'USD', '2024-02-02')])).toEqual([
      { base: 'JPY', quote: 'USD', since: '2024-02-02' },
    ]);
    expect(neededPairs('JPY', [traded('USD', 'USD', '2024-02-02')])).toEqual([
      { base: 'USD', quote: 'JPY', since: '2024-02-02' },
    ]);
    // Whatever the order of the trades, the same orientation.
    const a = neededPairs('USD', [traded('USD', 'GBP', '2024-05-05'), traded('GBP', 'USD', '2024-04-04')]);
    const b = neededPairs('USD', [traded('GBP', 'USD', '2024-04-04'), traded('USD', 'GBP', '2024-05-05')]);
    expect(a).toEqual([{ base: 'GBP', quote: 'USD', since: '2024-04-04' }]);
    expect(b).toEqual(a);
  });
});

describe('the first day to fetch of a pair', () => {
  it('is the day after the latest provider rate', () => {
    expect(rateFetchStart('2026-02-27', '2020-01-01', '2026-03-04')).toBe('2026-02-28');
  });

  it('reaches back to the earliest trade needing it, or five years, whichever is earlier', () => {
    expect(rateFetchStart(null, '2015-06-30', '2026-03-04')).toBe('2015-06-30');
    expect(rateFetchStart(null, '2025-06-30', '2026-03-04')).toBe('2021-03-04');
  });
});
