import { beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Client, expectEnvelope, setupOwner, useTestApp } from '../support/app.js';
import { dataVersion, fieldsOf, otherHousehold } from '../support/trading-fixtures.js';

const testApp = useTestApp({ ALLOW_SIGNUP: 'true' });
let owner: Client;
let coOwner: Client;
let member: Client;
let viewer: Client;
let stranger: Client;
let householdId: string;

beforeAll(async () => {
  const app = testApp().app;
  const household = await setupOwner(app);
  owner = household.owner;
  householdId = household.householdId;
  coOwner = (await addUser(app, owner, 'co-owner@example.com', 'owner')).owner;
  member = (await addUser(app, owner, 'member@example.com', 'member')).owner;
  viewer = (await addUser(app, owner, 'viewer@example.com', 'viewer')).owner;
  stranger = (await otherHousehold(app, 'stranger@example.com')).owner;
});

describe('GET /api/v1/household', () => {
  it('shows every role its household with the default concentration limit of 20 %', async () => {
    for (const client of [owner, member, viewer]) {
      const res = await client.get('/api/v1/household');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: householdId,
        name: 'The Does',
        base_currency: 'USD',
        concentration_limit: '20.00',
      });
    }
  });

  it('needs a login', async () => {
    const res = await testApp().app.inject({ method: 'GET', url: '/api/v1/household' });
    expect(res.statusCode).toBe(401);
  });
});

describe('PATCH /api/v1/household', () => {
  it('lets an owner change the concentration limit, bumping the data version', async () => {
    const version = await dataVersion(testApp(), householdId);
    const res = await owner.patch('/api/v1/household', { concentration_limit: '15.5' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: householdId, name: 'The Does', base_currency: 'USD', concentration_limit: '15.50' });
    expect((await viewer.get('/api/v1/household')).body.concentration_limit).toBe('15.50');
    expect(await dataVersion(testApp(), householdId)).toBe(version + 1);
    expect((await stranger.get('/api/v1/household')).body.concentration_limit).toBe('20.00');
  });

  it('takes numbers, the bounds, and rounds to 2 places half-up', async () => {
    for (const [value, shown] of [
      [100, '100.00'],
      ['0.01', '0.01'],
      ['12.345', '12.35'],
      [25, '25.00'],
    ] as const) {
      const res = await coOwner.patch('/api/v1/household', { concentration_limit: value });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.concentration_limit).toBe(shown);
    }
  });

  it('an empty body changes nothing', async () => {
    const version = await dataVersion(testApp(), householdId);
    const res = await owner.patch('/api/v1/household', {});
    expect(res.status).toBe(200);
    expect(res.body.concentration_limit).toBe('25.00');
    expect(await dataVersion(testApp(), householdId)).toBe(version);
  });

  it.each([
    ['concentration_limit', { concentration_limit: 0 }],
    ['concentration_limit', { concentration_limit: '0.004' }],
    ['concentration_limit', { concentration_limit: '-5' }],
    ['concentration_limit', { concentration_limit: '100.01' }],
    ['concentration_limit', { concentration_limit: 'twenty' }],
    ['concentration_limit', { concentration_limit: null }],
    ['concentration_limit', { concentration_limit: true }],
    ['name', { name: 'Renamed' }],
  ])('refuses a bad %s with 400 and changes nothing', async (field, body) => {
    const res = await owner.patch('/api/v1/household', body);
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(fieldsOf(res.body)).toContain(field);
    expect((await owner.get('/api/v1/household')).body.concentration_limit).toBe('25.00');
  });

  it('refuses members and viewers with 403', async () => {
    for (const client of [member, viewer]) {
      expectEnvelope(await client.patch('/api/v1/household', { concentration_limit: '30' }), 403, 'FORBIDDEN');
      expectEnvelope(await client.patch('/api/v1/household', {}), 403, 'FORBIDDEN');
    }
    expect((await owner.get('/api/v1/household')).body.concentration_limit).toBe('25.00');
  });
});
