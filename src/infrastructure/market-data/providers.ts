import type { MarketDataProvider } from '../../application/market-data/ports.js';
import type { MarketDataConfig } from '../config.js';
import { alphaVantageProvider } from './alphavantage.js';
import type { AdapterOptions } from './http.js';
import { twelveDataProvider } from './twelvedata.js';
import { yahooProvider } from './yahoo.js';

/** The adapter of the configured provider; null for `none`. */
export function marketDataProvider(
  config: MarketDataConfig,
  retry?: AdapterOptions['retry'],
): MarketDataProvider | null {
  const options: AdapterOptions = {
    baseUrl: config.baseUrl,
    timeoutMs: config.timeoutSeconds * 1000,
    requestsPerMinute: config.requestsPerMinute,
    apiKey: config.apiKey,
    retry,
  };
  switch (config.provider) {
    case 'none':
      return null;
    case 'yahoo':
      return yahooProvider(options);
    case 'twelvedata':
      return twelveDataProvider(options);
    case 'alphavantage':
      return alphaVantageProvider(options);
  }
}
