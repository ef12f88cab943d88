import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchStart } from '../../../src/domain/market-data.js';
import { alphaVantageProvider } from '../../../src/infrastructure/market-data/alphavantage.js';
import { twelveDataProvider } from '../../../src/infrastructure/market-data/twelvedata.js';
import { yahooProvider } from '../../../src/infrastructure/market-data/yahoo.js';
import {
  type MarketDataDouble,
  recentWeekdays,
  startMarketDataDouble,
  TOKYO,
} from '../../support/market-data-doubles.js';

const options = (baseUrl: string) => ({ baseUrl, timeoutMs: 1000, requestsPerMinute: 600_000, apiKey: 'k' });

describe('the first day to fetch', () => {
  it('is the day after the latest provider close, or five years back', () => {
    expect(fetchStart('2026-02-28', '2026-03-04')).toBe('2026-03-01');
    expect(fetchStart('2024-12-31', '2025-01-02')).toBe('2025-01-01');
    expect(fetchStart(null, '2026-03-04')).toBe('2021-03-04');
    expect(fetchStart(null, '2024-02-29')).toBe('2019-03-01');
  });
});

describe('derived provider symbols', () => {
  it('writes share classes with a dash on Yahoo only, and keeps exchange suffixes', () => {
    const yahoo = yahooProvider(options('http://127.0.0.1:1'));
    expect(['BRK.B', 'BF.A', '7203.T', 'VOD.L', 'RDS-A', 'AAPL'].map(yahoo.deriveSymbol)).toEqual([
      'BRK-B',
      'BF-A',
      '7203.T',
      'VOD.L',
      'RDS-A',
      'AAPL',
    ]);
    expect(twelveDataProvider(options('http://127.0.0.1:1')).deriveSymbol('BRK.B')).toBe('BRK.B');
    expect(alphaVantageProvider(options('http://127.0.0.1:1')).deriveSymbol('BRK.B')).toBe('BRK.B');
  });
});

describe('Yahoo chart answers', () => {
  let double: MarketDataDouble;
  beforeAll(async () => {
    double = await startMarketDataDouble('yahoo');
  });
  afterAll(async () => {
    await double.close();
  });

  it('dates Tokyo sessions stamped 00:00 JST (15:00 UTC the day before) on their JST day', async () => {
    const days = recentWeekdays(3);
    double.setSeries(
      '7203.T',
      days.map((date, i) => ({ date, close: 2500 + i })),
      TOKYO,
    );
    const result = await yahooProvider(options(double.url)).fetchDailyCloses('7203.T', days[1] as string);
    expect(result).toEqual({
      ok: true,
      closes: [
        { date: days[1], close: '2501' },
        { date: days[2], close: '2502' },
      ],
    });
    const stamp = Number(double.requestsFor('7203.T')[0]?.query.period1);
    expect(new Date(stamp * 1000).toISOString().slice(0, 10)).toBe(
      new Date(Date.parse(`${days[1]}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10),
    );
  });

  it('answers a range without sessions with no closes', async () => {
    double.setSeries('EMPTY', []);
    expect(await yahooProvider(options(double.url)).fetchDailyCloses('EMPTY', '2026-01-01')).toEqual({
      ok: true,
      closes: [],
    });
  });
});

describe('Alpha Vantage answers', () => {
  let double: MarketDataDouble;
  beforeAll(async () => {
    double = await startMarketDataDouble('alphavantage');
  });
  afterAll(async () => {
    await double.close();
  });

  it('falls back to the compact series when a free key may not ask for the full one', async () => {
    const days = recentWeekdays(2);
    double.setSeries(
      'IBM',
      days.map((date) => ({ date, close: '150.2500' })),
    );
    double.fault('IBM', { kind: 'premium_only' });
    const provider = alphaVantageProvider(options(double.url));
    expect(await provider.fetchDailyCloses('IBM', '2020-01-01')).toEqual({
      ok: true,
      closes: days.map((date) => ({ date, close: '150.25' })),
    });
    expect(double.requestsFor('IBM').map((r) => r.query.outputsize)).toEqual(['full', 'compact']);
  });

  it('does not ask again after the daily limit', async () => {
    double.setSeries('MSFT', [{ date: recentWeekdays(1)[0] as string, close: '1' }]);
    double.fault('MSFT', { kind: 'daily_limit' });
    const provider = alphaVantageProvider(options(double.url));
    expect(await provider.fetchDailyCloses('MSFT', '2020-01-01')).toMatchObject({
      ok: false,
      failure: { kind: 'daily_limit', message: expect.stringMatching(/^Alpha Vantage: .*25 requests per day/) },
    });
    expect(double.requestsFor('MSFT')).toHaveLength(1);
  });
});
