import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/**
 * The exchange rates a market-data run fetches (product.md sections 13 and 14), beside its stocks: one row per
 * household and pair (a pair is fetched once per run but stored, and shown, per household), pending until its
 * outcome is recorded, so a household sees only its own pairs of a run and a replica that dies leaves them failed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    CREATE TABLE market_data_run_rates (
      run_id uuid NOT NULL REFERENCES market_data_runs(id) ON DELETE CASCADE,
      household_id uuid NOT NULL REFERENCES households(id) ON DELETE CASCADE,
      base text NOT NULL,
      quote text NOT NULL,
      outcome text NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'stored', 'failed')),
      rates_stored integer NOT NULL DEFAULT 0,
      error text,
      PRIMARY KEY (run_id, household_id, base, quote)
    );
    CREATE INDEX market_data_run_rates_household_idx ON market_data_run_rates (household_id, run_id)
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, 'DROP TABLE market_data_run_rates');
}
