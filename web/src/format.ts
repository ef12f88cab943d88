// Formatting only: every number arrives from the server as a decimal string and is shown with the
// precision the server gave it, in the browser's locale. Nothing here computes.

const cache = new Map<string, Intl.NumberFormat>();

function formatter(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = JSON.stringify(options);
  let f = cache.get(id);
  if (f === undefined) {
    f = new Intl.NumberFormat(undefined, options);
    cache.set(id, f);
  }
  return f;
}

function places(value: string): number {
  const dot = value.indexOf('.');
  return dot < 0 ? 0 : value.length - dot - 1;
}

type Numeric = Intl.StringNumericLiteral;

/** A money amount (the API gives 2 places) in its currency. */
export function formatMoney(value: string | null | undefined, currency = 'USD'): string {
  if (value === null || value === undefined) return '—';
  const digits = places(value);
  return formatter({
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value as Numeric);
}

/** A quantity or a price, with exactly the decimals the API gave. */
export function formatDecimal(value: string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const digits = places(value);
  return formatter({ minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value as Numeric);
}

/** A percentage the API already gives in percent ("12.34"): only its digits are formatted; the sign "%" is drawn by CSS. */
export function formatPercent(value: string | null | undefined): string {
  return formatDecimal(value);
}

export function direction(value: string | null | undefined): 'gain' | 'loss' | undefined {
  if (value === null || value === undefined || /^-?0*(\.0*)?$/.test(value)) return undefined;
  return value.startsWith('-') ? 'loss' : 'gain';
}

const timestamps = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** An ISO 8601 instant from the API, in the browser's locale and time zone. */
export function formatTimestamp(value: string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return timestamps.format(new Date(value));
}
