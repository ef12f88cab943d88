import { Decimal } from '../decimal.js';

/**
 * Currency codes (product.md section 14). ISO 4217 codes are the ones the runtime knows (Intl's table), so
 * "USD" passes and "ABC" does not. Minor units are currencies of their own, quoted by some exchanges: a London
 * price of 1,250 GBp is 12.50 GBP. Exchange rates are stored between major currencies only; a minor unit
 * converts to its major by its factor, exactly.
 */
const ISO_CODES = new Set(Intl.supportedValuesOf('currency'));

interface MinorUnit {
  major: string;
  /** Minor units per major unit. */
  perMajor: number;
}

export const MINOR_UNITS: Readonly<Record<string, MinorUnit>> = {
  GBp: { major: 'GBP', perMajor: 100 },
  ZAc: { major: 'ZAR', perMajor: 100 },
  ILA: { major: 'ILS', perMajor: 100 },
};

/** Other spellings of the minor units in brokers' and providers' files (`GBX` is the LSE's code for pence). */
const MINOR_ALIASES: Readonly<Record<string, string>> = { GBX: 'GBp', ZAC: 'ZAc', ILA: 'ILA' };

export const DEFAULT_BASE_CURRENCY = 'USD';

/**
 * A major ISO 4217 code: what a portfolio, a household and an exchange rate are in. Upper-cased; null when unknown,
 * and null for a minor unit's own spelling (`GBp` is pence, never silently read as pounds).
 */
export function parseMajorCurrency(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const trimmed = text.trim();
  if (MINOR_UNITS[trimmed] !== undefined) return null;
  const code = trimmed.toUpperCase();
  return code.length === 3 && ISO_CODES.has(code) && MINOR_UNITS[code] === undefined ? code : null;
}

/**
 * A stock's trading currency: a major ISO 4217 code (any case), or a minor unit spelled as its exchanges do
 * (`GBp`, `ZAc`, `ILA`, or `GBX`/`ZAC`). Null when neither. `GBP` is pounds and `GBp` is pence: the case of the
 * last letter is what tells them apart, so an exact minor spelling is read before upper-casing.
 */
export function parseTradingCurrency(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const trimmed = text.trim();
  if (MINOR_UNITS[trimmed] !== undefined) return trimmed;
  const alias = MINOR_ALIASES[trimmed.toUpperCase()];
  if (alias !== undefined) return alias;
  return parseMajorCurrency(trimmed);
}

export const MAJOR_CURRENCY_MESSAGE = 'must be an ISO 4217 currency code such as USD, EUR or GBP';
export const TRADING_CURRENCY_MESSAGE =
  'must be an ISO 4217 currency code such as USD or EUR, or a minor unit: GBp (pence), ZAc (cents) or ILA (agorot)';

/** The major currency of a code and how many of the code make one of it (1 for a major currency). */
export function majorOf(code: string): { major: string; perMajor: Decimal } {
  const minor = MINOR_UNITS[code];
  return minor === undefined
    ? { major: code, perMajor: new Decimal(1) }
    : { major: minor.major, perMajor: new Decimal(minor.perMajor) };
}

/**
 * A major currency given in a request: a portfolio's, the household's base, either side of an exchange rate.
 * A minor unit's own spelling (`GBp`, `ZAc`, `ILA`, or `GBX`/`ZAC`) is refused saying what it is, so that the
 * refusal can name the major currency meant, while `gbp` is pounds.
 */
export type MajorCurrencyInput =
  | { ok: true; code: string }
  | { ok: false; minor: { code: string; name: string; major: string; perMajor: number } | null };

const MINOR_NAMES: Readonly<Record<string, string>> = { GBp: 'pence', ZAc: 'cents', ILA: 'agorot' };

export function readMajorCurrency(text: unknown): MajorCurrencyInput {
  const trading = parseTradingCurrency(text);
  const minor = trading === null ? undefined : MINOR_UNITS[trading];
  if (trading !== null && minor !== undefined)
    return { ok: false, minor: { code: trading, name: MINOR_NAMES[trading] ?? trading, ...minor } };
  const code = parseMajorCurrency(text);
  return code === null ? { ok: false, minor: null } : { ok: true, code };
}

/** "GBp is pence, 1/100 GBP": how the refusal of a minor unit names it. */
export function describeMinorUnit(minor: { code: string; name: string; major: string; perMajor: number }): string {
  return `${minor.code} is ${minor.name}, 1/${minor.perMajor} ${minor.major}`;
}
