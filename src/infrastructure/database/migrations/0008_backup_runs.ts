import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/**
 * Scheduled backups: each cron slot is claimed once (the slot is the primary key), however many replicas fire
 * it, the same way as the scheduled market-data runs. A claimer that dies leaves its slot claimed and unfinished:
 * that slot is lost, the next one runs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    CREATE TABLE backup_runs (
      scheduled_for timestamptz PRIMARY KEY,
      started_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      file text,
      bytes bigint,
      error text
    )
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, 'DROP TABLE backup_runs');
}
