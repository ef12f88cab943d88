import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonDepthExceeds } from '../../../src/http/json-body.js';
import { findNul } from '../../../src/http/request-guard.js';

/** The nesting depth of a parsed JSON value, counted independently of the scanner under test. */
function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (v !== null && typeof v === 'object') {
      deepest = Math.max(deepest, d + 1);
      for (const child of Object.values(v)) stack.push([child, d + 1]);
    }
  }
  return deepest;
}

function nested(levels: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = i % 2 === 0 ? [value] : { k: value };
  return value;
}

describe('jsonDepthExceeds', () => {
  it('agrees with the depth of the parsed value for any JSON, strings full of brackets included', () => {
    const tricky = fc.constantFrom('[', ']', '{', '}', '"', '\\', '\\"', '[[{"', 'a');
    const text = fc.array(tricky, { maxLength: 8 }).map((parts) => parts.join(''));
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.integer(),
        fc.constant(null),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(text, tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 12 }), (v, limit) => {
        const json = JSON.stringify(v);
        expect(jsonDepthExceeds(json, limit)).toBe(depthOf(JSON.parse(json)) > limit);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a million levels without recursion and stops at the limit', () => {
    const text = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    expect(jsonDepthExceeds(text, 64)).toBe(true);
    expect(jsonDepthExceeds(JSON.stringify(nested(64, 1)), 64)).toBe(false);
    expect(jsonDepthExceeds(JSON.stringify(nested(65, 1)), 64)).toBe(true);
  });
});

describe('findNul', () => {
  it('names the first string with a NUL in document order, as a dotted path', () => {
    expect(findNul({ a: 'ok', b: ['x', 'y\u0000', 'z\u0000'], c: '\u0000' })).toBe('b.1');
    expect(findNul({ a: { b: { c: 'x\u0000' } } })).toBe('a.b.c');
    expect(findNul('\u0000')).toBe('');
    expect(findNul({ a: 1, b: [null, true, 'clean'] })).toBeNull();
  });

  it('walks data of any depth without recursion', () => {
    expect(findNul(nested(200_000, 'deep\u0000'))).toMatch(/^k\.0\.k\.0/);
    expect(findNul(nested(200_000, 'clean'))).toBeNull();
  });
});
