import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    CREATE TABLE households (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      concentration_limit numeric(5,2) NOT NULL DEFAULT 20 CHECK (concentration_limit > 0 AND concentration_limit <= 100),
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE users (
      id uuid PRIMARY KEY,
      household_id uuid NOT NULL REFERENCES households(id) ON DELETE CASCADE,
      email text NOT NULL,
      display_name text NOT NULL,
      password_hash text NOT NULL,
      role text NOT NULL CHECK (role IN ('owner', 'member', 'viewer')),
      is_admin boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX users_email_key ON users (lower(email));
    CREATE INDEX users_household_idx ON users (household_id);

    CREATE TABLE sessions (
      token_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    );
    CREATE INDEX sessions_user_idx ON sessions (user_id);

    CREATE TABLE stocks (
      id uuid PRIMARY KEY,
      household_id uuid NOT NULL REFERENCES households(id) ON DELETE CASCADE,
      symbol text NOT NULL,
      company_name text,
      sector text,
      industry_group text,
      grade text CHECK (grade IN ('A', 'B', 'C', 'D', 'F')),
      notes text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT stocks_household_symbol_key UNIQUE (household_id, symbol)
    );
    CREATE INDEX stocks_household_created_idx ON stocks (household_id, created_at, id);
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, 'DROP TABLE stocks; DROP TABLE sessions; DROP TABLE users; DROP TABLE households;');
}
