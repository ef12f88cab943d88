import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WEB_ROOT } from '../../src/http/web-interface.js';
import { useTestApp } from '../support/app.js';

const testApp = useTestApp();
const inject = (url: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') =>
  testApp().app.inject({ method, url, headers });

const assets = readdirSync(join(WEB_ROOT, 'assets'));
const script = assets.find((f) => /^index-.*\.js$/.test(f));

describe('the web interface, served by the service', () => {
  it('answers / with index.html, revalidated on every visit, under a strict CSP', async () => {
    const res = await inject('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['cache-control']).toBe('no-cache');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body).toContain('<div id="root"></div>');
    // One module script from 'self', nothing inline.
    expect(res.body.match(/<script[^>]*>/g)).toEqual([
      expect.stringMatching(/^<script type="module"[^>]* src="\/assets\//),
    ]);
    expect(res.body).not.toMatch(/<script[^>]*>[^<]+<\/script>/);
  });

  it.each([
    '/portfolios',
    '/portfolios/4f1c2e1a-0000-4000-8000-000000000000',
    '/stocks/x/y?z=1',
    '/sign-in?next=%2Fjournal',
    '/versions',
  ])('answers the client route %s with index.html', async (url) => {
    const res = await inject(url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain('<div id="root"></div>');
  });

  it.each([
    '/api/v1/nothing',
    '/api',
    '/api/v2/stocks',
    '/health/nothing',
    '/version/x',
    '/docs/nothing.js',
    '/openapi.json/x',
    '/docsx',
  ])('keeps the service path %s out of the client routing: 404 in the envelope', async (url) => {
    const res = await inject(url);
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'NOT_FOUND', request_id: res.headers['x-request-id'] });
  });

  it('keeps the service paths working beside it', async () => {
    for (const url of ['/health/live', '/version', '/openapi.json']) {
      const res = await inject(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toContain('application/json');
    }
  });

  it('serves hashed assets as immutable for a year, compressed when the browser accepts it', async () => {
    expect(script).toBeDefined();
    const plain = await inject(`/assets/${script}`);
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toContain('javascript');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const brotli = await inject(`/assets/${script}`, { 'accept-encoding': 'br, gzip' });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(brotli.headers['content-length'])).toBeLessThan(plain.body.length / 2);
    const gzip = await inject(`/assets/${script}`, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
  });

  it('answers HEAD like GET, and a missing asset with 404', async () => {
    const head = await inject('/stocks', {}, 'HEAD');
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    const missing = await inject('/assets/index-nothing.js');
    expect(missing.statusCode).toBe(200);
    // A hashed name that does not exist is an old page's address: the page itself, not a script.
    expect(missing.headers['content-type']).toContain('text/html');
  });
});
