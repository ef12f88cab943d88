import type { MarketDataProvider } from '../../application/market-data/ports.js';
import { type AdapterOptions, closesFrom, endpoint, failure, httpFor, malformed, type Reading } from './http.js';

const NAME = 'Twelve Data';
const BASE = 'https://api.twelvedata.com';
/** The free tier: 8 requests a minute (and 800 a day). */
const PER_MINUTE = 8;

interface TimeSeries {
  status?: unknown;
  code?: unknown;
  message?: unknown;
  values?: Array<{ datetime?: unknown; close?: unknown }>;
}

/**
 * Twelve Data's `GET /time_series?symbol&interval=1day&start_date&apikey&outputsize=5000`: `{meta, values, status:
 * "ok"}` with the newest value first, or `{code, message, status: "error"}`, always with HTTP 200, rate limits
 * (code 429) included.
 */
export function twelveDataProvider(options: AdapterOptions): MarketDataProvider {
  const http = httpFor(NAME, options, PER_MINUTE);

  const read =
    (symbol: string, from: string) =>
    (answer: { json: unknown }): Reading => {
      const body = answer.json as TimeSeries;
      if (body?.status === 'error') {
        const message = String(body.message ?? 'no reason given');
        const code = Number(body.code);
        if (code === 429)
          return /for the day/i.test(message)
            ? failure('daily_limit', `${NAME}: ${message}`)
            : { retry: true, retryAfterSeconds: null, message };
        // Asked only for the days since the last close, a day without a session is not an error.
        if (code === 400 && /no data is available/i.test(message)) return { ok: true, closes: [] };
        if (code === 400 || code === 404)
          return failure('unknown_symbol', `${NAME} does not know ${symbol}: ${message}`);
        if (code >= 500) return failure('server_error', `${NAME} failed: ${message}`);
        return failure('refused', `${NAME} refused the request for ${symbol}: ${message}`);
      }
      if (body?.status !== 'ok' || !Array.isArray(body.values)) return malformed(NAME, 'no values');
      const closes = closesFrom(
        body.values.map((v) => [v?.datetime, v?.close]),
        from,
      );
      return closes === null ? malformed(NAME, 'a value has no valid datetime and close') : { ok: true, closes };
    };

  return {
    name: 'twelvedata',
    // Twelve Data writes US share classes with a dot (BRK.B) like StockBook; other exchanges need the stock's
    // provider_symbol (7203:TSE).
    deriveSymbol: (symbol) => symbol,
    fetchDailyCloses(symbol, from) {
      const url = endpoint(options.baseUrl, BASE, '/time_series');
      url.searchParams.set('symbol', symbol);
      url.searchParams.set('interval', '1day');
      url.searchParams.set('start_date', from);
      url.searchParams.set('apikey', options.apiKey ?? '');
      url.searchParams.set('outputsize', '5000');
      return http.get(url, read(symbol, from));
    },
  };
}
