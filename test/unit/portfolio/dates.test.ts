import { describe, expect, it } from 'vitest';
import { dayNumber, isDay, normalizeTradeDate, toDay } from '../../../src/domain/portfolio/dates.js';

describe('trade dates', () => {
  it.each([
    ['2024-02-29', '2024-02-29'],
    ['  2024-01-02 ', '2024-01-02'],
    ['2024-01-02T10:00:00Z', '2024-01-02T10:00:00.000Z'],
    ['2024-01-02T10:00Z', '2024-01-02T10:00:00.000Z'],
    ['2024-01-02 10:00:00.123456+00', '2024-01-02T10:00:00.123Z'],
    ['2024-01-02T00:30:00-05:30', '2024-01-02T06:00:00.000Z'],
    ['2024-01-02T10:00:00', '2024-01-02T10:00:00.000Z'],
  ])('normalizes %j', (text, expected) => expect(normalizeTradeDate(text)).toBe(expected));

  it.each([
    '2023-02-29',
    '2024-13-01',
    '2024-1-2',
    '0050-01-01',
    '2024-01-02T24:00:00Z',
    '2024-01-02T10:60Z',
    'yesterday',
    '',
  ])('refuses %j', (text) => expect(normalizeTradeDate(text)).toBeNull());

  it('reduces stored values to their UTC day', () => {
    expect(toDay('2024-01-02')).toBe('2024-01-02');
    expect(toDay('2024-01-02T23:59:59.999Z')).toBe('2024-01-02');
    expect(toDay('2024-01-03T01:00:00+02:00')).toBe('2024-01-02');
    expect(toDay(new Date('2024-01-02T12:00:00Z'))).toBe('2024-01-02');
    expect(() => toDay('someday')).toThrow(RangeError);
    expect(() => toDay(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('counts days', () => {
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('2024-03-01') - dayNumber('2024-02-28')).toBe(2);
    expect(isDay('2024-02-30')).toBe(false);
  });
});
