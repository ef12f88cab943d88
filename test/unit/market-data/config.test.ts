import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/infrastructure/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('market-data configuration', () => {
  it('defaults to no provider, the weekday schedule after the US close and 10 s per request', () => {
    expect(loadConfig({}).marketData).toEqual({
      provider: 'none',
      apiKey: null,
      baseUrl: null,
      schedule: '30 22 * * 1-5',
      timeoutSeconds: 10,
      requestsPerMinute: null,
    });
  });

  it('reads every variable, the key also from a _FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockbook-config-'));
    writeFileSync(join(dir, 'key'), 'file-key-42\n');
    const config = loadConfig({
      MARKET_DATA_PROVIDER: 'TwelveData',
      MARKET_DATA_API_KEY_FILE: join(dir, 'key'),
      MARKET_DATA_BASE_URL: 'http://127.0.0.1:9999/',
      PRICE_REFRESH_SCHEDULE: '*/5 * * * *',
      MARKET_DATA_TIMEOUT: '3',
      MARKET_DATA_REQUESTS_PER_MINUTE: '55',
    }).marketData;
    expect(config).toEqual({
      provider: 'twelvedata',
      apiKey: 'file-key-42',
      baseUrl: 'http://127.0.0.1:9999',
      schedule: '*/5 * * * *',
      timeoutSeconds: 3,
      requestsPerMinute: 55,
    });
  });

  it('refuses each misconfiguration with one line of its own', () => {
    expect(problemsOf({ MARKET_DATA_PROVIDER: 'stooq' })).toEqual([
      "MARKET_DATA_PROVIDER must be one of none, yahoo, twelvedata, alphavantage, got 'stooq'",
    ]);
    expect(problemsOf({ MARKET_DATA_PROVIDER: 'alphavantage' })).toEqual([
      'MARKET_DATA_API_KEY is required with MARKET_DATA_PROVIDER=alphavantage',
    ]);
    expect(problemsOf({ MARKET_DATA_PROVIDER: 'twelvedata', MARKET_DATA_API_KEY: ' ' })).toEqual([
      'MARKET_DATA_API_KEY is required with MARKET_DATA_PROVIDER=twelvedata',
    ]);
    expect(problemsOf({ MARKET_DATA_PROVIDER: 'yahoo' })).toEqual([]);
    const bad = problemsOf({
      PRICE_REFRESH_SCHEDULE: '61 25 * * *',
      MARKET_DATA_BASE_URL: 'mirror.example/v8',
      MARKET_DATA_TIMEOUT: '0',
    });
    expect(bad).toHaveLength(3);
    expect(bad[0]).toMatch(/^MARKET_DATA_BASE_URL must be a scheme, host and port/);
    expect(bad[1]).toMatch(/^PRICE_REFRESH_SCHEDULE is not a valid cron expression \('61 25 \* \* \*'\)/);
    expect(bad[2]).toBe("MARKET_DATA_TIMEOUT must be a whole number from 1 to 300, got '0'");
    expect(problemsOf({ PRICE_REFRESH_SCHEDULE: 'every day' })).toHaveLength(1);
    expect(problemsOf({ MARKET_DATA_BASE_URL: 'https://mirror.example:8443/path' })).toHaveLength(1);
  });

  it('never puts the API key in a message', () => {
    const problems = problemsOf({ MARKET_DATA_PROVIDER: 'bogus', MARKET_DATA_API_KEY: 'very-secret-key' });
    expect(problems.join('\n')).not.toContain('very-secret-key');
  });
});
