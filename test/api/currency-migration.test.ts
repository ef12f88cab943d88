import { type Kysely, Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/infrastructure/database/connection.js';
import { migrations } from '../../src/infrastructure/database/migrations/index.js';
import { migrateToLatest } from '../../src/infrastructure/database/migrator.js';

/**
 * Migration 0006 on a database of the shape before currencies: a household whose portfolios share one currency
 * takes it as its base, and each stock the currency of the portfolios that trade it (else the base), so that no
 * number a single-currency household saw changes and no rate is needed.
 */
let handle: DatabaseHandle;
let db: Kysely<any>;

const ids = {
  euros: '00000000-0000-4000-8000-000000000001',
  mixed: '00000000-0000-4000-8000-000000000002',
  empty: '00000000-0000-4000-8000-000000000003',
};
const portfolio = (n: number) => `00000000-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`;
const stock = (n: number) => `00000000-0000-4000-8000-0000000002${String(n).padStart(2, '0')}`;

beforeAll(async () => {
  handle = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
  db = handle.db;
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const before = await migrator.migrateTo('0005_market_data');
  if (before.error !== undefined) throw before.error;

  await db
    .insertInto('households')
    .values([
      { id: ids.euros, name: 'Euros only' },
      { id: ids.mixed, name: 'Dollars and euros' },
      { id: ids.empty, name: 'Nothing yet' },
    ])
    .execute();
  await db
    .insertInto('portfolios')
    .values([
      { id: portfolio(1), household_id: ids.euros, name: 'A', currency: 'EUR' },
      { id: portfolio(2), household_id: ids.euros, name: 'B', currency: 'EUR' },
      { id: portfolio(3), household_id: ids.mixed, name: 'C', currency: 'USD' },
      { id: portfolio(4), household_id: ids.mixed, name: 'D', currency: 'EUR' },
    ])
    .execute();
  await db
    .insertInto('stocks')
    .values([
      { id: stock(1), household_id: ids.euros, symbol: 'SAP' }, // traded in EUR portfolios
      { id: stock(2), household_id: ids.euros, symbol: 'IDLE' }, // never traded
      { id: stock(3), household_id: ids.mixed, symbol: 'BOTH' }, // traded in USD and EUR portfolios
      { id: stock(4), household_id: ids.mixed, symbol: 'EUONLY' }, // traded in the EUR portfolio only
      { id: stock(5), household_id: ids.mixed, symbol: 'IDLE' },
    ])
    .execute();
  const buy = (n: number, householdId: string, portfolioId: string, stockId: string) => ({
    id: `00000000-0000-4000-8000-0000000003${String(n).padStart(2, '0')}`,
    household_id: householdId,
    portfolio_id: portfolioId,
    stock_id: stockId,
    type: 'buy',
    quantity: '1',
    price: '10',
    trade_date: '2026-01-05',
  });
  await db
    .insertInto('transactions')
    .values([
      buy(1, ids.euros, portfolio(1), stock(1)),
      buy(2, ids.euros, portfolio(2), stock(1)),
      buy(3, ids.mixed, portfolio(3), stock(3)),
      buy(4, ids.mixed, portfolio(4), stock(3)),
      buy(5, ids.mixed, portfolio(4), stock(4)),
    ])
    .execute();
  await migrateToLatest(db);
});

afterAll(async () => {
  await handle?.close();
});

describe('migration 0006_currencies', () => {
  it('gives a household the one currency of its portfolios as its base, else USD', async () => {
    const rows = await db.selectFrom('households').select(['id', 'base_currency']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: ids.euros, base_currency: 'EUR' },
      { id: ids.mixed, base_currency: 'USD' },
      { id: ids.empty, base_currency: 'USD' },
    ]);
  });

  it('gives a stock the currency of the portfolios that trade it, else the base currency', async () => {
    const rows = await db.selectFrom('stocks').select(['id', 'currency']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: stock(1), currency: 'EUR' },
      { id: stock(2), currency: 'EUR' },
      { id: stock(3), currency: 'USD' },
      { id: stock(4), currency: 'EUR' },
      { id: stock(5), currency: 'USD' },
    ]);
  });

  it('leaves every stock with a currency and no rates stored', async () => {
    const nulls = await sql<{ n: number }>`SELECT count(*)::int AS n FROM stocks WHERE currency IS NULL`.execute(db);
    expect(nulls.rows[0]?.n).toBe(0);
    expect(await db.selectFrom('fx_rates').selectAll().execute()).toEqual([]);
  });
});
