/**
 * Calendar days of trades, prices and balances. A day is the text `YYYY-MM-DD`, which also sorts correctly as
 * a string. Timestamps are reduced to their UTC calendar day (the API's timestamps are UTC); a timestamp
 * without a zone is read as UTC rather than in the server's local zone, so the result never depends on
 * where the service runs.
 */

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
export const MS_PER_DAY = 86_400_000;

function isCalendarDate(year: number, month: number, day: number): boolean {
  // Years below 1000 are refused: Date.UTC would read 0050 as 1950.
  if (year < 1000 || month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one; Date.UTC handles leap years.
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= last;
}

function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hours * 60 + minutes);
}

/** Milliseconds since the epoch of a valid timestamp text, or null. */
function timestampMs(text: string): number | null {
  const m = TIMESTAMP.exec(text);
  if (m === null) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (!isCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  const offset = offsetMinutes(zone);
  if (Math.abs(offset) > 18 * 60) return null;
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000;
}

/** A full timestamp (ISO 8601, a zone or UTC), as a Date; null for anything else, a bare day included. */
export function parseTimestamp(text: string): Date | null {
  const ms = timestampMs(text.trim());
  return ms === null ? null : new Date(ms);
}

/** The UTC calendar day of a time in milliseconds since the epoch. */
export function dayOfMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Normalizes a trade date from a request: `YYYY-MM-DD` stays as it is, a timestamp becomes its ISO 8601 UTC
 * form. Null when the text is neither (or names an impossible date such as 2023-02-30).
 */
export function normalizeTradeDate(text: string): string | null {
  const value = text.trim();
  const date = DATE_ONLY.exec(value);
  if (date !== null) {
    return isCalendarDate(Number(date[1]), Number(date[2]), Number(date[3])) ? value : null;
  }
  const ms = timestampMs(value);
  return ms === null ? null : new Date(ms).toISOString();
}

/** True for a valid `YYYY-MM-DD`. */
export function isDay(text: string): boolean {
  const date = DATE_ONLY.exec(text);
  return date !== null && isCalendarDate(Number(date[1]), Number(date[2]), Number(date[3]));
}

/**
 * The UTC calendar day of a stored trade date (a `YYYY-MM-DD`, an ISO timestamp or a `Date`). Throws on an
 * invalid value: dates reaching the domain from storage were validated on the way in.
 * Note for callers using `pg`: it parses DATE columns into a `Date` at *local* midnight; pass the text instead.
 */
export function toDay(value: string | Date): string {
  if (typeof value === 'string') {
    // Fast paths for the two shapes storage produces, checked cheaply because replays call this per trade.
    if (value.length === 10 && value.charCodeAt(4) === 45 && value.charCodeAt(7) === 45) return value;
    if (
      value.length >= 20 &&
      value.charCodeAt(10) === 84 &&
      value.endsWith('Z') &&
      DATE_ONLY.test(value.slice(0, 10))
    ) {
      return value.slice(0, 10);
    }
    const text = value.trim();
    if (isDay(text)) return text;
    const ms = timestampMs(text);
    if (ms !== null) return dayOfMs(ms);
  } else if (value instanceof Date && !Number.isNaN(value.getTime())) {
    return dayOfMs(value.getTime());
  }
  throw new RangeError(`Not a trade date: ${String(value)}`);
}

/** Whole days since 1970-01-01 (a count of days, not an amount). */
export function dayNumber(day: string): number {
  const m = DATE_ONLY.exec(day);
  if (m === null) throw new RangeError(`Not a day: ${day}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY;
}
