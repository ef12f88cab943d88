import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/**
 * Several currencies (product.md section 14): the household's base currency, each stock's trading currency and
 * the household's exchange rates (one unit of `base` costs `rate` units of `quote`).
 *
 * Existing data keeps every number it showed: a household whose portfolios share one currency takes it as its
 * base (else USD, the default), and a stock takes the currency of the portfolios that trade it when they share
 * one (else the household's base), so a single-currency household needs no rate at all.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    ALTER TABLE households ADD COLUMN base_currency text NOT NULL DEFAULT 'USD';
    UPDATE households h SET base_currency = one.currency
      FROM (SELECT household_id, min(trim(currency)) AS currency FROM portfolios
            GROUP BY household_id HAVING count(DISTINCT trim(currency)) = 1) one
      WHERE one.household_id = h.id;
    ALTER TABLE stocks ADD COLUMN currency text;
    UPDATE stocks s SET currency = one.currency
      FROM (SELECT t.stock_id, min(trim(p.currency)) AS currency
            FROM transactions t JOIN portfolios p ON p.id = t.portfolio_id
            GROUP BY t.stock_id HAVING count(DISTINCT trim(p.currency)) = 1) one
      WHERE one.stock_id = s.id;
    UPDATE stocks s SET currency = h.base_currency FROM households h WHERE h.id = s.household_id AND s.currency IS NULL;
    ALTER TABLE stocks ALTER COLUMN currency SET NOT NULL;

    CREATE TABLE fx_rates (
      household_id uuid NOT NULL REFERENCES households(id) ON DELETE CASCADE,
      base text NOT NULL,
      quote text NOT NULL,
      date date NOT NULL,
      rate numeric NOT NULL CHECK (rate > 0),
      source text NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'provider')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (household_id, base, quote, date),
      CHECK (base <> quote)
    )
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    'DROP TABLE fx_rates; ALTER TABLE stocks DROP COLUMN currency; ALTER TABLE households DROP COLUMN base_currency',
  );
}
