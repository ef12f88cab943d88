import { MINOR_UNITS, parseMajorCurrency, parseTradingCurrency } from './currencies.js';

/**
 * A major currency given in a request: a portfolio's, the household's base, either side of an exchange rate.
 * `parseMajorCurrency` upper-cases, so `GBp` alone would read as GBP: pounds, a hundred times the pence meant.
 * A minor unit's own spelling (`GBp`, `ZAc`, `ILA`, or `GBX`/`ZAC`) is therefore refused with what it is,
 * while `gbp` is pounds.
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
