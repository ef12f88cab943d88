/** Each provider as a person knows it; "none" means nobody fetches prices. */
const NAMES: Record<string, string> = {
  none: 'Prices are entered by hand',
  yahoo: 'Yahoo Finance',
  twelvedata: 'Twelve Data',
  alphavantage: 'Alpha Vantage',
};

export function providerName(provider: string): string {
  return NAMES[provider] ?? provider;
}
