import type { MarketDataProvider } from '../../application/market-data/ports.js';
import {
  type AdapterOptions,
  type Asked,
  endpoint,
  failure,
  httpFor,
  malformed,
  type Reading,
  seriesFrom,
  valueName,
} from './http.js';

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
 * (code 429) included. An exchange rate is the time series of the pair's symbol, `EUR/USD` (one EUR in USD).
 */
export function twelveDataProvider(options: AdapterOptions): MarketDataProvider {
  const http = httpFor(NAME, options, PER_MINUTE);

  const read =
    (asked: Asked) =>
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
          return failure('unknown_symbol', `${NAME} does not know ${asked.code}: ${message}`);
        if (code >= 500) return failure('server_error', `${NAME} failed: ${message}`);
        return failure('refused', `${NAME} refused the request for ${asked.code}: ${message}`);
      }
      if (body?.status !== 'ok' || !Array.isArray(body.values)) return malformed(NAME, 'no values');
      const closes = seriesFrom(
        body.values.map((v) => [v?.datetime, v?.close]),
        asked,
      );
      return closes === null
        ? malformed(NAME, `a value has no valid datetime, or its close is not ${valueName(asked)}`)
        : { ok: true, closes };
    };

  const timeSeries = (asked: Asked) => {
    const url = endpoint(options.baseUrl, BASE, '/time_series');
    url.searchParams.set('symbol', asked.code);
    url.searchParams.set('interval', '1day');
    url.searchParams.set('start_date', asked.from);
    url.searchParams.set('apikey', options.apiKey ?? '');
    url.searchParams.set('outputsize', '5000');
    return http.get(url, read(asked));
  };

  return {
    name: 'twelvedata',
    // Twelve Data writes US share classes with a dot (BRK.B) like StockBook; other exchanges need the stock's
    // provider_symbol (7203:TSE).
    deriveSymbol: (symbol) => symbol,
    fetchDailyCloses: (symbol, from) => timeSeries({ code: symbol, from, series: 'closes' }),
    fetchDailyRates: (base, quote, from) => timeSeries({ code: `${base}/${quote}`, from, series: 'rates' }),
  };
}
