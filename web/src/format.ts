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

/**
 * Minor units that stocks are quoted in (product.md section 14): currencies of their own, which Intl does not
 * know, so they are written as the number followed by their code ("1,250.00 GBp").
 */
export const MINOR_UNITS: Readonly<Record<string, { name: string; major: string }>> = {
  GBp: { name: 'pence sterling', major: 'GBP' },
  ZAc: { name: 'South African cents', major: 'ZAR' },
  ILA: { name: 'Israeli agorot', major: 'ILS' },
};

const names = new Intl.DisplayNames(undefined, { type: 'currency' });

/** A currency's name in the browser's language, e.g. "Euro" for EUR or "pence sterling" for GBp. */
export function currencyName(code: string): string {
  const minor = MINOR_UNITS[code];
  if (minor !== undefined) return minor.name;
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/** An amount or a price in its currency, with exactly the decimals the API gave; "—" when there is none. */
export function formatMoney(value: string | null | undefined, currency = 'USD'): string {
  if (value === null || value === undefined) return '—';
  const digits = places(value);
  if (MINOR_UNITS[currency] === undefined) {
    try {
      return formatter({
        style: 'currency',
        currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }).format(value as Numeric);
    } catch {
      // A code Intl refuses (not three letters): the number and the code, as for a minor unit.
    }
  }
  return `${formatDecimal(value)}\u00a0${currency}`;
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
