import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, client, expectEnvelope, setupOwner, startTestApp, type TestApp } from '../support/app.js';
import { fillPath, type Operation, operationsOf } from '../support/openapi.js';
import { type RawAnswer, rawHttp } from '../support/raw-http.js';

/**
 * Issue 7: what a black-box fuzz found, each case over a real socket (Fastify's and Node's own refusals
 * happen before any injected request would reach them). Every answer must be the envelope with
 * `x-request-id` and the security headers, with a 4xx that fits.
 */
const logs: Array<Record<string, any>> = [];
const logSink = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n')) if (line.trim() !== '') logs.push(JSON.parse(line));
    done();
  },
});

let t: TestApp;
let owner: Client;
let token: string;
let port: number;
let operations: Operation[];
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp({ LOG_LEVEL: 'info' }, undefined, logSink);
  ({ owner, token } = await setupOwner(t.app));
  operations = operationsOf((await owner.get('/openapi.json')).body as never);
  ids.stock = (await owner.post('/api/v1/stocks', { symbol: 'DEEP' })).body.id;
  ids.portfolio = (await owner.post('/api/v1/portfolios', { name: 'Deep' })).body.id;
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as { port: number }).port;
});
afterAll(async () => {
  await t?.close();
});

function expectWellFormed(answer: RawAnswer, status: number, code: string): void {
  expect(answer.status, answer.text.slice(0, 400)).toBe(status);
  expect(answer.body?.error?.code, answer.text.slice(0, 400)).toBe(code);
  expect(answer.body.error).toEqual({
    code,
    message: expect.any(String),
    details: expect.any(Array),
    request_id: answer.headers['x-request-id'],
    timestamp: expect.any(String),
  });
  expect(answer.headers['x-request-id']).toMatch(/^[\w.:-]{1,128}$/);
  expect(answer.headers['x-content-type-options']).toBe('nosniff');
  expect(answer.headers['x-frame-options']).toBe('DENY');
  expect(answer.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
}

function get(path: string, extraHeaders = ''): Promise<RawAnswer> {
  return rawHttp(
    port,
    `GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer ${token}\r\n${extraHeaders}\r\n`,
  );
}

describe('1. deeply nested JSON', () => {
  const deep = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

  it('is refused with 400 VALIDATION_ERROR on every operation with a body, anonymous ones included', async () => {
    const withBody = operations.filter((op) => op.body !== null);
    expect(withBody.length).toBeGreaterThan(15);
    const anonymous = client(t.app);
    for (const op of withBody) {
      const url = fillPath(op.path, () => (op.path.startsWith('/api/v1/stocks') ? ids.stock! : ids.portfolio!));
      const res = await owner.request(op.method, url, deep(4000), { 'content-type': 'application/json' });
      expect(res.status, `${op.method} ${url}`).toBe(400);
      expect(res.body.error.details).toEqual([{ field: 'body', message: 'must not nest more than 64 levels deep' }]);
      // Without a login, routes that need one refuse before reading the body; the public ones read it.
      const anon = await anonymous.request(op.method, url, deep(4000), { 'content-type': 'application/json' });
      expectEnvelope(
        anon,
        anon.status === 401 ? 401 : 400,
        anon.status === 401 ? 'AUTHENTICATION_REQUIRED' : 'VALIDATION_ERROR',
      );
    }
    for (const url of ['/api/v1/setup', '/api/v1/households', '/api/v1/auth/login']) {
      const anon = await anonymous.request('POST', url, deep(4000), { 'content-type': 'application/json' });
      expectEnvelope(anon, 400, 'VALIDATION_ERROR');
    }
  });

  it('gives the limit a precise edge, and brackets inside strings do not count', async () => {
    const at64 = await owner.post('/api/v1/auth/login', JSON.parse(`{"email":${deep(63)}}`));
    expectEnvelope(at64, 400, 'VALIDATION_ERROR');
    expect(at64.body.error.details).toContainEqual({ field: 'email', message: expect.any(String) });
    const at65 = await owner.request('POST', '/api/v1/auth/login', `{"email":${deep(64)}}`, {
      'content-type': 'application/json',
    });
    expect(at65.body.error.details).toEqual([{ field: 'body', message: 'must not nest more than 64 levels deep' }]);

    const brackets = `[{"\\"${'['.repeat(5000)}`;
    const entry = await owner.post('/api/v1/journal', { content: brackets, entry_date: '2024-01-02' });
    expect(entry.status).toBe(201);
    expect(entry.body.content).toBe(brackets);
  });

  it('is refused over a real socket too, and the service goes on', async () => {
    const body = deep(100_000);
    const res = await rawHttp(
      port,
      `POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    expectWellFormed(res, 400, 'VALIDATION_ERROR');
    expect((await owner.get('/api/v1/auth/me')).status).toBe(200);
  });
});

describe('2. query filters: one rule on every list', () => {
  it('an id filter that is malformed, unknown or foreign is 404 on every list that has one', async () => {
    const lists = [`/api/v1/portfolios/${ids.portfolio}/transactions`, '/api/v1/targets', '/api/v1/journal'];
    for (const list of lists) {
      for (const bad of ['not-a-uuid', '00000000-0000-4000-8000-000000000000', "x' OR '1'='1"]) {
        const res = await owner.get(`${list}?stock_id=${encodeURIComponent(bad)}`);
        expectEnvelope(res, 404, 'NOT_FOUND');
        expect(res.body.error.message).toBe('Stock not found');
      }
    }
    for (const list of ['/api/v1/targets', '/api/v1/journal']) {
      expectEnvelope(await owner.get(`${list}?portfolio_id=not-a-uuid`), 404, 'NOT_FOUND');
    }
  });

  it('a blank value, as a form sends "all", is no filter: every query parameter of every list', async () => {
    const trade = await owner.post(`/api/v1/portfolios/${ids.portfolio}/transactions`, {
      stock_id: ids.stock,
      type: 'buy',
      quantity: 1,
      price: 1,
      trade_date: '2024-01-02',
    });
    expect(trade.status).toBe(201);
    const lists = operations.filter((op) => op.method === 'GET' && op.query.length > 0);
    expect(lists.length).toBeGreaterThanOrEqual(8);
    for (const op of lists) {
      const url = fillPath(op.path, () => (op.path.startsWith('/api/v1/stocks') ? ids.stock! : ids.portfolio!));
      const plain = await owner.get(url);
      expect(plain.status, url).toBe(200);
      for (const { name } of op.query) {
        for (const blank of ['', '%20%20']) {
          const res = await owner.get(`${url}?${name}=${blank}`);
          expect(res.status, `${url}?${name}=${blank} ${JSON.stringify(res.body)}`).toBe(200);
          expect(res.body, `${url}?${name}=${blank}`).toEqual(plain.body);
        }
      }
    }
    const filtered = await owner.get(`/api/v1/portfolios/${ids.portfolio}/transactions?stock_id=${ids.stock}&type=`);
    expect(filtered.body.total).toBe(1);
  });
});

describe('3. malformed percent-encoding in a path', () => {
  it('is 400 in the envelope on every route with a path parameter, without echoing the address', async () => {
    const withParams = operations.filter((op) => op.pathParams.length > 0);
    expect(withParams.length).toBeGreaterThan(20);
    for (const op of withParams) {
      for (const bad of ['%C0%AF', '%FF%FE', '%ED%A0%80', '%ZZ']) {
        const url = fillPath(op.path, () => bad);
        const res = await rawHttp(
          port,
          `${op.method} ${url} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
        );
        expectWellFormed(res, 400, 'VALIDATION_ERROR');
        expect(res.body.error.details).toEqual([{ field: 'path', message: 'contains malformed percent-encoding' }]);
        expect(res.text).not.toContain(bad);
      }
    }
  });

  it('takes the request id given by the client, as every other answer does', async () => {
    const res = await get('/api/v1/stocks/%ZZ', 'X-Request-Id: trace-me-42\r\n');
    expectWellFormed(res, 400, 'VALIDATION_ERROR');
    expect(res.headers['x-request-id']).toBe('trace-me-42');
  });
});

describe('4. over-long path parameters', () => {
  it('are 404 NOT_FOUND like any id that names nothing, at 100 characters and beyond', async () => {
    for (const length of [100, 101, 5000]) {
      const res = await get(`/api/v1/stocks/${'a'.repeat(length)}`);
      expectWellFormed(res, 404, 'NOT_FOUND');
      const nested = await get(`/api/v1/portfolios/${ids.portfolio}/transactions/${'b'.repeat(length)}`);
      expectWellFormed(nested, 404, 'NOT_FOUND');
    }
  });
});

describe('5. headers over the limit', () => {
  it('are 431 in the envelope', async () => {
    const res = await get('/health', `X-Big: ${'a'.repeat(20_000)}\r\n`);
    expectWellFormed(res, 431, 'PAYLOAD_TOO_LARGE');
    expect(res.headers.connection).toBe('close');
  });
});

describe('6. malformed HTTP', () => {
  const post = (headers: string, body = '') =>
    `POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n${headers}\r\n${body}`;

  it.each([
    ['a Content-Length that is not a number', post('Content-Length: abc\r\n', '{}')],
    ['an unknown method', 'BREW /api/v1/stocks HTTP/1.1\r\nHost: localhost\r\n\r\n'],
    [
      'Transfer-Encoding together with Content-Length',
      post('Content-Length: 5\r\nTransfer-Encoding: chunked\r\n', '0\r\n\r\n'),
    ],
    ['a chunk size that is not hexadecimal', post('Transfer-Encoding: chunked\r\n', 'ZZ\r\n{}\r\n0\r\n\r\n')],
    ['a request line that is not HTTP', 'GET\r\n\r\n'],
  ])('%s is 400 in the envelope', async (_name, request) => {
    expectWellFormed(await rawHttp(port, request), 400, 'VALIDATION_ERROR');
  });

  it('a body cut short, then half-closed, is 400 and logged as the client going away, not as the database', async () => {
    logs.length = 0;
    const res = await rawHttp(port, post('Content-Length: 100\r\n', '{"email":'), { halfClose: true });
    expectWellFormed(res, 400, 'VALIDATION_ERROR');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const messages = logs.map((line) => line.msg as string);
    expect(messages).not.toContain('database unavailable');
    expect(messages.some((m) => /client went away|malformed request refused/.test(m))).toBe(true);
    expect(logs.filter((line) => line.level >= 50)).toEqual([]);
    expect((await owner.get('/health')).status).toBe(200);
  });
});
