import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/**
 * Market-data refresh runs (product.md section 13). Each cron slot is claimed once (`scheduled_for` is unique);
 * at most one scheduled run and, per household, one manual run are unfinished at a time (the partial unique
 * indexes), however many replicas try at once; a run whose replica died is recognised by its stale heartbeat
 * and abandoned. Each run lists the stocks it
 * asked for with their outcome, so a household sees only its own stocks of a run.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    CREATE TABLE market_data_runs (
      id uuid PRIMARY KEY,
      trigger text NOT NULL CHECK (trigger IN ('schedule', 'manual')),
      scheduled_for timestamptz UNIQUE,
      household_id uuid REFERENCES households(id) ON DELETE CASCADE,
      status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'finished', 'abandoned')),
      started_at timestamptz NOT NULL DEFAULT now(),
      heartbeat_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      CHECK ((trigger = 'schedule') = (scheduled_for IS NOT NULL)),
      CHECK ((trigger = 'manual') = (household_id IS NOT NULL))
    );
    CREATE UNIQUE INDEX market_data_runs_one_scheduled ON market_data_runs (trigger)
      WHERE status = 'running' AND trigger = 'schedule';
    CREATE UNIQUE INDEX market_data_runs_one_manual ON market_data_runs (household_id)
      WHERE status = 'running' AND trigger = 'manual';
    CREATE INDEX market_data_runs_started_idx ON market_data_runs (started_at);
    CREATE INDEX market_data_runs_finished_idx ON market_data_runs (finished_at) WHERE finished_at IS NOT NULL;

    CREATE TABLE market_data_run_stocks (
      run_id uuid NOT NULL REFERENCES market_data_runs(id) ON DELETE CASCADE,
      stock_id uuid NOT NULL REFERENCES stocks(id) ON DELETE CASCADE,
      household_id uuid NOT NULL REFERENCES households(id) ON DELETE CASCADE,
      symbol text NOT NULL,
      outcome text NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'stored', 'failed')),
      prices_stored integer NOT NULL DEFAULT 0,
      error text,
      PRIMARY KEY (run_id, stock_id)
    );
    CREATE INDEX market_data_run_stocks_household_idx ON market_data_run_stocks (household_id, run_id);
    CREATE INDEX market_data_run_stocks_stock_idx ON market_data_run_stocks (stock_id)
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, 'DROP TABLE market_data_run_stocks; DROP TABLE market_data_runs');
}
