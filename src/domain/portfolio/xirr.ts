import { Decimal } from '../decimal.js';
import { dayNumber } from './dates.js';

/** A dated amount: negative when money goes into the investment, positive when it comes back. */
export interface CashFlow {
  date: string;
  amount: Decimal;
}

/**
 * The search runs over x = ln(1 + r), where the value is a plain sum of exponentials and rates close to
 * -100 % stay representable. These points bracket every rate from -100 % + e^-40 (about -100 %) to e^40
 * (about 2·10^19 %): a gain of 10 % within one day annualizes to x ≈ 34.8.
 */
const GRID = [
  -40,
  -30,
  -20,
  -15,
  -10,
  -7,
  -5,
  -4,
  -3,
  -2.5,
  -2,
  -1.5,
  -1,
  -0.7,
  -0.5,
  -0.3,
  -0.2,
  -0.1,
  -0.05,
  0,
  0.05,
  Math.log1p(0.1),
  0.15,
  0.2,
  0.3,
  0.5,
  0.7,
  1,
  1.5,
  2,
  3,
  4,
  5,
  7,
  10,
  15,
  20,
  30,
  40,
];
/** The usual first guess of spreadsheets (10 %); when several rates solve, the one nearest to it is returned. */
const GUESS = Math.log1p(0.1);
const MAX_ITERATIONS = 200;

/**
 * XIRR: the annual rate r at which Σ amount / (1 + r)^(days since the first flow / 365) = 0 (actual/365, as
 * spreadsheets compute it). Returned as a fraction (0.1234 = 12.34 %).
 * Null when there is nothing to solve: no flows, flows only one way, all flows on one day, or no rate makes
 * the value zero (some mixed flows have none; rates beyond the range above are treated the same).
 *
 * The amounts are summed per day exactly (Decimal); the root search itself runs in binary floating point.
 * That is a deliberate, safe exception to "no floats": the result is a dimensionless rate shown with two
 * decimals in percent, the amounts are scaled to at most 1 in magnitude first, and float64's 15-16
 * significant digits leave the rate exact far beyond what is shown; the rate is rebuilt from x in Decimal,
 * so even a rate within 10^-10 of -100 % keeps its digits. Evaluating (1 + r)^t in Decimal for a few
 * thousand dates per iteration would cost seconds, far over the analytics budget.
 * The search brackets a sign change on a fixed grid (taking the bracket nearest 10 %), then runs Newton's
 * method, falling back to bisection whenever a step leaves the bracket: it always converges.
 */
export function xirr(flows: readonly CashFlow[]): Decimal | null {
  const byDay = new Map<string, Decimal>();
  for (const flow of flows) byDay.set(flow.date, (byDay.get(flow.date) ?? new Decimal(0)).plus(flow.amount));
  const entries = [...byDay].filter(([, amount]) => !amount.isZero());
  if (!entries.some(([, a]) => a.isPositive()) || !entries.some(([, a]) => a.isNegative())) return null;

  const start = Math.min(...entries.map(([date]) => dayNumber(date)));
  const largest = Decimal.max(...entries.map(([, amount]) => amount.abs())).toNumber();
  const years = entries.map(([date]) => (dayNumber(date) - start) / 365);
  const amounts = entries.map(([, amount]) => amount.toNumber() / largest);
  if (years.every((t) => t === 0)) return null;

  // f(x) = Σ a·e^(−t·x) and its derivative, x = ln(1 + r).
  const value = (x: number): number => {
    let total = 0;
    for (let i = 0; i < years.length; i++) total += (amounts[i] as number) * Math.exp(-(years[i] as number) * x);
    return total;
  };
  const slope = (x: number): number => {
    let total = 0;
    for (let i = 0; i < years.length; i++) {
      const t = years[i] as number;
      total -= t * (amounts[i] as number) * Math.exp(-t * x);
    }
    return total;
  };

  const bracket = findBracket(value);
  if (bracket === null) return null;
  const x = typeof bracket === 'number' ? bracket : solve(value, slope, bracket);
  // 1 + r = e^x is known to float precision (16 digits); keeping it relative keeps rates near -100 % exact.
  return x === null ? null : new Decimal(x.toPrecision(17)).exp().toSignificantDigits(16).minus(1);
}

type Bracket = { lo: number; hi: number; valueAtLo: number };

/** The sign change (or exact root) on the grid nearest to the guess; null when the value never changes sign. */
function findBracket(value: (x: number) => number): Bracket | number | null {
  const values = GRID.map(value);
  let best: Bracket | number | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  const consider = (candidate: Bracket | number, lo: number, hi: number): void => {
    const distance = GUESS < lo ? lo - GUESS : GUESS > hi ? GUESS - hi : 0;
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  };
  for (let k = 0; k < GRID.length; k++) {
    const x = GRID[k] as number;
    const v = values[k] as number;
    if (v === 0) consider(x, x, x);
    if (k === 0) continue;
    const prev = values[k - 1] as number;
    if (!Number.isFinite(prev) || !Number.isFinite(v) || prev === 0 || v === 0) continue;
    if (Math.sign(prev) !== Math.sign(v)) {
      const lo = GRID[k - 1] as number;
      consider({ lo, hi: x, valueAtLo: prev }, lo, x);
    }
  }
  return best;
}

function solve(value: (x: number) => number, slope: (x: number) => number, bracket: Bracket): number | null {
  let { lo, hi } = bracket;
  const signAtLo = Math.sign(bracket.valueAtLo);
  let x = GUESS > lo && GUESS < hi ? GUESS : lo + (hi - lo) / 2;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const v = value(x);
    if (v === 0) return x;
    if (Math.sign(v) === signAtLo) lo = x;
    else hi = x;
    const newton = x - v / slope(x);
    const next = Number.isFinite(newton) && newton > lo && newton < hi ? newton : lo + (hi - lo) / 2;
    const tolerance = 1e-15 * Math.max(1, Math.abs(next));
    if (Math.abs(next - x) <= tolerance || hi - lo <= tolerance) return next;
    x = next;
  }
  return hi - lo <= 1e-9 * Math.max(1, Math.abs(x)) ? x : null;
}
