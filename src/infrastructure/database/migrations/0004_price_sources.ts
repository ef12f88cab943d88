import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/**
 * Market data (product.md section 13): a stock may name its code at the provider, and every price says
 * where it came from, so a fetched close never replaces one entered by hand.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    ALTER TABLE stocks ADD COLUMN provider_symbol text;
    ALTER TABLE prices ADD COLUMN source text NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'provider'))
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, 'ALTER TABLE prices DROP COLUMN source; ALTER TABLE stocks DROP COLUMN provider_symbol');
}
