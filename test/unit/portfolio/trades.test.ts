import { describe, expect, it } from 'vitest';
import { formatSplitRatio, parseSplitRatio, splitFactor } from '../../../src/domain/portfolio/split-ratio.js';
import { type TradeDraft, validateTrade } from '../../../src/domain/portfolio/trades.js';
import { d } from './helpers.js';

describe('parseSplitRatio', () => {
  it.each([
    ['4:1', '4', '1'],
    ['1:10', '1', '10'],
    [' 3 : 2 ', '3', '2'],
    ['1.5:1', '1.5', '1'],
    ['04:01', '4', '1'],
  ])('parses %j', (text, numerator, denominator) => {
    const ratio = parseSplitRatio(text);
    expect(ratio?.numerator.toFixed()).toBe(numerator);
    expect(ratio?.denominator.toFixed()).toBe(denominator);
  });
  it.each(['4', '4:0', '0:1', '-4:1', '4:-1', '4/1', '4:1:1', 'a:b', '', '1e3:1', '4:1x', '1000001:1', ':1'])(
    'refuses %j',
    (text) => expect(parseSplitRatio(text)).toBeNull(),
  );
  it('takes a numerator/denominator pair (two columns) as well', () => {
    expect(parseSplitRatio({ numerator: '4', denominator: d(1) })?.numerator.toFixed()).toBe('4');
    expect(parseSplitRatio({ numerator: '0', denominator: '1' })).toBeNull();
    expect(parseSplitRatio({ numerator: 4, denominator: 1 })).toBeNull(); // numbers never carry decimals here
    expect(parseSplitRatio(null)).toBeNull();
    expect(parseSplitRatio(41)).toBeNull();
  });
  it('formats canonically and gives the share factor', () => {
    expect(formatSplitRatio(parseSplitRatio('04:1.0') as never)).toBe('4:1');
    expect(splitFactor(parseSplitRatio('1:10') as never).toFixed()).toBe('0.1');
  });
});

const valid = (draft: TradeDraft) => {
  const result = validateTrade(draft);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.trade;
};
const errors = (draft: TradeDraft) => {
  const result = validateTrade(draft);
  return result.ok ? [] : result.errors;
};

describe('validateTrade', () => {
  it('accepts a buy (numbers or strings) and defaults the fee to 0', () => {
    const trade = valid({ type: 'buy', quantity: 10, price: '150.25', tradeDate: '2024-01-02' });
    expect(trade).toMatchObject({ type: 'buy', amount: null, ratio: null, tradeDate: '2024-01-02', notes: '' });
    expect([trade.quantity?.toFixed(), trade.price?.toFixed(), trade.fee?.toFixed()]).toEqual(['10', '150.25', '0']);
  });
  it('accepts a sell with a fee, a price of 0 and fractional quantities', () => {
    const trade = valid({
      type: 'sell',
      quantity: '0.125',
      price: 0,
      fee: '1.5',
      tradeDate: '2024-01-02',
      notes: '  why  ',
    });
    expect([trade.quantity?.toFixed(), trade.price?.toFixed(), trade.fee?.toFixed(), trade.notes]).toEqual([
      '0.125',
      '0',
      '1.5',
      'why',
    ]);
  });
  it('accepts a dividend and a split, with the fields that do not apply as null', () => {
    expect(valid({ type: 'dividend', amount: '12.5', tradeDate: '2024-01-02' })).toMatchObject({
      quantity: null,
      price: null,
      fee: null,
      ratio: null,
    });
    expect(valid({ type: 'split', ratio: ' 4 : 1 ', tradeDate: '2024-01-02' })).toMatchObject({
      ratio: '4:1',
      quantity: null,
      amount: null,
      fee: null,
    });
  });
  it('normalizes a timestamp trade date to UTC', () => {
    expect(valid({ type: 'dividend', amount: 1, tradeDate: '2024-01-02T01:30:00+02:00' }).tradeDate).toBe(
      '2024-01-01T23:30:00.000Z',
    );
    expect(valid({ type: 'dividend', amount: 1, tradeDate: '2024-01-02T01:30:00' }).tradeDate).toBe(
      '2024-01-02T01:30:00.000Z',
    );
  });
  it.each<[TradeDraft, { field: string; message: string }[]]>([
    [
      { type: 'buy', quantity: 0, price: 1, tradeDate: '2024-01-02' },
      [{ field: 'quantity', message: 'must be greater than 0' }],
    ],
    [
      { type: 'buy', quantity: 1, price: -1, tradeDate: '2024-01-02' },
      [{ field: 'price', message: 'must be 0 or more' }],
    ],
    [
      { type: 'sell', quantity: 1, price: 1, fee: '-0.01', tradeDate: '2024-01-02' },
      [{ field: 'fee', message: 'must be 0 or more' }],
    ],
    [{ type: 'buy', price: 1, tradeDate: '2024-01-02' }, [{ field: 'quantity', message: 'is required for a buy' }]],
    [{ type: 'sell', quantity: 1, tradeDate: '2024-01-02' }, [{ field: 'price', message: 'is required for a sell' }]],
    [
      { type: 'buy', quantity: 'ten', price: 1, tradeDate: '2024-01-02' },
      [{ field: 'quantity', message: 'must be a decimal number' }],
    ],
    [
      { type: 'buy', quantity: '1e3', price: 1, tradeDate: '2024-01-02' },
      [{ field: 'quantity', message: 'must be a decimal number' }],
    ],
    [
      { type: 'buy', quantity: Number.NaN, price: 1, tradeDate: '2024-01-02' },
      [{ field: 'quantity', message: 'must be a decimal number' }],
    ],
    [
      { type: 'buy', quantity: true, price: 1, tradeDate: '2024-01-02' },
      [{ field: 'quantity', message: 'must be a decimal number' }],
    ],
    [
      { type: 'buy', quantity: '1000000000000000', price: 1, tradeDate: '2024-01-02' },
      [{ field: 'quantity', message: 'must be less than 1000000000000000' }],
    ],
    [
      { type: 'buy', quantity: 1, price: 1, amount: 5, ratio: '2:1', tradeDate: '2024-01-02' },
      [
        { field: 'amount', message: 'does not apply to a buy' },
        { field: 'ratio', message: 'does not apply to a buy' },
      ],
    ],
    [
      { type: 'dividend', amount: 0, tradeDate: '2024-01-02' },
      [{ field: 'amount', message: 'must be greater than 0' }],
    ],
    [{ type: 'dividend', tradeDate: '2024-01-02' }, [{ field: 'amount', message: 'is required for a dividend' }]],
    [
      { type: 'dividend', amount: 1, quantity: 1, fee: 0, tradeDate: '2024-01-02' },
      [
        { field: 'quantity', message: 'does not apply to a dividend' },
        { field: 'fee', message: 'does not apply to a dividend' },
      ],
    ],
    [{ type: 'split', tradeDate: '2024-01-02' }, [{ field: 'ratio', message: 'is required for a split' }]],
    [
      { type: 'split', ratio: '4:0', tradeDate: '2024-01-02' },
      [{ field: 'ratio', message: 'must be a ratio such as 4:1 (two numbers greater than 0)' }],
    ],
    [
      { type: 'split', ratio: '4:1', price: 3, tradeDate: '2024-01-02' },
      [{ field: 'price', message: 'does not apply to a split' }],
    ],
    [
      { type: 'swap', tradeDate: '2024-01-02' },
      [{ field: 'type', message: 'must be one of buy, sell, dividend, split' }],
    ],
    [{ type: 'dividend', amount: 1 }, [{ field: 'trade_date', message: 'is required' }]],
    [
      { type: 'dividend', amount: 1, tradeDate: '2023-02-29' },
      [{ field: 'trade_date', message: 'must be a date (YYYY-MM-DD) or an ISO 8601 timestamp' }],
    ],
    [
      { type: 'dividend', amount: 1, tradeDate: '2024-01-02T25:00:00Z' },
      [{ field: 'trade_date', message: 'must be a date (YYYY-MM-DD) or an ISO 8601 timestamp' }],
    ],
    [
      { type: 'dividend', amount: 1, tradeDate: 20240102 },
      [{ field: 'trade_date', message: 'must be a date (YYYY-MM-DD) or an ISO 8601 timestamp' }],
    ],
    [
      { type: 'dividend', amount: 1, tradeDate: '2024-01-02', notes: 'x'.repeat(1001) },
      [{ field: 'notes', message: 'must be at most 1000 characters' }],
    ],
    [{ type: 'dividend', amount: 1, tradeDate: '2024-01-02', notes: 5 }, [{ field: 'notes', message: 'must be text' }]],
  ])('refuses %j', (draft, expected) => {
    expect(errors(draft)).toEqual(expected);
  });
  it('treats null as absent (a client may send back the nulls of an answer)', () => {
    expect(
      valid({
        type: 'dividend',
        amount: 1,
        quantity: null,
        price: null,
        fee: null,
        ratio: null,
        tradeDate: '2024-01-02',
        notes: null,
      }).notes,
    ).toBe('');
  });
  it('counts notes in characters, not UTF-16 units', () => {
    expect(validateTrade({ type: 'dividend', amount: 1, tradeDate: '2024-01-02', notes: '😀'.repeat(1000) }).ok).toBe(
      true,
    );
  });
  it('reports every broken rule at once', () => {
    expect(errors({ type: 'buy', quantity: -1, price: 'x', tradeDate: 'soon' }).map((e) => e.field)).toEqual([
      'trade_date',
      'quantity',
      'price',
    ]);
  });
});
