import fc from 'fast-check';
import type { JsonSchema, Operation } from './openapi.js';

/**
 * Hostile requests generated from the service's own OpenAPI document: bodies and queries drawn from
 * each operation's schemas (so that many are valid and reach the domain), then mutated as an attacker
 * would. The pools hold the values that make a field meaningful (ids of this test's records, dates,
 * decimals), so that generated requests pass validation often enough to exercise the rules behind it.
 */
export interface Pools {
  /** Ids of the caller's own records, by kind (stock, portfolio, ...). */
  own: Record<string, string>;
  /** Ids of another household's records, by the same kinds. */
  foreign: Record<string, string>;
}

export interface FuzzRequest {
  method: string;
  path: string;
  url: string;
  who: string;
  /** The kind of id each path parameter got: own, foreign or malformed. */
  ids: Array<'own' | 'foreign' | 'malformed'>;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202e\u0301',
  '😀'.repeat(50),
  'x'.repeat(10_001),
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '%s%n%x',
  '../../etc/passwd',
  '$'.concat('{7*7}{{7*7}}'),
  '１２３',
  '0x1F',
  '1e400',
  '-1e400',
  'NaN',
  'Infinity',
  '-0',
  '0000-00-00',
  '2024-02-30',
  '9999-12-31T23:59:60Z',
  '__proto__',
];
const HOSTILE_VALUES: unknown[] = [
  ...HOSTILE_STRINGS,
  0,
  -1,
  1e308,
  -1e308,
  2 ** 53 + 1,
  0.1 + 0.2,
  true,
  false,
  null,
  [],
  {},
  [null],
  { a: { b: { c: 1 } } },
  Array.from({ length: 200 }, (_, i) => i),
];
const MALFORMED_IDS = [
  'x',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  `${'a'.repeat(101)}`,
  '%ZZ',
  '%C0%AF',
  '..%2F..%2Fetc',
  "'%20OR%201=1",
  '%F0%9F%98%80',
  '0',
];
const DATES = ['2024-01-02', '2024-03-15', '2023-12-29', '2024-01-02T15:30:00Z', '2025-06-30', '1999-01-01'];
const DECIMALS = ['1', '10', '0', '0.5', '100.25', '3', 2, 1.5, '0.00000001', '-5', '1e3'];

function idKind(name: string): string | null {
  const match = /^(\w+?)_id$/.exec(name);
  if (match === null) return null;
  return match[1] === 'transaction' ? 'transaction' : (match[1] ?? null);
}

/** A value for one field: from its name's pool when the name says what it is, else from its schema. */
function fieldValue(name: string, schema: JsonSchema, pools: Pools): fc.Arbitrary<unknown> {
  const kind = idKind(name);
  if (kind !== null) {
    const own = pools.own[kind];
    const foreign = pools.foreign[kind];
    return fc.oneof(
      { arbitrary: fc.constant(own ?? MALFORMED_IDS[1]), weight: 6 },
      { arbitrary: fc.constant(foreign ?? MALFORMED_IDS[2]), weight: 1 },
      { arbitrary: fc.constantFrom(...MALFORMED_IDS), weight: 1 },
    );
  }
  if (/date|^from$|^to$/.test(name)) return fc.constantFrom(...DATES);
  if (/quantity|price|fee|amount|close|balance|deposits|withdrawals|index_change|limit/.test(name))
    return fc.constantFrom(...DECIMALS);
  if (name === 'symbol') return fc.constantFrom('AAPL', 'msft', 'BRK.B', 'RDS-A', '7203.T', 'TOOLONGSYMBOL', 'A');
  if (name === 'email') return fc.constantFrom('owner@example.com', 'new@example.com', 'NEW@EXAMPLE.COM', 'bad');
  if (name === 'password') return fc.constantFrom('short', 'correct-horse-battery', 'x'.repeat(200));
  if (name === 'ratio') return fc.constantFrom('4:1', '1:2', '0:1', '3', '1:0');
  if (name === 'type') return fc.constantFrom('buy', 'sell', 'dividend', 'split', 'BUY', 'gift');
  if (name === 'role') return fc.constantFrom('owner', 'member', 'viewer', 'admin');
  if (name === 'status') return fc.constantFrom('active', 'hit', 'failed', 'cancelled', 'done');
  if (name === 'sentiment') return fc.constantFrom('bullish', 'bearish', 'neutral', 'angry');
  if (name === 'sector') return fc.constantFrom('Energy', 'information technology', 'Nope');
  if (name === 'industry_group') return fc.constantFrom('Energy', 'Software & Services', 'Banks', 'Nope');
  if (name === 'grade') return fc.constantFrom('A', 'b', 'F', 'Z');
  if (name === 'cost_basis_method') return fc.constantFrom('average', 'fifo', 'lifo');
  if (name === 'currency') return fc.constantFrom('USD', 'eur', 'XXXX', '');
  if (name === 'sort') return fc.constantFrom('symbol:asc', 'created_at:desc', 'nope:asc', 'symbol:sideways');
  if (name === 'page' || name === 'size') return fc.constantFrom(1, 2, 100, 101, 0, -1, '1.5', 'x');
  return fromSchema(schema, pools);
}

/** Any value that the schema admits, drawn from its types, bounds and enums. */
export function fromSchema(schema: JsonSchema, pools: Pools): fc.Arbitrary<unknown> {
  const options = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(options)) return fc.oneof(...options.map((s: JsonSchema) => fromSchema(s, pools)));
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const base = baseOf(schema, pools);
  return schema.nullable ? fc.oneof(base, fc.constant(null)) : base;
}

function baseOf(schema: JsonSchema, pools: Pools): fc.Arbitrary<unknown> {
  switch (schema.type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const record = Object.fromEntries(
        Object.entries(properties).map(([name, s]) => [name, fieldValue(name, s, pools)]),
      );
      return fc.record(record, { requiredKeys: (schema.required ?? []) as string[] });
    }
    case 'array':
      return fc.array(fromSchema(schema.items ?? {}, pools), { maxLength: Math.min(schema.maxItems ?? 4, 4) });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -5, max: schema.maximum ?? 1000 });
    case 'number':
      return fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.double({ noNaN: true }));
    case 'boolean':
      return fc.boolean();
    case 'string':
      return fc.oneof(
        { arbitrary: fc.string({ maxLength: Math.min(schema.maxLength ?? 40, 40) }), weight: 3 },
        { arbitrary: fc.constantFrom(...DATES, 'Note', 'Growth'), weight: 1 },
      );
    default:
      return fc.constantFrom(...HOSTILE_VALUES);
  }
}

/** What an attacker does to a body that the schema would accept. */
function mutated(body: unknown): fc.Arbitrary<unknown> {
  const object = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as object) : {};
  const keys = Object.keys(object);
  const withKey = (key: string, value: unknown) => ({ ...object, [key]: value });
  const hostile = fc.constantFrom(...HOSTILE_VALUES);
  return fc.oneof(
    keys.length > 0
      ? fc.tuple(fc.constantFrom(...keys), hostile).map(([key, value]) => withKey(key, value))
      : hostile.map((value) => withKey('x', value)),
    keys.length > 0
      ? fc.constantFrom(...keys).map((key) => {
          const copy: Record<string, unknown> = { ...object };
          delete copy[key];
          return copy;
        })
      : fc.constant([]),
    fc.constantFrom('unknown_field', 'constructor', 'prototype', 'admin').map((key) => withKey(key, true)),
    fc.constantFrom(...HOSTILE_VALUES),
  );
}

const RAW_BODIES: Array<string | Buffer> = [
  '',
  '{',
  '{"a":}',
  '[1,2,',
  'null',
  '"just a string"',
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"admin":true}}}',
  `${'['.repeat(65)}${']'.repeat(65)}`,
  `{"a":${'['.repeat(50_000)}${']'.repeat(50_000)}}`,
  `[${'1,'.repeat(50_000)}1]`,
  '\ufeff{}',
  Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
  Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80]),
];
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=latin1',
];

/** Percent-encoded; a lone surrogate, which has no UTF-8, goes out as the bytes of one (invalid UTF-8). */
function encodeQueryValue(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return `${encodeURIComponent(value.replace(/[\ud800-\udfff]/g, ''))}%ED%A0%80`;
  }
}

function queryOf(op: Operation, pools: Pools, clean: boolean): fc.Arbitrary<string> {
  if (op.query.length === 0)
    return clean
      ? fc.constant('')
      : fc.oneof({ arbitrary: fc.constant(''), weight: 3 }, { arbitrary: fc.constant('?x=1&x=2'), weight: 1 });
  const param = fc
    .constantFrom(...op.query)
    .chain(({ name, schema }) =>
      fc
        .oneof(
          { arbitrary: fieldValue(name, schema, pools), weight: 4 },
          { arbitrary: fc.constantFrom(...HOSTILE_STRINGS), weight: clean ? 0 : 2 },
        )
        .map((value) => `${encodeURIComponent(name)}=${encodeQueryValue(String(value))}`),
    );
  return fc.array(param, { maxLength: 3 }).map((parts) => (parts.length === 0 ? '' : `?${parts.join('&')}`));
}

const KIND_OF_RESOURCE: Record<string, string> = {
  stocks: 'stock',
  portfolios: 'portfolio',
  targets: 'target',
  journal: 'journal',
  members: 'member',
};

function pathOf(op: Operation, pools: Pools, clean: boolean): fc.Arbitrary<{ url: string; ids: FuzzRequest['ids'] }> {
  const kindOf = (param: string) =>
    param === 'id'
      ? (KIND_OF_RESOURCE[/^\/api\/v1\/(?:household\/)?(\w+)/.exec(op.path)?.[1] ?? ''] ?? param)
      : (idKind(param) ?? param);
  const one = (param: string) =>
    fc.oneof(
      { arbitrary: fc.constant(['own', pools.own[kindOf(param)] ?? 'x'] as const), weight: 4 },
      { arbitrary: fc.constant(['foreign', pools.foreign[kindOf(param)] ?? 'x'] as const), weight: clean ? 0 : 2 },
      { arbitrary: fc.constantFrom(...MALFORMED_IDS).map((id) => ['malformed', id] as const), weight: clean ? 0 : 2 },
    );
  return fc.tuple(...op.pathParams.map(one)).map((chosen) => {
    let i = 0;
    const url = op.path.replace(/\{\w+\}/g, () => {
      const [kind, id] = chosen[i++] as readonly [string, string];
      return kind === 'malformed' ? id : encodeQueryValue(id);
    });
    return { url, ids: chosen.map(([kind]) => kind) as FuzzRequest['ids'] };
  });
}

type Body = { payload?: string | Buffer; contentType?: string };
const asJson = (value: unknown): Body => ({ payload: JSON.stringify(value), contentType: 'application/json' });

function bodyOf(op: Operation, pools: Pools, examples: unknown[], clean: boolean): fc.Arbitrary<Body> {
  const raw = fc.constantFrom(...RAW_BODIES).map((payload): Body => ({ payload, contentType: 'application/json' }));
  if (op.body === null)
    return clean ? fc.constant({}) : fc.oneof({ arbitrary: fc.constant({}), weight: 2 }, { arbitrary: raw, weight: 1 });
  const drawn = fromSchema(op.body, pools);
  const valid =
    examples.length > 0
      ? fc.oneof({ arbitrary: drawn, weight: 1 }, { arbitrary: fc.constantFrom(...examples), weight: 2 })
      : drawn;
  if (clean) return valid.map(asJson);
  return fc.oneof(
    { arbitrary: valid.chain(mutated).map(asJson), weight: 8 },
    { arbitrary: raw, weight: 3 },
    {
      arbitrary: fc
        .tuple(valid, fc.constantFrom(...CONTENT_TYPES))
        .map(([v, contentType]): Body => ({ payload: JSON.stringify(v), contentType })),
      weight: 2,
    },
    { arbitrary: fc.constant({ payload: '{}' }), weight: 1 },
  );
}

const IDEMPOTENCY_KEYS = ['key-1', 'key-2', ' ', 'k'.repeat(300), 'é'];

/**
 * One request against `operations`: a third are clean (valid bodies and the caller's own ids, sent by
 * an owner or a member, so that they reach the domain's rules), the rest hostile (mutated bodies,
 * foreign and malformed ids, bad encodings, any caller of `who`, by weight). `examples` are bodies known
 * to meet the domain's rules, by `METHOD path`, drawn beside the bodies drawn from the schema.
 */
export function fuzzRequest(
  operations: Operation[],
  who: Record<string, number>,
  pools: Pools,
  examples: Record<string, unknown[]> = {},
): fc.Arbitrary<FuzzRequest> {
  const callers = (clean: boolean) =>
    fc.oneof(
      ...Object.entries(who)
        .filter(([name]) => !clean || name === 'owner' || name === 'member')
        .map(([name, weight]) => ({ arbitrary: fc.constant(name), weight })),
    );
  // Operations with a body have the most to get wrong: they are drawn twice as often.
  const operation = fc.oneof(
    ...operations.map((op) => ({ arbitrary: fc.constant(op), weight: op.body === null ? 1 : 2 })),
  );
  const mode = fc.oneof({ arbitrary: fc.constant(true), weight: 1 }, { arbitrary: fc.constant(false), weight: 2 });
  return fc.tuple(operation, mode).chain(([op, clean]) =>
    fc
      .record({
        who: callers(clean),
        path: pathOf(op, pools, clean),
        query: queryOf(op, pools, clean),
        body: bodyOf(op, pools, examples[`${op.method} ${op.path}`] ?? [], clean),
        idempotencyKey: fc.oneof(
          { arbitrary: fc.constant(null), weight: 4 },
          { arbitrary: fc.constantFrom(...(clean ? IDEMPOTENCY_KEYS.slice(0, 2) : IDEMPOTENCY_KEYS)), weight: 1 },
        ),
      })
      .map(({ who: name, path, query, body, idempotencyKey }) => ({
        method: op.method,
        path: op.path,
        url: `${path.url}${query}`,
        who: name,
        ids: path.ids,
        headers: {
          ...(body.contentType !== undefined ? { 'content-type': body.contentType } : {}),
          ...(idempotencyKey !== null && op.method === 'POST' ? { 'idempotency-key': idempotencyKey } : {}),
        },
        ...(body.payload !== undefined ? { payload: body.payload } : {}),
      })),
  );
}
