import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    ALTER TABLE households ADD COLUMN data_version bigint NOT NULL DEFAULT 0;

    CREATE TABLE portfolios (
      id uuid PRIMARY KEY,
      household_id uuid NOT NULL REFERENCES households(id) ON DELETE CASCADE,
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      currency char(3) NOT NULL DEFAULT 'USD',
      cost_basis_method text NOT NULL DEFAULT 'average' CHECK (cost_basis_method IN ('average', 'fifo')),
      is_active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX portfolios_household_name_key ON portfolios (household_id, lower(name));

    CREATE TABLE transactions (
      id uuid PRIMARY KEY,
      household_id uuid NOT NULL REFERENCES households(id) ON DELETE CASCADE,
      portfolio_id uuid NOT NULL REFERENCES portfolios(id) ON DELETE RESTRICT,
      stock_id uuid NOT NULL REFERENCES stocks(id) ON DELETE RESTRICT,
      seq bigserial NOT NULL,
      type text NOT NULL CHECK (type IN ('buy', 'sell', 'dividend', 'split')),
      quantity numeric,
      price numeric,
      fee numeric,
      amount numeric,
      ratio text,
      trade_date date NOT NULL,
      trade_time timestamptz,
      notes text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX transactions_portfolio_order_idx ON transactions (portfolio_id, trade_date, seq);
    CREATE INDEX transactions_stock_idx ON transactions (stock_id);

    CREATE TABLE idempotency_keys (
      household_id uuid NOT NULL REFERENCES households(id) ON DELETE CASCADE,
      key text NOT NULL,
      request_hash text NOT NULL,
      status_code integer NOT NULL,
      response jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (household_id, key)
    );
    CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

    CREATE TABLE prices (
      stock_id uuid NOT NULL REFERENCES stocks(id) ON DELETE CASCADE,
      date date NOT NULL,
      close numeric NOT NULL CHECK (close >= 0),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (stock_id, date)
    );

    CREATE TABLE targets (
      id uuid PRIMARY KEY,
      household_id uuid NOT NULL REFERENCES households(id) ON DELETE CASCADE,
      portfolio_id uuid NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
      stock_id uuid NOT NULL REFERENCES stocks(id) ON DELETE CASCADE,
      pivot_price numeric NOT NULL,
      failure_price numeric NOT NULL,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'hit', 'failed', 'cancelled')),
      notes text NOT NULL DEFAULT '',
      triggered_price numeric,
      triggered_on date,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX targets_household_idx ON targets (household_id, status);
    CREATE INDEX targets_stock_active_idx ON targets (stock_id) WHERE status = 'active';

    CREATE TABLE journal_entries (
      id uuid PRIMARY KEY,
      household_id uuid NOT NULL REFERENCES households(id) ON DELETE CASCADE,
      content text NOT NULL,
      entry_date date NOT NULL,
      portfolio_id uuid REFERENCES portfolios(id) ON DELETE SET NULL,
      stock_id uuid REFERENCES stocks(id) ON DELETE SET NULL,
      transaction_id uuid REFERENCES transactions(id) ON DELETE SET NULL,
      tags text[] NOT NULL DEFAULT '{}',
      sentiment text CHECK (sentiment IN ('bullish', 'bearish', 'neutral')),
      search tsvector GENERATED ALWAYS AS (to_tsvector('english', content)) STORED,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX journal_household_date_idx ON journal_entries (household_id, entry_date DESC);
    CREATE INDEX journal_search_idx ON journal_entries USING gin (search);
    CREATE INDEX journal_tags_idx ON journal_entries USING gin (tags);

    CREATE TABLE balances (
      id uuid PRIMARY KEY,
      household_id uuid NOT NULL REFERENCES households(id) ON DELETE CASCADE,
      portfolio_id uuid NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
      date date NOT NULL,
      final_balance numeric NOT NULL,
      deposits numeric NOT NULL DEFAULT 0,
      withdrawals numeric NOT NULL DEFAULT 0,
      index_change numeric,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT balances_portfolio_date_key UNIQUE (portfolio_id, date)
    )
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    'ALTER TABLE households DROP COLUMN data_version; DROP TABLE balances; DROP TABLE journal_entries; DROP TABLE targets; DROP TABLE prices; DROP TABLE idempotency_keys; DROP TABLE transactions; DROP TABLE portfolios',
  );
}
