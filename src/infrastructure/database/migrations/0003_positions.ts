import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/**
 * Positions: each (portfolio, stock) pair's holding as its trades leave it, kept up to date by every
 * trade write (which replays only that stock's history). Reads no longer replay whole portfolios.
 * `stockbook rebuild-positions` recomputes them all from the trades.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    CREATE TABLE positions (
      portfolio_id uuid NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
      stock_id uuid NOT NULL REFERENCES stocks(id) ON DELETE CASCADE,
      quantity numeric NOT NULL,
      average_cost numeric NOT NULL,
      cost_basis numeric NOT NULL,
      realized_pnl numeric NOT NULL,
      dividends numeric NOT NULL,
      lots jsonb,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (portfolio_id, stock_id)
    );
    CREATE INDEX transactions_portfolio_stock_order_idx ON transactions (portfolio_id, stock_id, trade_date, seq)
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, 'DROP INDEX transactions_portfolio_stock_order_idx; DROP TABLE positions');
}
