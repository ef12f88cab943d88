import { beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Client, client, expectEnvelope, PASSWORD, setupOwner, useTestApp } from '../support/app.js';

const testApp = useTestApp({ ALLOW_SIGNUP: 'true' });
let owner: Client;

beforeAll(async () => {
  ({ owner } = await setupOwner(testApp().app));
});

describe('portfolios', () => {
  it('creates a portfolio with defaults and the exact shape', async () => {
    const res = await owner.post('/api/v1/portfolios', { name: '  Retirement ' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Retirement',
      description: '',
      currency: 'USD',
      cost_basis_method: 'average',
      is_active: true,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
  });

  it('accepts a currency, a description and fifo', async () => {
    const res = await owner.post('/api/v1/portfolios', {
      name: 'Euro',
      description: ' long ',
      currency: 'eur',
      cost_basis_method: 'FIFO',
    });
    expect(res.body).toMatchObject({ currency: 'EUR', description: 'long', cost_basis_method: 'fifo' });
  });

  it.each([
    [{ name: '' }, 'name'],
    [{ name: 'x'.repeat(101) }, 'name'],
    [{ name: 'A', currency: 'XXQ' }, 'currency'],
    [{ name: 'A', currency: 'US' }, 'currency'],
    [{ name: 'A', cost_basis_method: 'lifo' }, 'cost_basis_method'],
    [{ name: 'A', description: 'd'.repeat(1001) }, 'description'],
    [{ name: 'A', is_active: false }, 'is_active'],
    [{}, 'name'],
  ])('refuses bad input %# naming %s', async (body, field) => {
    const res = await owner.post('/api/v1/portfolios', body);
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('names are unique in the household, ignoring case (409)', async () => {
    expect((await owner.post('/api/v1/portfolios', { name: 'Growth' })).status).toBe(201);
    expectEnvelope(await owner.post('/api/v1/portfolios', { name: 'growth ' }), 409, 'CONFLICT');
    const other = (await owner.post('/api/v1/portfolios', { name: 'Other' })).body;
    expectEnvelope(await owner.patch(`/api/v1/portfolios/${other.id}`, { name: 'GROWTH' }), 409, 'CONFLICT');
  });

  it('updates partially, deactivates and reactivates', async () => {
    const { body } = await owner.post('/api/v1/portfolios', { name: 'Patchable', description: 'keep' });
    const res = await owner.patch(`/api/v1/portfolios/${body.id}`, { is_active: false, cost_basis_method: 'fifo' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'Patchable',
      description: 'keep',
      is_active: false,
      cost_basis_method: 'fifo',
    });
    expect((await owner.patch(`/api/v1/portfolios/${body.id}`, { is_active: true })).body.is_active).toBe(true);
    expect((await owner.patch(`/api/v1/portfolios/${body.id}`, { description: null })).body.description).toBe('');
    expectEnvelope(await owner.patch(`/api/v1/portfolios/${body.id}`, { is_active: 'no' }), 400, 'VALIDATION_ERROR');
  });

  it('lists portfolios paged with value, cost, unrealized_pnl and position_count', async () => {
    const res = await owner.get('/api/v1/portfolios?size=2&sort=name:desc');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ page: 1, size: 2 });
    expect(res.body.total).toBeGreaterThanOrEqual(4);
    for (const item of res.body.items)
      expect(item).toMatchObject({ value: '0.00', cost: '0.00', unrealized_pnl: '0.00', position_count: 0 });
    expectEnvelope(await owner.get('/api/v1/portfolios?sort=value:asc'), 400, 'VALIDATION_ERROR');
  });

  it('deletes a portfolio without trades; refuses one with trades (409)', async () => {
    const empty = (await owner.post('/api/v1/portfolios', { name: 'Empty' })).body;
    expect((await owner.delete(`/api/v1/portfolios/${empty.id}`)).status).toBe(204);
    expectEnvelope(await owner.get(`/api/v1/portfolios/${empty.id}`), 404, 'NOT_FOUND');

    const used = (await owner.post('/api/v1/portfolios', { name: 'Used' })).body;
    const stock = (await owner.post('/api/v1/stocks', { symbol: 'USED' })).body;
    await owner.post(`/api/v1/portfolios/${used.id}/transactions`, {
      stock_id: stock.id,
      type: 'buy',
      quantity: 1,
      price: 1,
      trade_date: '2024-01-02',
    });
    expectEnvelope(await owner.delete(`/api/v1/portfolios/${used.id}`), 409, 'CONFLICT');
    expectEnvelope(await owner.delete(`/api/v1/stocks/${stock.id}`), 409, 'CONFLICT');
  });

  it('viewers read but cannot write; other households see nothing (404)', async () => {
    const app = testApp().app;
    const portfolio = (await owner.post('/api/v1/portfolios', { name: 'Private' })).body;
    const viewer = await addUser(app, owner, 'pviewer@example.com', 'viewer');
    expect((await viewer.owner.get(`/api/v1/portfolios/${portfolio.id}`)).status).toBe(200);
    expectEnvelope(await viewer.owner.post('/api/v1/portfolios', { name: 'V' }), 403, 'FORBIDDEN');
    expectEnvelope(await viewer.owner.patch(`/api/v1/portfolios/${portfolio.id}`, { name: 'V' }), 403, 'FORBIDDEN');
    expectEnvelope(await viewer.owner.delete(`/api/v1/portfolios/${portfolio.id}`), 403, 'FORBIDDEN');

    await client(app).post('/api/v1/households', {
      household_name: 'Else',
      display_name: 'E',
      email: 'else@example.com',
      password: PASSWORD,
    });
    const token = (await client(app).post('/api/v1/auth/login', { email: 'else@example.com', password: PASSWORD })).body
      .access_token;
    const stranger = client(app, token);
    expect((await stranger.get('/api/v1/portfolios')).body.total).toBe(0);
    for (const path of ['', '/holdings', '/analytics', '/transactions'])
      expectEnvelope(await stranger.get(`/api/v1/portfolios/${portfolio.id}${path}`), 404, 'NOT_FOUND');
    expectEnvelope(await stranger.patch(`/api/v1/portfolios/${portfolio.id}`, { name: 'Mine' }), 404, 'NOT_FOUND');
    expectEnvelope(await stranger.delete(`/api/v1/portfolios/${portfolio.id}`), 404, 'NOT_FOUND');
    expect((await stranger.post('/api/v1/portfolios', { name: 'Private' })).status).toBe(201);
  });
});
