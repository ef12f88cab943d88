import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { GeneratedTrade } from './trading-data.js';

/**
 * Bulk insert of the generated trades straight into the trades table (creating 100,000 over HTTP would
 * take far too long). The table is found and checked through information_schema rather than assumed:
 * its name is one of TABLE_CANDIDATES and its columns carry the names of product.md section 10's trade
 * shape. Columns the service fills itself (defaults) are left to it; a NOT NULL column without a default
 * that is not known here stops the seeding with a message that names it.
 */
const TABLE_CANDIDATES = ['transactions', 'trades', 'portfolio_transactions'];
const REQUIRED = ['id', 'portfolio_id', 'stock_id', 'type', 'trade_date'];
const VALUE_COLUMNS = ['quantity', 'price', 'fee', 'amount', 'ratio'] as const;

interface Column {
  name: string;
  /** PostgreSQL type name for the cast (uuid, numeric, date, text, an enum's name...). */
  udt: string;
  nullable: boolean;
  hasDefault: boolean;
}

export interface TradeTable {
  name: string;
  columns: Map<string, Column>;
  /** Whether a split's ratio has a column (else the generator makes no splits). */
  hasRatio: boolean;
}

export async function findTradeTable(databaseUrl: string): Promise<TradeTable | { problem: string }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{
      table_name: string;
      column_name: string;
      udt_name: string;
      is_nullable: string;
      column_default: string | null;
      is_identity: string;
      is_generated: string;
    }>(
      `SELECT table_name, column_name, udt_name, is_nullable, column_default, is_identity, is_generated
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ANY($1) ORDER BY ordinal_position`,
      [TABLE_CANDIDATES],
    );
    const tables = new Map<string, Map<string, Column>>();
    for (const row of result.rows) {
      const columns = tables.get(row.table_name) ?? new Map<string, Column>();
      columns.set(row.column_name, {
        name: row.column_name,
        udt: row.udt_name,
        nullable: row.is_nullable === 'YES',
        hasDefault: row.column_default !== null || row.is_identity === 'YES' || row.is_generated !== 'NEVER',
      });
      tables.set(row.table_name, columns);
    }
    const name = TABLE_CANDIDATES.find((candidate) => tables.has(candidate));
    if (name === undefined)
      return { problem: `no trades table: none of ${TABLE_CANDIDATES.join(', ')} exists in the migrated schema` };
    const columns = tables.get(name) as Map<string, Column>;
    const missing = [...REQUIRED, 'quantity', 'price', 'amount'].filter((c) => !columns.has(c));
    if (missing.length > 0)
      return {
        problem: `table ${name} lacks ${missing.join(', ')} (it has ${[...columns.keys()].join(', ')}); adapt bench/scenarios/trading-seed.ts`,
      };
    return { name, columns, hasRatio: columns.has('ratio') };
  } finally {
    await client.end();
  }
}

export interface SeedTarget {
  householdId: string;
  portfolioId: string;
  /** The service's stock ids, by the generator's stock index. */
  stockIds: string[];
}

/**
 * Inserts the trades in history order, in batches of `batchSize` rows (one `INSERT ... SELECT FROM
 * unnest(...)` each, all in one transaction), so that a sequence or creation time follows that order.
 */
export async function insertTrades(
  databaseUrl: string,
  table: TradeTable,
  target: SeedTarget,
  trades: readonly GeneratedTrade[],
  batchSize = 5000,
): Promise<void> {
  const known: Record<string, (trade: GeneratedTrade, index: number) => string | null> = {
    id: () => randomUUID(),
    portfolio_id: () => target.portfolioId,
    stock_id: (t) => target.stockIds[t.stockIndex] as string,
    household_id: () => target.householdId,
    type: (t) => t.type,
    trade_date: (t) => t.trade_date,
    quantity: (t) => t.quantity,
    price: (t) => t.price,
    fee: (t) => t.fee,
    amount: (t) => t.amount,
    ratio: (t) => t.ratio,
    notes: () => '',
  };
  const nowColumns = new Set(['created_at', 'updated_at']);
  const columns: Column[] = [];
  const unknownRequired: string[] = [];
  for (const column of table.columns.values()) {
    if (column.name in known) {
      if (
        column.hasDefault &&
        !REQUIRED.includes(column.name) &&
        !(VALUE_COLUMNS as readonly string[]).includes(column.name)
      )
        continue;
      columns.push(column);
    } else if (nowColumns.has(column.name) && !column.hasDefault && !column.nullable) {
      columns.push(column);
    } else if (!column.nullable && !column.hasDefault) {
      unknownRequired.push(`${column.name} (${column.udt})`);
    }
  }
  if (unknownRequired.length > 0)
    throw new Error(
      `table ${table.name} has NOT NULL columns without a default that the seeding does not know: ${unknownRequired.join(', ')}; adapt bench/scenarios/trading-seed.ts`,
    );

  const list = columns.map((c) => `"${c.name}"`).join(', ');
  const select = columns.map((_, i) => `$${i + 1}::text[]`).join(', ');
  const casts = columns.map((c, i) => `c${i}::"${c.udt}"`).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  const statement = `INSERT INTO "${table.name}" (${list}) SELECT ${casts} FROM unnest(${select}) AS t(${aliases})`;

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    for (let start = 0; start < trades.length; start += batchSize) {
      const batch = trades.slice(start, start + batchSize);
      const values = columns.map((column) =>
        batch.map((trade, i) => {
          if (nowColumns.has(column.name) && !(column.name in known)) return new Date().toISOString();
          const value = known[column.name]?.(trade, start + i) ?? null;
          return value === null && column.name === 'notes' ? '' : value;
        }),
      );
      await client.query(statement, values);
    }
    await client.query('COMMIT');
    await client.query(`ANALYZE "${table.name}"`);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
