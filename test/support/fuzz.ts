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
  /** The kind of id each path parameter got: own, foreign or malformed (a non-uuid, a uuid of nothing, another kind's id). */
  ids: Array<'own' | 'foreign' | 'malformed'>;
  /** What the request's hostile part was, for the report: `clean` or the mutation's name. */
  mutation: string;
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
  'constructor',
  'prototype',
  "'; DROP TABLE users; --",
  '" OR ""="',
  "1' UNION SELECT password_hash FROM users --",
  '<img src=x onerror=alert(1)>',
  '"><svg/onload=alert(1)>',
  '%p%p%p%p',
  '{0}{1}%d',
  '\u0007\u001b[31mred\u001b[0m',
  '\r\nX-Injected: 1',
  '\t\v\f\b',
  '\u0085\u2028\u2029',
  '\ufeff',
  '\ud83d',
  '\udc00\ud800',
  `${'\u0000'.repeat(100)}`,
  `'<>"&%$\\`.repeat(1_500),
];
const HOSTILE_VALUES: unknown[] = [
  ...HOSTILE_STRINGS,
  0,
  -1,
  1e308,
  -1e308,
  2 ** 53 + 1,
  -(2 ** 53) - 1,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  0.1,
  '9007199254740993',
  '1e309',
  'NaN',
  '-Infinity',
  '0x10',
  '1_000',
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
/**
 * Number literals that JSON.stringify cannot write (out of double range, negative zero, NaN, an integer
 * beyond 2^53): a value `raw(literal)` is written into the JSON text as the bare literal.
 */
const RAW_MARK = '\u0001raw:';
const raw = (literal: string) => `${RAW_MARK}${literal}`;
const RAW_NUMBERS = [
  '1e309',
  '-1e309',
  '-0',
  '-0.0',
  'NaN',
  'Infinity',
  '9007199254740993',
  '-9007199254740993',
  '123456789012345678901234567890',
  '1e-400',
  '4.9e-325',
  '0.1e1',
  '1E+2',
  '00',
  '01',
  '.5',
  '1.',
  '+1',
].map(raw);

/** JSON text of `value`, with the `raw(...)` markers turned into bare literals. */
export function toJson(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0001raw:([^"]*)"/g, '$1');
}

/** `depth` levels of arrays or objects around a value: beyond any sane depth limit (64). */
function nested(depth: number, asObject: boolean, inner: unknown = 1): unknown {
  let value = inner;
  for (let i = 0; i < depth; i++) value = asObject ? { a: value } : [value];
  return value;
}
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];
const POLLUTION: unknown[] = [{ admin: true, polluted: 'yes' }, { prototype: { admin: true } }, 'polluted', null];

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
  '00000000-0000-4000-8000-000000000001',
  '00000000000000000000000000000000',
  '{00000000-0000-0000-0000-000000000000}',
  'ABCDEFAB-CDEF-4ABC-8DEF-ABCDEFABCDEF',
  'a'.repeat(36),
  '%00',
  'null',
  '__proto__',
  'constructor',
  '-1',
  '1e309',
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

/** A copy of `value` with an own property `key` (even `__proto__`) set in the object at the end of `path`. */
function setAt(value: unknown, path: string[], key: string, leaf: unknown): unknown {
  if (Array.isArray(value)) {
    const [head, ...rest] = path;
    return value.map((item, i) => (String(i) === head ? setAt(item, rest, key, leaf) : item));
  }
  const copy: Record<string, unknown> = value !== null && typeof value === 'object' ? { ...value } : {};
  const [head, ...rest] = path;
  const entry = head ?? key;
  const next = head === undefined ? leaf : setAt(copy[head], rest, key, leaf);
  Object.defineProperty(copy, entry, { value: next, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** The paths to every object inside `value` (the root is []), for mutations at any depth. */
function containers(value: unknown, path: string[] = [], out: string[][] = []): string[][] {
  if (value === null || typeof value !== 'object') return out;
  if (!Array.isArray(value)) out.push(path);
  for (const [key, child] of Object.entries(value)) containers(child, [...path, key], out);
  return out;
}

/** What an attacker does to a body that the schema would accept, named for the report. */
function mutated(body: unknown): fc.Arbitrary<[string, unknown]> {
  const object = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as object) : {};
  const keys = Object.keys(object);
  const withKey = (key: string, value: unknown) => setAt(object, [], key, value);
  const hostile = fc.constantFrom(...HOSTILE_VALUES);
  const places = containers(object);
  const field = keys.length > 0 ? fc.constantFrom(...keys) : fc.constant('x');
  const named = (name: string, arbitrary: fc.Arbitrary<unknown>) =>
    arbitrary.map((value): [string, unknown] => [name, value]);
  return fc.oneof(
    { arbitrary: named('field', mutatedField(object, keys, withKey, hostile)), weight: 6 },
    {
      arbitrary: named(
        'number',
        fc.tuple(field, fc.constantFrom(...RAW_NUMBERS)).map(([k, v]) => withKey(k, v)),
      ),
      weight: 2,
    },
    {
      arbitrary: named(
        'proto',
        fc
          .tuple(fc.constantFrom(...places), fc.constantFrom(...PROTO_KEYS), fc.constantFrom(...POLLUTION))
          .map(([path, key, leaf]) => setAt(object, path, key, leaf)),
      ),
      weight: 2,
    },
    {
      arbitrary: named(
        'deep',
        fc
          .tuple(field, fc.integer({ min: 65, max: 2_000 }), fc.boolean())
          .map(([k, depth, asObject]) => withKey(k, nested(depth, asObject))),
      ),
      weight: 1,
    },
    {
      arbitrary: named(
        'wrong type',
        fc.tuple(field, fc.constantFrom(...WRONG_TYPES)).map(([k, v]) => withKey(k, v)),
      ),
      weight: 2,
    },
  );
}

/** A value of another JSON type than the field's (strings for numbers, numbers for strings, ...). */
const WRONG_TYPES: unknown[] = [0, 1.5, -1, true, false, null, '', '1', [], ['1'], {}, { value: '1' }, [[[]]]];

function mutatedField(
  object: object,
  keys: string[],
  withKey: (key: string, value: unknown) => unknown,
  hostile: fc.Arbitrary<unknown>,
): fc.Arbitrary<unknown> {
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
  '1e309',
  '-0',
  'NaN',
  '{"a":1e309}',
  '{"__proto__":{"__proto__":{"admin":true}},"constructor":{"prototype":{"polluted":1}}}',
  JSON.stringify(nested(100, true)),
  `{"a":"${'\\ud800'.repeat(10)}"}`,
  '{"a":"\u0000\u0001\u001f"}',
  '{"a":1,"a":2}',
  ' \n\t ',
  '\u0000',
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
  'application/json; charset=utf-16',
  'application/json; charset=nope',
  'application/json; charset=utf-8; boundary=x',
  'application/jsonx',
  'application/vnd.api+json',
  'text/json',
  'text/html',
  'application/octet-stream',
  '',
  'json',
  ';',
];

/** A body that says what it is in a way JSON parsing does not expect: another encoding, a form, a file. */
function foreignBodyOf(value: unknown): fc.Arbitrary<Body> {
  const json = toJson(value);
  return fc.constantFrom<Body>(
    { payload: Buffer.from(json, 'utf16le'), contentType: 'application/json; charset=utf-16' },
    { payload: Buffer.from(json, 'utf16le'), contentType: 'application/json' },
    { payload: Buffer.from(`\ufeff${json}`, 'utf16le'), contentType: 'application/json; charset=utf-16le' },
    { payload: Buffer.from(json.replace(/"$/, 'é"'), 'latin1'), contentType: 'application/json; charset=iso-8859-1' },
    {
      payload: `--x\r\nContent-Disposition: form-data; name="data"\r\n\r\n${json}\r\n--x--\r\n`,
      contentType: 'multipart/form-data; boundary=x',
    },
    {
      payload: `--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\na,b\r\n--x--`,
      contentType: 'multipart/form-data; boundary=x',
    },
    { payload: 'name=x&symbol=AAPL', contentType: 'application/x-www-form-urlencoded' },
    { payload: json, contentType: 'text/plain; charset=utf-8' },
    { contentType: 'application/json' },
    { payload: '', contentType: 'application/json; charset=utf-8' },
  );
}

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
      { arbitrary: fc.uuid().map((id) => ['malformed', id] as const), weight: clean ? 0 : 1 },
      {
        // A real id of this household, but of another kind (a stock's id where a portfolio's goes).
        arbitrary: fc
          .constantFrom(...Object.entries(pools.own).filter(([kind]) => kind !== kindOf(param)))
          .map(([, id]) => ['malformed', id] as const),
        weight: clean ? 0 : 1,
      },
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

type Body = { payload?: string | Buffer; contentType?: string; mutation?: string };
const asJson = (value: unknown): Body => ({ payload: toJson(value), contentType: 'application/json' });

function bodyOf(op: Operation, pools: Pools, examples: unknown[], clean: boolean): fc.Arbitrary<Body> {
  const raw = fc
    .constantFrom(...RAW_BODIES)
    .map((payload): Body => ({ payload, contentType: 'application/json', mutation: 'raw body' }));
  if (op.body === null)
    return clean
      ? fc.constant({})
      : fc.oneof(
          { arbitrary: fc.constant({}), weight: 4 },
          { arbitrary: raw, weight: 2 },
          { arbitrary: fc.constant({ payload: '{}' }), weight: 1 },
          { arbitrary: foreignBodyOf({ a: 1 }).map((b) => ({ ...b, mutation: 'content type' })), weight: 1 },
        );
  const drawn = fromSchema(op.body, pools);
  const valid =
    examples.length > 0
      ? fc.oneof({ arbitrary: drawn, weight: 1 }, { arbitrary: fc.constantFrom(...examples), weight: 2 })
      : drawn;
  if (clean) return valid.map(asJson);
  return fc.oneof(
    { arbitrary: valid.chain(mutated).map(([mutation, v]) => ({ ...asJson(v), mutation })), weight: 8 },
    { arbitrary: raw, weight: 3 },
    {
      arbitrary: fc
        .tuple(valid, fc.constantFrom(...CONTENT_TYPES))
        .map(([v, contentType]): Body => ({ payload: toJson(v), contentType, mutation: 'content type' })),
      weight: 2,
    },
    { arbitrary: valid.chain(foreignBodyOf).map((b) => ({ ...b, mutation: 'content type' })), weight: 1 },
    { arbitrary: fc.constant({ payload: '{}', mutation: 'no content type' }), weight: 1 },
  );
}

const IDEMPOTENCY_KEYS = ['key-1', 'key-2', ' ', 'k'.repeat(300), 'é'];

/** Authorization headers that are not a bearer token: sent by the caller `badheader`. */
const BAD_AUTHORIZATION = [
  'Bearer',
  'Bearer ',
  'Bearer a b',
  'Basic b3duZXJAZXhhbXBsZS5jb206Y29ycmVjdC1ob3JzZS1iYXR0ZXJ5',
  'Token abc',
  `Bearer ${'a'.repeat(10_000)}`,
  "Bearer ' OR 1=1 --",
  'Bearer %00',
  'Bearer ../../etc/passwd',
  'bearer null',
  'Bearer undefined',
  'Bearer __proto__',
];

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
        authorization: fc.constantFrom(...BAD_AUTHORIZATION),
      })
      .map(({ who: name, path, query, body, idempotencyKey, authorization }) => ({
        method: op.method,
        path: op.path,
        url: `${path.url}${query}`,
        who: name,
        ids: path.ids,
        mutation: clean
          ? 'clean'
          : (body.mutation ??
            (path.ids.some((kind) => kind !== 'own') ? 'ids' : query.length > 0 ? 'query' : `caller ${name}`)),
        headers: {
          ...(name === 'badheader' ? { authorization } : {}),
          ...(body.contentType !== undefined ? { 'content-type': body.contentType } : {}),
          ...(idempotencyKey !== null && op.method === 'POST' ? { 'idempotency-key': idempotencyKey } : {}),
        },
        ...(body.payload !== undefined ? { payload: body.payload } : {}),
      })),
  );
}
