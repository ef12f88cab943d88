import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { type Client, type Household, type Json, loginAs, PASSWORD, type TestApp } from './app.js';

/** A second household (needs ALLOW_SIGNUP=true), logged in as its owner, with its id filled in. */
export async function otherHousehold(app: FastifyInstance, email: string): Promise<Household> {
  const signup = await app.inject({
    method: 'POST',
    url: '/api/v1/households',
    payload: { household_name: `Others ${email}`, display_name: 'Other', email, password: PASSWORD },
  });
  expect(signup.statusCode, signup.body).toBe(201);
  const body = JSON.parse(signup.body);
  return loginAs(app, email, body.household.id, body.user.id);
}

export async function newStock(client: Client, symbol: string): Promise<string> {
  const res = await client.post('/api/v1/stocks', { symbol });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

export async function newPortfolio(client: Client, name: string): Promise<string> {
  const res = await client.post('/api/v1/portfolios', { name });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

export async function newBuy(client: Client, portfolioId: string, stockId: string, tradeDate = '2024-01-02') {
  const res = await client.post(`/api/v1/portfolios/${portfolioId}/transactions`, {
    stock_id: stockId,
    type: 'buy',
    quantity: '10',
    price: '100',
    trade_date: tradeDate,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

/** The household's data version (holdings and analytics caches key on it). */
/** The household's versions together (data and prices): it changes with every write that changes a view. */
export async function dataVersion(testApp: TestApp, householdId: string): Promise<number> {
  const row = await testApp.database.db
    .selectFrom('households')
    .select(['data_version', 'price_version'])
    .where('id', '=', householdId)
    .executeTakeFirstOrThrow();
  return Number(row.data_version) + Number(row.price_version);
}

export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** The fields named in an error envelope's details. */
export const fieldsOf = (body: Json): string[] => body.error.details.map((d: { field: string }) => d.field);
