import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MarketDataProvider } from '../../../src/application/market-data/ports.js';
import { alphaVantageProvider } from '../../../src/infrastructure/market-data/alphavantage.js';
import type { AdapterOptions } from '../../../src/infrastructure/market-data/http.js';
import { twelveDataProvider } from '../../../src/infrastructure/market-data/twelvedata.js';
import { yahooProvider } from '../../../src/infrastructure/market-data/yahoo.js';
import {
  type Fault,
  type MarketDataDouble,
  type Provider,
  recentWeekdays,
  startMarketDataDouble,
} from '../../support/market-data-doubles.js';

/** Each adapter's exchange rates against its provider's double: the wire format, and every fault. */

const options = (baseUrl: string): AdapterOptions => ({
  baseUrl,
  timeoutMs: 400,
  requestsPerMinute: 600_000,
  apiKey: 'k',
  retry: { maxAttempts: 3, backoffBaseMs: 10, maxWaitMs: 5000 },
});

const ADAPTERS: Record<Provider, (o: AdapterOptions) => MarketDataProvider> = {
  yahoo: yahooProvider,
  twelvedata: twelveDataProvider,
  alphavantage: alphaVantageProvider,
};

for (const name of ['yahoo', 'twelvedata', 'alphavantage'] as const) {
  describe(`${name} exchange rates`, () => {
    let double: MarketDataDouble;
    let provider: MarketDataProvider;
    const days = recentWeekdays(4);
    const from = days[0] as string;
    beforeAll(async () => {
      double = await startMarketDataDouble(name);
      provider = ADAPTERS[name](options(double.url));
    });
    afterAll(async () => {
      await double.close();
    });
    beforeEach(() => double.reset());

    /** A pair of its own per test, served one rate a day, faulted as asked. */
    const pair = (base: string, quote: string, faults: Fault[] = [], rates: Array<number | string | null> = []) => {
      double.setRates(
        `${base}/${quote}`,
        (rates.length > 0 ? rates : [1.0845, 1.0912, 1.1, 1.08]).map((close, i) => ({
          date: days[i] as string,
          close,
        })),
      );
      if (faults.length > 0) double.fault(`${base}/${quote}`, ...faults);
    };

    it('reads the daily rates as exact decimal text, oldest first, from the start day on', async () => {
      pair('EUR', 'USD', [], ['1.08450', '1.09120', 1.1, '1.08']);
      expect(await provider.fetchDailyRates('EUR', 'USD', days[1] as string)).toEqual({
        ok: true,
        closes: [
          { date: days[1], close: '1.0912' },
          { date: days[2], close: '1.1' },
          { date: days[3], close: '1.08' },
        ],
      });
      const [request] = double.fxRequests();
      expect(double.fxRequests()).toHaveLength(1);
      expect(request?.symbol).toBe('EUR/USD');
      if (name === 'yahoo') {
        expect(decodeURIComponent(request?.path ?? '')).toBe('/v8/finance/chart/EURUSD=X');
        expect(request?.query.interval).toBe('1d');
      } else if (name === 'twelvedata') {
        expect(request?.query).toMatchObject({ symbol: 'EUR/USD', interval: '1day', start_date: days[1] });
      } else {
        expect(request?.query).toMatchObject({
          function: 'FX_DAILY',
          from_symbol: 'EUR',
          to_symbol: 'USD',
          outputsize: 'compact',
          apikey: 'k',
        });
        expect(request?.query.symbol).toBeUndefined();
      }
    });

    it('calls a rate of 0, below 0 or not a number malformed, and gives none of the rates', async () => {
      for (const [quote, bad] of [
        ['CHF', 0],
        ['JPY', '-1.5'],
        ['CAD', 'n/a'],
      ] as const) {
        pair('EUR', quote, [], [1.2, bad, 1.3]);
        const result = await provider.fetchDailyRates('EUR', quote, from);
        expect(result, `${quote} ${bad}`).toMatchObject({
          ok: false,
          failure: { kind: 'malformed', message: expect.stringMatching(/exchange rate/) },
        });
      }
    });

    it('fails an unknown pair', async () => {
      const result = await provider.fetchDailyRates('EUR', 'XXX', from);
      expect(result).toMatchObject({ ok: false, failure: { kind: 'unknown_symbol' } });
      if (!result.ok) expect(result.failure.message).toContain(name === 'yahoo' ? 'EURXXX=X' : 'EUR/XXX');
    });

    it('fails a 500, an HTML page, garbage, a truncated body and a timeout, each with its kind', async () => {
      const cases: Array<[Fault, string, RegExp]> = [
        [{ kind: 'server_error' }, 'server_error', /HTTP 500/],
        [{ kind: 'html' }, 'malformed', /an HTML page/],
        [{ kind: 'garbage' }, 'malformed', /not valid JSON/],
        [{ kind: 'truncated' }, 'malformed', /not valid JSON/],
        [{ kind: 'hang' }, 'timeout', /did not answer within 0.4 s/],
      ];
      for (const [fault, kind, message] of cases) {
        pair('GBP', 'USD', [fault]);
        const result = await provider.fetchDailyRates('GBP', 'USD', from);
        expect(result, fault.kind).toMatchObject({
          ok: false,
          failure: { kind, message: expect.stringMatching(message) },
        });
      }
    });

    it('waits out an HTTP 429 (Retry-After) and its own rate-limit answer, then reads the rates', async () => {
      pair('USD', 'JPY', [{ kind: 'http_429', retryAfter: '0' }, { kind: 'rate_limited' }], [150.5, 151, 152.25, 149]);
      const result = await provider.fetchDailyRates('USD', 'JPY', from);
      expect(result).toEqual({
        ok: true,
        closes: days.map((date, i) => ({ date, close: ['150.5', '151', '152.25', '149'][i] })),
      });
      expect(double.fxRequests()).toHaveLength(3);
    });

    it('gives up when still rate limited after the bounded attempts', async () => {
      pair('USD', 'CHF', [{ kind: 'http_429' }, { kind: 'http_429' }, { kind: 'http_429' }]);
      expect(await provider.fetchDailyRates('USD', 'CHF', from)).toMatchObject({
        ok: false,
        failure: { kind: 'rate_limited', message: expect.stringMatching(/after 3 attempts/) },
      });
    });

    if (name === 'yahoo') {
      it('skips a null close: a day without a rate', async () => {
        pair('EUR', 'SEK', [], [11.2, null, 11.4]);
        expect(await provider.fetchDailyRates('EUR', 'SEK', from)).toEqual({
          ok: true,
          closes: [
            { date: days[0], close: '11.2' },
            { date: days[2], close: '11.4' },
          ],
        });
      });
    }

    if (name === 'twelvedata') {
      it('reads its HTTP-200 errors: "for the day" ends the run, no data on the dates is no rate', async () => {
        pair('EUR', 'NOK', [{ kind: 'daily_limit' }]);
        expect(await provider.fetchDailyRates('EUR', 'NOK', from)).toMatchObject({
          ok: false,
          failure: { kind: 'daily_limit', message: expect.stringMatching(/^Twelve Data: .*for the day/) },
        });
        expect(double.fxRequests()).toHaveLength(1);
        pair('EUR', 'NOK');
        const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
        expect(await provider.fetchDailyRates('EUR', 'NOK', tomorrow)).toEqual({ ok: true, closes: [] });
      });
    }

    if (name === 'alphavantage') {
      it('ends on Information, asks for the full history of an old start and falls back to compact', async () => {
        pair('EUR', 'NOK', [{ kind: 'daily_limit' }]);
        expect(await provider.fetchDailyRates('EUR', 'NOK', from)).toMatchObject({
          ok: false,
          failure: { kind: 'daily_limit', message: expect.stringMatching(/^Alpha Vantage: .*25 requests per day/) },
        });
        expect(double.fxRequests()).toHaveLength(1);

        double.reset();
        pair('EUR', 'NOK', [{ kind: 'premium_only' }]);
        const result = await provider.fetchDailyRates('EUR', 'NOK', '2020-01-01');
        expect(result).toMatchObject({ ok: true, closes: expect.arrayContaining([{ date: from, close: '1.0845' }]) });
        expect(double.fxRequests().map((r) => r.query.outputsize)).toEqual(['full', 'compact']);
      });

      it('reads an Error Message as an unknown pair, naming FX_DAILY', async () => {
        pair('EUR', 'ZZZ', [{ kind: 'unknown_symbol' }]);
        expect(await provider.fetchDailyRates('EUR', 'ZZZ', from)).toMatchObject({
          ok: false,
          failure: { kind: 'unknown_symbol', message: expect.stringMatching(/does not know EUR\/ZZZ: .*FX_DAILY/) },
        });
      });
    }
  });
}
