import { Decimal } from '../decimal.js';
import { dayNumber } from '../portfolio/dates.js';
import { asDecimal, type DecimalInput } from '../portfolio/values.js';
import { majorOf } from './currencies.js';

/**
 * Exchange rates and the rules that choose one (product.md section 14), in one place. One unit of `base` costs
 * `rate` units of `quote` (EUR/USD 1.10: 1 EUR = 1.10 USD). A conversion on a day uses, in this order:
 * 1. the pair's own rate of that day, else its latest earlier one at most 7 days old (a weekend uses Friday's);
 * 2. the inverse pair, by the same rule, when the pair itself has no rate in that window;
 * 3. one cross through a third currency, each leg by rules 1-2: USD first, then the household's base currency,
 *    then any other currency that has both legs (alphabetically, so the answer never depends on storage order).
 * A direct rate or its inverse always wins over a cross, however old within the window. There is never a rate
 * of 1 by default: a conversion without a rate is missing, and the caller reports it.
 */

export const FX_CARRY_FORWARD_DAYS = 7;

export interface FxRate {
  base: string;
  quote: string;
  /** `YYYY-MM-DD`. */
  date: string;
  rate: DecimalInput;
}

/** A rate that a conversion needed and the book does not have: the pair in major currencies, and the day. */
export interface MissingRate {
  base: string;
  quote: string;
  date: string;
}

interface DatedRate {
  day: number;
  rate: Decimal;
}

const ONE = new Decimal(1);

export interface RateBook {
  /** Units of `to` for one unit of `from` on `date` (codes may be minor units); null when no rule finds one. */
  rate(from: string, to: string, date: string): Decimal | null;
}

/** Builds a rate book from stored rates (of any pairs, in any order). */
export function createRateBook(rates: readonly FxRate[], baseCurrency: string): RateBook {
  const pairs = new Map<string, DatedRate[]>();
  const currencies = new Set<string>();
  for (const r of rates) {
    const key = `${r.base}/${r.quote}`;
    const series = pairs.get(key) ?? [];
    if (series.length === 0) pairs.set(key, series);
    series.push({ day: dayNumber(r.date), rate: asDecimal(r.rate) });
    currencies.add(r.base);
    currencies.add(r.quote);
  }
  for (const series of pairs.values()) series.sort((a, b) => a.day - b.day);
  const others = [...currencies].sort();

  /** The latest rate of a stored pair on or before `day`, at most FX_CARRY_FORWARD_DAYS old. */
  const stored = (base: string, quote: string, day: number): Decimal | null => {
    const series = pairs.get(`${base}/${quote}`);
    if (series === undefined) return null;
    let low = 0;
    let high = series.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if ((series[mid] as DatedRate).day <= day) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    if (found < 0) return null;
    const hit = series[found] as DatedRate;
    return day - hit.day <= FX_CARRY_FORWARD_DAYS ? hit.rate : null;
  };

  const direct = (from: string, to: string, day: number): Decimal | null => {
    const rate = stored(from, to, day);
    if (rate !== null) return rate;
    const inverse = stored(to, from, day);
    return inverse === null ? null : ONE.div(inverse);
  };

  const between = (from: string, to: string, day: number): Decimal | null => {
    if (from === to) return ONE;
    const rate = direct(from, to, day);
    if (rate !== null) return rate;
    const vias = ['USD', baseCurrency, ...others];
    for (const via of vias) {
      if (via === from || via === to) continue;
      const first = direct(from, via, day);
      if (first === null) continue;
      const second = direct(via, to, day);
      if (second !== null) return first.times(second);
    }
    return null;
  };

  const memo = new Map<string, Decimal | null>();
  return {
    rate(from, to, date) {
      if (from === to) return ONE;
      const key = `${from}/${to}/${date}`;
      const known = memo.get(key);
      if (known !== undefined) return known;
      const a = majorOf(from);
      const b = majorOf(to);
      const major = between(a.major, b.major, dayNumber(date));
      const rate = major === null ? null : major.times(b.perMajor).div(a.perMajor);
      memo.set(key, rate);
      return rate;
    },
  };
}

/**
 * Converts amounts into one target currency with a rate book, remembering every rate it lacked so that the
 * answer can list them (`fx_missing`) beside the null amounts.
 */
export class CurrencyConverter {
  readonly #missing = new Map<string, MissingRate>();

  constructor(
    private readonly book: RateBook,
    readonly target: string,
  ) {}

  /** `amount` in `from` on `date`, in the target currency; null (and the rate noted as missing) without a rate. */
  convert(amount: Decimal, from: string, date: string): Decimal | null {
    const rate = this.rateFrom(from, date);
    return rate === null ? null : amount.times(rate);
  }

  /** Units of the target for one unit of `from` on `date`; null (noted as missing) without a rate. */
  rateFrom(from: string, date: string): Decimal | null {
    const rate = this.book.rate(from, this.target, date);
    if (rate === null) {
      const base = majorOf(from).major;
      const quote = majorOf(this.target).major;
      this.#missing.set(`${base}/${quote}/${date}`, { base, quote, date });
    }
    return rate;
  }

  /** Like `rateFrom`, for a rate that is welcome but not needed: its absence is not noted as missing. */
  rateIfKnown(from: string, date: string): Decimal | null {
    return this.book.rate(from, this.target, date);
  }

  /** The rates that were needed and missing, by pair, then date. */
  missing(): MissingRate[] {
    return [...this.#missing.values()].sort(
      (a, b) => a.base.localeCompare(b.base) || a.quote.localeCompare(b.quote) || a.date.localeCompare(b.date),
    );
  }
}
