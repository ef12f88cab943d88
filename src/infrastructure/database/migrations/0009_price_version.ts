import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/**
 * A second version of a household's data, bumped by the writes that change only prices and exchange rates: what is
 * derived from the trades alone (their daily cash flows) stays cached across them, while every view keyed by both
 * versions is recomputed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, 'ALTER TABLE households ADD COLUMN price_version bigint NOT NULL DEFAULT 0');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, 'ALTER TABLE households DROP COLUMN price_version');
}
