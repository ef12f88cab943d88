import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { GeneratedPortfolio } from './trading-data.js';

/**
 * Bulk inserts of the generated portfolio straight into the service's tables (creating 100,000 trades
 * over HTTP would take far too long). Tables and columns are read from information_schema and checked,
 * not assumed: every column written must exist, and a NOT NULL column without a default that is not
 * written stops the seeding with a message naming it (so a schema change shows here, not as wrong
 * numbers). Written against migration 0002_trading: transactions, prices, balances, households.data_version.
 */

interface Column {
  name: string;
  /** PostgreSQL type name for the cast (uuid, numeric, date, text, an enum's name...). */
  udt: string;
  nullable: boolean;
  hasDefault: boolean;
}

type Columns = Map<string, Column>;

async function tableColumns(client: pg.Client, table: string): Promise<Columns | null> {
  const result = await client.query<{
    column_name: string;
    udt_name: string;
    is_nullable: string;
    column_default: string | null;
    is_identity: string;
    is_generated: string;
  }>(
    `SELECT column_name, udt_name, is_nullable, column_default, is_identity, is_generated
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  if (result.rows.length === 0) return null;
  return new Map(
    result.rows.map((row) => [
      row.column_name,
      {
        name: row.column_name,
        udt: row.udt_name,
        nullable: row.is_nullable === 'YES',
        hasDefault: row.column_default !== null || row.is_identity === 'YES' || row.is_generated !== 'NEVER',
      },
    ]),
  );
}

type Extractors<T> = Record<string, (row: T, index: number) => string | null>;

function checkColumns(table: string, columns: Columns, written: string[]): string | null {
  const absent = written.filter((name) => !columns.has(name));
  const unfilled = [...columns.values()]
    .filter((c) => !c.nullable && !c.hasDefault && !written.includes(c.name))
    .map((c) => `${c.name} (${c.udt})`);
  if (absent.length === 0 && unfilled.length === 0) return null;
  const parts: string[] = [];
  if (absent.length > 0) parts.push(`lacks ${absent.join(', ')}`);
  if (unfilled.length > 0)
    parts.push(`has NOT NULL columns without a default the seeding does not fill: ${unfilled.join(', ')}`);
  return `table ${table} ${parts.join('; ')} (columns: ${[...columns.keys()].join(', ')}); adapt bench/scenarios/trading-seed.ts`;
}

/** `INSERT ... SELECT FROM unnest($1::text[], ...)` in batches: one round trip per `batchSize` rows. */
async function bulkInsert<T>(
  client: pg.Client,
  table: string,
  columns: Columns,
  extractors: Extractors<T>,
  rows: readonly T[],
  batchSize = 5000,
): Promise<void> {
  const names = Object.keys(extractors);
  const casts = names.map((name, i) => `c${i}::"${(columns.get(name) as Column).udt}"`).join(', ');
  const statement = `INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(', ')}) SELECT ${casts} FROM unnest(${names
    .map((_, i) => `$${i + 1}::text[]`)
    .join(', ')}) AS t(${names.map((_, i) => `c${i}`).join(', ')})`;
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    await client.query(
      statement,
      names.map((name) => batch.map((row, i) => (extractors[name] as Extractors<T>[string])(row, start + i))),
    );
  }
}

export interface SeedTarget {
  householdId: string;
  portfolioId: string;
  /** The service's stock ids, by the generator's stock index. */
  stockIds: string[];
}

export interface SeedSchema {
  transactions: Columns;
  prices: Columns;
  balances: Columns | null;
  /** Whether a split's ratio has a column (else the generator makes no splits). */
  hasRatio: boolean;
}

const TRADE_COLUMNS = ['id', 'household_id', 'portfolio_id', 'stock_id', 'type', 'quantity', 'price', 'fee', 'amount'];

/** The tables the seeding writes, checked; or what does not match. */
export async function readSeedSchema(databaseUrl: string): Promise<SeedSchema | { problem: string }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const transactions = await tableColumns(client, 'transactions');
    const prices = await tableColumns(client, 'prices');
    const balances = await tableColumns(client, 'balances');
    if (transactions === null) return { problem: 'no transactions table in the migrated schema' };
    if (prices === null) return { problem: 'no prices table in the migrated schema' };
    const hasRatio = transactions.has('ratio');
    const problem =
      checkColumns('transactions', transactions, [...TRADE_COLUMNS, 'trade_date', ...(hasRatio ? ['ratio'] : [])]) ??
      checkColumns('prices', prices, ['stock_id', 'date', 'close']);
    return problem === null ? { transactions, prices, balances, hasRatio } : { problem };
  } finally {
    await client.end();
  }
}

export interface SeedTimes {
  tradesSeconds: number;
  pricesSeconds: number;
  balancesSeconds: number;
  balances: number;
}

/**
 * Trades in history order (so `seq` follows it), prices, and balances when their table matches, in one
 * transaction; then the household's data_version is bumped, as the service does on every write, so no
 * cached holdings or analytics survive the seeding.
 */
export async function seedPortfolio(
  databaseUrl: string,
  schema: SeedSchema,
  target: SeedTarget,
  data: GeneratedPortfolio,
): Promise<SeedTimes> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    let start = performance.now();
    const trades: Extractors<GeneratedPortfolio['trades'][number]> = {
      id: () => randomUUID(),
      household_id: () => target.householdId,
      portfolio_id: () => target.portfolioId,
      stock_id: (t) => target.stockIds[t.stockIndex] as string,
      type: (t) => t.type,
      quantity: (t) => t.quantity,
      price: (t) => t.price,
      fee: (t) => t.fee,
      amount: (t) => t.amount,
      trade_date: (t) => t.trade_date,
    };
    if (schema.hasRatio) trades.ratio = (t) => t.ratio;
    await bulkInsert(client, 'transactions', schema.transactions, trades, data.trades);
    const tradesSeconds = (performance.now() - start) / 1000;

    start = performance.now();
    const prices = data.prices.flatMap((closes, i) =>
      closes.map((p) => ({ stockId: target.stockIds[i] as string, date: p.date, close: p.close })),
    );
    await bulkInsert(
      client,
      'prices',
      schema.prices,
      { stock_id: (p) => p.stockId, date: (p) => p.date, close: (p) => p.close },
      prices,
    );
    const pricesSeconds = (performance.now() - start) / 1000;

    start = performance.now();
    const balanceColumns: Extractors<GeneratedPortfolio['balances'][number]> = {
      id: () => randomUUID(),
      household_id: () => target.householdId,
      portfolio_id: () => target.portfolioId,
      date: (b) => b.date,
      final_balance: (b) => b.final_balance,
      deposits: (b) => b.deposits,
      withdrawals: (b) => b.withdrawals,
      index_change: (b) => b.index_change,
    };
    const balancesFit =
      schema.balances !== null && checkColumns('balances', schema.balances, Object.keys(balanceColumns)) === null;
    if (balancesFit) await bulkInsert(client, 'balances', schema.balances as Columns, balanceColumns, data.balances);
    const balancesSeconds = (performance.now() - start) / 1000;

    const version = await client.query(
      `SELECT 1 FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'households' AND column_name = 'data_version'`,
    );
    if (version.rows.length > 0)
      await client.query('UPDATE households SET data_version = data_version + 1 WHERE id = $1', [target.householdId]);
    await client.query('COMMIT');
    await client.query('ANALYZE transactions');
    await client.query('ANALYZE prices');
    return { tradesSeconds, pricesSeconds, balancesSeconds, balances: balancesFit ? data.balances.length : 0 };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
