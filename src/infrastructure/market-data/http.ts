import { setTimeout as sleep } from 'node:timers/promises';
import type { DailyClose, FetchFailureKind, FetchResult } from '../../application/market-data/ports.js';
import { parseDecimal } from '../../domain/decimal.js';
import { isDay } from '../../domain/portfolio/dates.js';

/** How a provider is asked: pacing, the per-request timeout and the bounds of waiting out its rate limits. */
export interface ProviderHttpOptions {
  /** The provider's name as messages show it. */
  provider: string;
  timeoutMs: number;
  /** At least this long between two requests to the provider (its free tier's pace). */
  minIntervalMs: number;
  /** Attempts per request while the provider answers "rate limited". */
  maxAttempts?: number;
  /** The first backoff when the provider names no wait; doubled on each further attempt. */
  backoffBaseMs?: number;
  /** The longest one wait may be; a provider that asks for more fails the stock. */
  maxWaitMs?: number;
  headers?: Record<string, string>;
}

/** What an adapter makes of an answer that was neither a 429 nor a 5xx: a result, or "rate limited, retry". */
export type Reading = FetchResult | { retry: true; retryAfterSeconds: number | null; message: string };

export interface ProviderAnswer {
  status: number;
  json: unknown;
}

export const failure = (kind: FetchFailureKind, message: string): FetchResult => ({
  ok: false,
  failure: { kind, message },
});

/** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | null {
  if (header === null) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

type Attempt = { kind: 'done'; result: FetchResult } | { kind: 'retry'; afterSeconds: number | null; message: string };

/**
 * GET requests to one provider with its pacing, a timeout per request, 429s and "rate limited" bodies waited out
 * (Retry-After, else exponential backoff, both bounded), and anything that is not JSON reported as malformed.
 * The URL is never part of a message: it carries the API key.
 */
export function providerHttp(options: ProviderHttpOptions) {
  const { provider, timeoutMs, minIntervalMs } = options;
  const maxAttempts = options.maxAttempts ?? 4;
  const backoffBaseMs = options.backoffBaseMs ?? 1000;
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  let nextSlot = 0;

  async function paced(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, nextSlot);
    nextSlot = at + minIntervalMs;
    if (at > now) await sleep(at - now);
  }

  async function attempt(url: URL, read: (answer: ProviderAnswer) => Reading): Promise<Attempt> {
    await paced();
    let status: number;
    let retryAfter: string | null;
    let body: string;
    try {
      const response = await fetch(url, { headers: options.headers, signal: AbortSignal.timeout(timeoutMs) });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      body = await response.text();
    } catch (error) {
      const e = error as { name?: string; cause?: { code?: string } };
      if (e.name === 'TimeoutError' || e.name === 'AbortError')
        return { kind: 'done', result: failure('timeout', `${provider} did not answer within ${timeoutMs / 1000} s`) };
      const reason = e.cause?.code ?? 'connection failed';
      return { kind: 'done', result: failure('server_error', `${provider} could not be reached (${reason})`) };
    }
    if (status === 429)
      return {
        kind: 'retry',
        afterSeconds: retryAfterSeconds(retryAfter),
        message: `HTTP 429 ${body.trim().slice(0, 80)}`,
      };
    if (status >= 500) return { kind: 'done', result: failure('server_error', `${provider} answered HTTP ${status}`) };
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      const what = /^\s*</.test(body) ? 'an HTML page' : 'a body that is not valid JSON';
      return { kind: 'done', result: failure('malformed', `${provider} answered ${what} (HTTP ${status})`) };
    }
    const reading = read({ status, json });
    return 'retry' in reading
      ? { kind: 'retry', afterSeconds: reading.retryAfterSeconds, message: reading.message }
      : { kind: 'done', result: reading };
  }

  return {
    async get(url: URL, read: (answer: ProviderAnswer) => Reading): Promise<FetchResult> {
      for (let n = 1; ; n++) {
        const outcome = await attempt(url, read);
        if (outcome.kind === 'done') return outcome.result;
        const waitMs = outcome.afterSeconds !== null ? outcome.afterSeconds * 1000 : backoffBaseMs * 2 ** (n - 1);
        if (waitMs > maxWaitMs)
          return failure(
            'rate_limited',
            `${provider} is rate limiting (${outcome.message}) and asks to wait ${Math.ceil(waitMs / 1000)} s, more than the ${maxWaitMs / 1000} s allowed`,
          );
        if (n >= maxAttempts)
          return failure('rate_limited', `${provider} is still rate limiting after ${n} attempts (${outcome.message})`);
        await sleep(waitMs);
      }
    },
  };
}

/**
 * What an adapter is asked for: a stock's closes, or the exchange rates of a pair (which, unlike a close, are
 * never 0). `code` is the provider's code as its messages name it.
 */
export interface Asked {
  code: string;
  from: string;
  series: 'closes' | 'rates';
}

/** What one value of the series is called in a message: "a close is not a price" / "... not an exchange rate". */
export const valueName = (asked: Asked) => (asked.series === 'rates' ? 'an exchange rate' : 'a price');

/**
 * The closes of an answer as the port gives them: dated YYYY-MM-DD, from `from` on, oldest first, one per day, each
 * a decimal string >= 0, or > 0 when `positive` (a JSON number goes through its shortest text, never through
 * arithmetic). A null close (a holiday) is no price. Null when an entry is not a valid date and value: the answer
 * is malformed.
 */
export function closesFrom(entries: Iterable<[unknown, unknown]>, from: string, positive = false): DailyClose[] | null {
  const byDate = new Map<string, string>();
  for (const [date, value] of entries) {
    if (value === null) continue;
    const close = parseDecimal(value);
    if (typeof date !== 'string' || !isDay(date) || close === null || close.isNegative()) return null;
    if (positive && close.isZero()) return null;
    if (date >= from) byDate.set(date, close.toFixed());
  }
  return [...byDate].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([date, close]) => ({ date, close }));
}

/** The series of an answer for what was asked: closes, or rates (> 0). */
export const seriesFrom = (entries: Iterable<[unknown, unknown]>, asked: Asked) =>
  closesFrom(entries, asked.from, asked.series === 'rates');

export function malformed(provider: string, what: string): FetchResult {
  return failure('malformed', `${provider} answered data StockBook cannot read: ${what}`);
}

/** The provider's base address: MARKET_DATA_BASE_URL's scheme, host and port, or the provider's own. */
export function endpoint(baseUrl: string | null, fallback: string, path: string): URL {
  return new URL(path, baseUrl ?? fallback);
}

/** The options every adapter is built with. */
export interface AdapterOptions {
  baseUrl: string | null;
  timeoutMs: number;
  /** null: the provider's free-tier pace. */
  requestsPerMinute: number | null;
  apiKey: string | null;
  /** Rate-limit bounds (tests shorten them). */
  retry?: Pick<ProviderHttpOptions, 'maxAttempts' | 'backoffBaseMs' | 'maxWaitMs'>;
}

export function httpFor(
  provider: string,
  options: AdapterOptions,
  defaultPerMinute: number,
  headers?: Record<string, string>,
) {
  return providerHttp({
    provider,
    timeoutMs: options.timeoutMs,
    minIntervalMs: 60_000 / (options.requestsPerMinute ?? defaultPerMinute),
    headers,
    ...options.retry,
  });
}
