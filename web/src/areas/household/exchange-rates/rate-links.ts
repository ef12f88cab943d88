/** A rate that an answer needed and did not find (`fx_missing`): one `base` in `quote` on `date`. */
export interface MissingRate {
  base: string;
  quote: string;
  date: string;
}

export const EXCHANGE_RATES_PATH = '/exchange-rates';

/**
 * The Exchange rates screen with "Add rate" open and filled in with the missing rate; `back` is where the person
 * goes once it is saved (the screen that said it was missing).
 */
export function addRatePath(missing: MissingRate, back: string): string {
  const query = new URLSearchParams({ add: '', base: missing.base, quote: missing.quote, date: missing.date, back });
  return `${EXCHANGE_RATES_PATH}?${query.toString()}`;
}

/** What the address asks "Add rate" to start with; null when it asks nothing. */
export function requestedRate(search: string): (Partial<MissingRate> & { back?: string }) | null {
  const query = new URLSearchParams(search);
  if (!query.has('add')) return null;
  const back = query.get('back') ?? '';
  return {
    base: query.get('base') ?? undefined,
    quote: query.get('quote') ?? undefined,
    date: query.get('date') ?? undefined,
    // Only a path of this interface, never another site ("//host").
    back: back.startsWith('/') && !back.startsWith('//') ? back : undefined,
  };
}
