import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closesFrom, providerHttp, retryAfterSeconds } from '../../../src/infrastructure/market-data/http.js';
import { type MarketDataDouble, startMarketDataDouble } from '../../support/market-data-doubles.js';
import { freePort } from '../../support/process.js';

describe('Retry-After', () => {
  it('reads seconds and HTTP dates; anything else is no hint', () => {
    const now = Date.parse('2026-01-05T12:00:00Z');
    expect(retryAfterSeconds('7', now)).toBe(7);
    expect(retryAfterSeconds(' 0 ', now)).toBe(0);
    expect(retryAfterSeconds('Mon, 05 Jan 2026 12:00:30 GMT', now)).toBe(30);
    expect(retryAfterSeconds('Mon, 05 Jan 2026 11:00:00 GMT', now)).toBe(0);
    expect(retryAfterSeconds('soon', now)).toBeNull();
    expect(retryAfterSeconds(null, now)).toBeNull();
  });
});

describe('closes of an answer', () => {
  it('keeps decimal text, skips null closes, drops days before the start, and sorts', () => {
    expect(
      closesFrom(
        [
          ['2026-01-06', 0.1],
          ['2026-01-02', '99'],
          ['2026-01-05', null],
          ['2026-01-07', '183.63999938964844'],
        ],
        '2026-01-05',
      ),
    ).toEqual([
      { date: '2026-01-06', close: '0.1' },
      { date: '2026-01-07', close: '183.63999938964844' },
    ]);
  });

  it('calls an answer with a bad date or price malformed', () => {
    expect(closesFrom([['2026-02-30', 1]], '2026-01-01')).toBeNull();
    expect(closesFrom([['2026-01-02', 'n/a']], '2026-01-01')).toBeNull();
    expect(closesFrom([['2026-01-02', -1]], '2026-01-01')).toBeNull();
    expect(closesFrom([[20260102, 1]], '2026-01-01')).toBeNull();
  });
});

describe('requests to a provider', () => {
  let double: MarketDataDouble;
  beforeAll(async () => {
    double = await startMarketDataDouble('yahoo');
  });
  afterAll(async () => {
    await double.close();
  });

  const url = (symbol: string) => new URL(`/v8/finance/chart/${symbol}?period1=0&period2=0&interval=1d`, double.url);
  const readOk = () => ({ ok: true as const, closes: [] });

  it('backs off exponentially on 429s without Retry-After, and gives up after the last attempt', async () => {
    double.setSeries('BUSY', []);
    double.fault('BUSY', { kind: 'http_429' }, { kind: 'http_429' }, { kind: 'http_429' }, { kind: 'http_429' });
    const http = providerHttp({
      provider: 'Test',
      timeoutMs: 1000,
      minIntervalMs: 0,
      maxAttempts: 3,
      backoffBaseMs: 100,
    });
    const result = await http.get(url('BUSY'), readOk);
    expect(result).toEqual({
      ok: false,
      failure: { kind: 'rate_limited', message: expect.stringMatching(/still rate limiting after 3 attempts/) },
    });
    const times = double.requestsFor('BUSY').map((r) => r.at);
    expect(times).toHaveLength(3);
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(90);
    expect((times[2] as number) - (times[1] as number)).toBeGreaterThanOrEqual(190);
  });

  it('paces requests to the provider', async () => {
    double.setSeries('PACE', []);
    const http = providerHttp({ provider: 'Test', timeoutMs: 1000, minIntervalMs: 150 });
    for (let i = 0; i < 3; i++) expect(await http.get(url('PACE'), readOk)).toEqual({ ok: true, closes: [] });
    const times = double.requestsFor('PACE').map((r) => r.at);
    expect((times[2] as number) - (times[0] as number)).toBeGreaterThanOrEqual(290);
  });

  it('reports an unreachable provider as a server error without its address', async () => {
    const http = providerHttp({ provider: 'Test', timeoutMs: 1000, minIntervalMs: 0 });
    const result = await http.get(new URL(`http://127.0.0.1:${await freePort()}/query?apikey=secret`), readOk);
    expect(result).toEqual({
      ok: false,
      failure: { kind: 'server_error', message: 'Test could not be reached (ECONNREFUSED)' },
    });
  });
});
