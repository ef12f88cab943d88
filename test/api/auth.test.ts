import { describe, expect, it } from 'vitest';
import { client, expectEnvelope, PASSWORD, setupOwner, startTestApp, useTestApp } from '../support/app.js';

const testApp = useTestApp();

const owner = {
  household_name: 'The Does',
  display_name: 'Jane Doe',
  email: 'Jane.Doe@Example.com',
  password: PASSWORD,
};

describe('first-run setup', () => {
  it('GET /setup answers needed: true on a fresh instance, without credentials', async () => {
    const res = await client(testApp().app).get('/api/v1/setup');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ needed: true });
  });

  it('validates every field before creating anything', async () => {
    const anon = client(testApp().app);
    const res = await anon.post('/api/v1/setup', {
      household_name: ' ',
      display_name: '',
      email: 'not-an-email',
      password: 'short',
    });
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    const fields = res.body.error.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['display_name', 'email', 'household_name', 'password']);
    expectEnvelope(await anon.post('/api/v1/setup', { ...owner, extra: 1 }), 400, 'VALIDATION_ERROR');
    expectEnvelope(await anon.post('/api/v1/setup', { ...owner, password: 123456789012 }), 400, 'VALIDATION_ERROR');
    // Refused setups create nothing: it is still to be done.
    expect((await anon.get('/api/v1/setup')).body).toEqual({ needed: true });
  });

  it('creates the household and its owner, then answers 409', async () => {
    const anon = client(testApp().app);
    const res = await anon.post('/api/v1/setup', owner);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      household: { id: expect.any(String), name: 'The Does' },
      user: { id: expect.any(String), email: 'jane.doe@example.com', display_name: 'Jane Doe', role: 'owner' },
    });
    expectEnvelope(await anon.post('/api/v1/setup', { ...owner, email: 'other@example.com' }), 409, 'CONFLICT');
  });

  it('GET /setup answers needed: false once set up', async () => {
    const res = await client(testApp().app).get('/api/v1/setup');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ needed: false });
  });
});

describe('login, me and logout', () => {
  it('logs in with any email case and returns a bearer token and an HttpOnly SameSite cookie', async () => {
    const res = await client(testApp().app).post('/api/v1/auth/login', {
      email: ' JANE.DOE@example.com ',
      password: PASSWORD,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      expires_in: expect.any(Number),
    });
    expect(res.body.expires_in).toBeGreaterThan(0);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain('stockbook_session=');
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const anon = client(testApp().app);
    const wrong = await anon.post(
      '/api/v1/auth/login',
      { email: 'jane.doe@example.com', password: 'wrong-password' },
      { 'x-forwarded-for': '1' },
    );
    const unknown = await anon.post('/api/v1/auth/login', { email: 'nobody@example.com', password: PASSWORD });
    expectEnvelope(wrong, 401, 'AUTHENTICATION_REQUIRED');
    expectEnvelope(unknown, 401, 'AUTHENTICATION_REQUIRED');
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  it('GET /auth/me returns the user and household', async () => {
    const login = await client(testApp().app).post('/api/v1/auth/login', {
      email: 'jane.doe@example.com',
      password: PASSWORD,
    });
    const me = await client(testApp().app, login.body.access_token).get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      id: expect.any(String),
      email: 'jane.doe@example.com',
      display_name: 'Jane Doe',
      role: 'owner',
      household: { id: expect.any(String), name: 'The Does' },
    });
  });

  it('logout revokes the token at once; other sessions stay valid', async () => {
    const anon = client(testApp().app);
    const a = (await anon.post('/api/v1/auth/login', { email: 'jane.doe@example.com', password: PASSWORD })).body
      .access_token;
    const b = (await anon.post('/api/v1/auth/login', { email: 'jane.doe@example.com', password: PASSWORD })).body
      .access_token;
    expect((await client(testApp().app, a).get('/api/v1/auth/me')).status).toBe(200);
    expect((await client(testApp().app, a).post('/api/v1/auth/logout')).status).toBe(204);
    expectEnvelope(await client(testApp().app, a).get('/api/v1/auth/me'), 401, 'AUTHENTICATION_REQUIRED');
    expectEnvelope(await client(testApp().app, a).post('/api/v1/auth/logout'), 401, 'AUTHENTICATION_REQUIRED');
    expect((await client(testApp().app, b).get('/api/v1/auth/me')).status).toBe(200);
  });

  it('refuses a malformed Authorization header', async () => {
    const res = await testApp().app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: 'Basic abc' },
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('cookie sessions', () => {
  async function cookieOf() {
    const res = await testApp().app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'jane.doe@example.com', password: PASSWORD },
    });
    return `stockbook_session=${res.cookies.find((c) => c.name === 'stockbook_session')?.value}`;
  }

  it('authenticates reads with the cookie alone', async () => {
    const res = await testApp().app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: await cookieOf() },
    });
    expect(res.statusCode).toBe(200);
  });

  it('accepts cookie writes from this origin and refuses cross-site or origin-less ones with 403', async () => {
    const cookie = await cookieOf();
    const write = (headers: Record<string, string>) =>
      testApp().app.inject({
        method: 'POST',
        url: '/api/v1/stocks',
        payload: { symbol: `C${Math.floor(Math.random() * 1e6)}` },
        headers: { cookie, host: 'stockbook.local', ...headers },
      });
    expect((await write({ origin: 'http://stockbook.local' })).statusCode).toBe(201);
    expect((await write({ referer: 'http://stockbook.local/portfolios' })).statusCode).toBe(201);
    const evil = await write({ origin: 'https://evil.example' });
    expect(evil.statusCode).toBe(403);
    expect(JSON.parse(evil.body).error.code).toBe('FORBIDDEN');
    expect((await write({})).statusCode).toBe(403);
  });
});

describe('failed-login limits', () => {
  it('locks an email after 5 failures within the window with 429 and Retry-After, even for the right password', async () => {
    const t = await startTestApp();
    try {
      await setupOwner(t.app, 'lock@example.com');
      const anon = client(t.app);
      for (let i = 0; i < 5; i++)
        expectEnvelope(
          await anon.post('/api/v1/auth/login', { email: 'lock@example.com', password: 'wrong-password' }),
          401,
          'AUTHENTICATION_REQUIRED',
        );
      const locked = await anon.post('/api/v1/auth/login', { email: 'lock@example.com', password: PASSWORD });
      expectEnvelope(locked, 429, 'RATE_LIMITED');
      const retry = Number(locked.headers['retry-after']);
      expect(retry).toBeGreaterThan(0);
      expect(retry).toBeLessThanOrEqual(15 * 60);
      // Another account from the same address is not locked by this one.
      expect(
        (await anon.post('/api/v1/auth/login', { email: 'other@example.com', password: 'x'.repeat(12) })).status,
      ).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('successful logins do not count toward the limit', async () => {
    const t = await startTestApp();
    try {
      await setupOwner(t.app, 'ok@example.com');
      const anon = client(t.app);
      for (let i = 0; i < 8; i++)
        expect((await anon.post('/api/v1/auth/login', { email: 'ok@example.com', password: PASSWORD })).status).toBe(
          200,
        );
    } finally {
      await t.close();
    }
  });

  it('limits one address to 30 failures across emails', async () => {
    const t = await startTestApp();
    try {
      const anon = client(t.app);
      for (let i = 0; i < 30; i++)
        expect(
          (await anon.post('/api/v1/auth/login', { email: `user${i}@example.com`, password: 'wrong-password' })).status,
        ).toBe(401);
      expectEnvelope(
        await anon.post('/api/v1/auth/login', { email: 'fresh@example.com', password: 'wrong-password' }),
        429,
        'RATE_LIMITED',
      );
    } finally {
      await t.close();
    }
  });
});

describe('more households', () => {
  it('only the administrator creates households when sign-up is closed', async () => {
    const t = await startTestApp();
    try {
      const admin = await setupOwner(t.app, 'admin@example.com');
      const body = { household_name: 'Smiths', display_name: 'Sam', email: 'sam@example.com', password: PASSWORD };
      expectEnvelope(await client(t.app).post('/api/v1/households', body), 403, 'FORBIDDEN');
      const created = await admin.owner.post('/api/v1/households', body);
      expect(created.status).toBe(201);
      expect(created.body.user).toMatchObject({ email: 'sam@example.com', role: 'owner' });
      // The new owner is not an administrator.
      const sam = (await client(t.app).post('/api/v1/auth/login', { email: 'sam@example.com', password: PASSWORD }))
        .body.access_token;
      expectEnvelope(
        await client(t.app, sam).post('/api/v1/households', { ...body, email: 'third@example.com' }),
        403,
        'FORBIDDEN',
      );
      expectEnvelope(await admin.owner.post('/api/v1/households', body), 409, 'CONFLICT');
      expectEnvelope(await client(t.app, 'bogus').post('/api/v1/households', body), 401, 'AUTHENTICATION_REQUIRED');
    } finally {
      await t.close();
    }
  });

  it('anyone creates a household when ALLOW_SIGNUP=true', async () => {
    const t = await startTestApp({ ALLOW_SIGNUP: 'true' });
    try {
      await setupOwner(t.app, 'first@example.com');
      const res = await client(t.app).post('/api/v1/households', {
        household_name: 'Open',
        display_name: 'O',
        email: 'open@example.com',
        password: PASSWORD,
      });
      expect(res.status).toBe(201);
    } finally {
      await t.close();
    }
  });
});
