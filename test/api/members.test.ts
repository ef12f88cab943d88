import { beforeAll, describe, expect, it } from 'vitest';
import {
  addUser,
  type Client,
  client,
  expectEnvelope,
  type Household,
  PASSWORD,
  setupOwner,
  useTestApp,
} from '../support/app.js';

const testApp = useTestApp({ ALLOW_SIGNUP: 'true' });
let first: Household;

beforeAll(async () => {
  first = await setupOwner(testApp().app);
});

describe('household members', () => {
  it('the owner adds a member with the exact shape; email is unique across the server', async () => {
    const res = await first.owner.post('/api/v1/household/members', {
      email: ' Bob@Example.com ',
      display_name: ' Bob ',
      password: PASSWORD,
      role: 'member',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      email: 'bob@example.com',
      display_name: 'Bob',
      role: 'member',
      created_at: expect.any(String),
    });
    expectEnvelope(
      await first.owner.post('/api/v1/household/members', {
        email: 'BOB@example.com',
        display_name: 'B',
        password: PASSWORD,
        role: 'viewer',
      }),
      409,
      'CONFLICT',
    );
  });

  it.each([
    [{ email: 'x@example.com', display_name: 'X', password: PASSWORD, role: 'admin' }, 'role'],
    [{ email: 'x@example.com', display_name: 'X', password: 'short', role: 'member' }, 'password'],
    [{ email: 'nope', display_name: 'X', password: PASSWORD, role: 'member' }, 'email'],
    [{ email: 'x@example.com', display_name: 'X', password: PASSWORD }, 'role'],
  ])('refuses bad input %# with 400 naming %s', async (body, field) => {
    const res = await first.owner.post('/api/v1/household/members', body);
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('lists members paged, readable by every role', async () => {
    const viewer = await addUser(testApp().app, first.owner, 'viewer1@example.com', 'viewer');
    const res = await viewer.owner.get('/api/v1/household/members?page=1&size=2&sort=email:asc');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ page: 1, size: 2 });
    expect(res.body.total).toBeGreaterThanOrEqual(3);
    expect(res.body.items.map((m: { email: string }) => m.email)).toEqual(['bob@example.com', 'owner@example.com']);
    expectEnvelope(await viewer.owner.get('/api/v1/household/members?size=101'), 400, 'VALIDATION_ERROR');
  });

  it('only owners manage members (403 for member and viewer)', async () => {
    const member = await addUser(testApp().app, first.owner, 'member2@example.com', 'member');
    const viewer = await addUser(testApp().app, first.owner, 'viewer2@example.com', 'viewer');
    for (const who of [member, viewer]) {
      expectEnvelope(
        await who.owner.post('/api/v1/household/members', {
          email: 'z@example.com',
          display_name: 'Z',
          password: PASSWORD,
          role: 'member',
        }),
        403,
        'FORBIDDEN',
      );
      expectEnvelope(
        await who.owner.patch(`/api/v1/household/members/${member.userId}`, { role: 'owner' }),
        403,
        'FORBIDDEN',
      );
      expectEnvelope(await who.owner.delete(`/api/v1/household/members/${viewer.userId}`), 403, 'FORBIDDEN');
    }
  });

  it('a role change takes effect at once: a demoted member can no longer write', async () => {
    const member = await addUser(testApp().app, first.owner, 'demote@example.com', 'member');
    expect((await member.owner.post('/api/v1/stocks', { symbol: 'BEFORE' })).status).toBe(201);
    const res = await first.owner.patch(`/api/v1/household/members/${member.userId}`, { role: 'viewer' });
    expect(res.status).toBe(200);
    expect(res.body.role).toBe('viewer');
    expectEnvelope(await member.owner.post('/api/v1/stocks', { symbol: 'AFTER' }), 403, 'FORBIDDEN');
    expect((await member.owner.get('/api/v1/auth/me')).body.role).toBe('viewer');
  });

  it('a removed member is logged out at once', async () => {
    const member = await addUser(testApp().app, first.owner, 'gone@example.com', 'member');
    expect((await member.owner.get('/api/v1/auth/me')).status).toBe(200);
    expect((await first.owner.delete(`/api/v1/household/members/${member.userId}`)).status).toBe(204);
    expectEnvelope(await member.owner.get('/api/v1/auth/me'), 401, 'AUTHENTICATION_REQUIRED');
    expectEnvelope(await first.owner.delete(`/api/v1/household/members/${member.userId}`), 404, 'NOT_FOUND');
  });

  it('the last owner can be neither demoted nor removed (422); with two owners one may go', async () => {
    expectEnvelope(
      await first.owner.patch(`/api/v1/household/members/${first.userId}`, { role: 'member' }),
      422,
      'BUSINESS_RULE_VIOLATION',
    );
    expectEnvelope(
      await first.owner.delete(`/api/v1/household/members/${first.userId}`),
      422,
      'BUSINESS_RULE_VIOLATION',
    );
    const second = await addUser(testApp().app, first.owner, 'second-owner@example.com', 'owner');
    const demoted = await second.owner.patch(`/api/v1/household/members/${first.userId}`, { role: 'member' });
    expect(demoted.status).toBe(200);
    expectEnvelope(
      await second.owner.delete(`/api/v1/household/members/${second.userId}`),
      422,
      'BUSINESS_RULE_VIOLATION',
    );
    // Restore for the other tests.
    expect((await second.owner.patch(`/api/v1/household/members/${first.userId}`, { role: 'owner' })).status).toBe(200);
  });

  it('members of another household are invisible (404) and not listed', async () => {
    const anon = client(testApp().app);
    await anon.post('/api/v1/households', {
      household_name: 'Other',
      display_name: 'O',
      email: 'o@example.com',
      password: PASSWORD,
    });
    const token = (await anon.post('/api/v1/auth/login', { email: 'o@example.com', password: PASSWORD })).body
      .access_token;
    const other: Client = client(testApp().app, token);
    const list = await other.get('/api/v1/household/members');
    expect(list.body.items.map((m: { email: string }) => m.email)).toEqual(['o@example.com']);
    expectEnvelope(
      await other.patch(`/api/v1/household/members/${first.userId}`, { role: 'viewer' }),
      404,
      'NOT_FOUND',
    );
    expectEnvelope(await other.delete(`/api/v1/household/members/${first.userId}`), 404, 'NOT_FOUND');
  });
});
