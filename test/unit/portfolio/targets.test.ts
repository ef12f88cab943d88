import { describe, expect, it } from 'vitest';
import {
  canTransition,
  evaluateTarget,
  evaluateTargetOnCloses,
  isTargetStatus,
  TARGET_STATUSES,
  type TargetStatus,
  transitionTarget,
  validateTargetPrices,
} from '../../../src/domain/portfolio/targets.js';
import { d } from './helpers.js';

describe('target transitions', () => {
  const allowed = new Set(['active→hit', 'active→failed', 'active→cancelled', 'cancelled→active']);
  const pairs = TARGET_STATUSES.flatMap((from) =>
    TARGET_STATUSES.map((to) => [from, to] as [TargetStatus, TargetStatus]),
  );
  it.each(pairs)('%s → %s', (from, to) => {
    const ok = allowed.has(`${from}→${to}`);
    expect(canTransition(from, to)).toBe(ok);
    const result = transitionTarget(from, to);
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.message).toMatch(new RegExp(`^A target cannot go from ${from} to ${to}: `));
  });
  it('explains a refusal', () => {
    expect(transitionTarget('hit', 'active')).toEqual({
      ok: false,
      message: 'A target cannot go from hit to active: a hit target is final',
    });
    expect(transitionTarget('cancelled', 'hit')).toEqual({
      ok: false,
      message: 'A target cannot go from cancelled to hit: a cancelled target can only become active',
    });
  });
  it('recognizes statuses', () => {
    expect(isTargetStatus('active')).toBe(true);
    expect(isTargetStatus('Active')).toBe(false);
    expect(isTargetStatus(3)).toBe(false);
  });
});

describe('evaluateTarget', () => {
  const long = { status: 'active' as const, pivotPrice: d(120), failurePrice: d(90) };
  const short = { status: 'active' as const, pivotPrice: d(80), failurePrice: d(100) };
  it.each([
    ['120', 'hit'],
    ['130.5', 'hit'],
    ['119.99', null],
    ['90.01', null],
    ['90', 'failed'],
    ['10', 'failed'],
  ])('long target (pivot 120 > failure 90), close %s → %s', (close, expected) => {
    expect(evaluateTarget(long, d(close))).toBe(expected);
  });
  it.each([
    ['80', 'hit'],
    ['70', 'hit'],
    ['80.01', null],
    ['99.99', null],
    ['100', 'failed'],
    ['150', 'failed'],
  ])('short target (pivot 80 < failure 100), close %s → %s', (close, expected) => {
    expect(evaluateTarget(short, d(close))).toBe(expected);
  });
  it('pivot = failure: at or above is hit, below failed', () => {
    const flat = { status: 'active' as const, pivotPrice: d(50), failurePrice: d(50) };
    expect(evaluateTarget(flat, d(50))).toBe('hit');
    expect(evaluateTarget(flat, d('49.99'))).toBe('failed');
  });
  it('only an active target is evaluated', () => {
    for (const status of ['hit', 'failed', 'cancelled'] as const)
      expect(evaluateTarget({ ...long, status }, d(500))).toBeNull();
  });
  it('a batch of closes decides at the first crossing in date order', () => {
    const closes = [
      { date: '2024-01-05', close: d(125) },
      { date: '2024-01-03', close: d(85) },
      { date: '2024-01-01', close: d(100) },
    ];
    expect(evaluateTargetOnCloses(long, closes)).toEqual({ status: 'failed', date: '2024-01-03', close: d(85) });
    expect(evaluateTargetOnCloses(long, [{ date: '2024-01-01', close: d(100) }])).toBeNull();
  });
});

describe('validateTargetPrices', () => {
  it('needs two decimals greater than 0', () => {
    expect(validateTargetPrices({ pivotPrice: '120.5', failurePrice: 90 })).toEqual([]);
    expect(validateTargetPrices({ pivotPrice: 0, failurePrice: 'x' })).toEqual([
      { field: 'pivot_price', message: 'must be greater than 0' },
      { field: 'failure_price', message: 'must be a decimal number' },
    ]);
    expect(validateTargetPrices({})).toEqual([
      { field: 'pivot_price', message: 'is required' },
      { field: 'failure_price', message: 'is required' },
    ]);
  });
});
