import { gunzipSync, gzipSync } from 'node:zlib';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  type BackupDocument,
  type BackupRow,
  type BackupTable,
  backupFileName,
  filesBeyondRetention,
  uncoveredTables,
  validateBackup,
} from '../domain/backup/format.js';
import { BusinessRuleError } from '../domain/errors.js';

/** The table-level reads and writes a backup needs (src/infrastructure/repositories/backup.ts). */
export interface BackupStore {
  /** Every backed-up table as of one moment, the last migration applied, and the names of all tables. */
  snapshot(): Promise<{ migration: string; tables: Record<BackupTable, BackupRow[]>; databaseTables: string[] }>;
  countHouseholds(): Promise<number>;
  /** Inserts every table in one transaction; calls `refuseIfNotEmpty` (which throws) when a household exists. */
  load(tables: Record<BackupTable, BackupRow[]>, refuseIfNotEmpty: () => never): Promise<void>;
  /** True for the one caller, among all replicas, that claims this slot of the schedule. */
  claimSlot(slot: Date): Promise<boolean>;
  finishSlot(slot: Date, outcome: { file: string | null; bytes: number | null; error: string | null }): Promise<void>;
}

/** Where scheduled backups are kept (a directory). */
export interface BackupDirectory {
  readonly path: string;
  /** Writes the whole file or nothing (a reader never sees half a backup). */
  write(name: string, data: Buffer): Promise<string>;
  list(): Promise<string[]>;
  remove(name: string): Promise<void>;
}

export async function takeBackup(store: BackupStore, now: Date): Promise<BackupDocument> {
  const { migration, tables, databaseTables } = await store.snapshot();
  const uncovered = uncoveredTables(databaseTables);
  // A table nobody decided about would be lost silently by every backup: refuse instead.
  if (uncovered.length > 0)
    throw new Error(`the backup format does not cover the table(s) ${uncovered.join(', ')}; update src/domain/backup`);
  return { format: BACKUP_FORMAT, version: BACKUP_VERSION, migration, exported_at: now.toISOString(), tables };
}

export function encodeBackup(doc: BackupDocument, gzip: boolean): Buffer {
  const json = Buffer.from(`${JSON.stringify(doc)}\n`, 'utf8');
  return gzip ? gzipSync(json) : json;
}

/** Reads a backup file, gzip-compressed or not (recognised by its content, not its name). */
export function decodeBackup(data: Buffer, knownMigrations: readonly string[]): BackupDocument {
  const isGzip = data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
  let parsed: unknown;
  try {
    parsed = JSON.parse((isGzip ? gunzipSync(data) : data).toString('utf8'));
  } catch (error) {
    throw new BusinessRuleError(`not a StockBook backup: ${(error as Error).message}`);
  }
  try {
    return validateBackup(parsed, knownMigrations);
  } catch (error) {
    throw new BusinessRuleError((error as Error).message);
  }
}

const NOT_EMPTY = 'the database is not empty (it has households): a backup is restored only into an empty database';

/** Loads a backup into an empty (already migrated) database, all in one transaction. */
export async function restoreBackup(store: BackupStore, doc: BackupDocument): Promise<Record<BackupTable, number>> {
  if ((await store.countHouseholds()) > 0) throw new BusinessRuleError(NOT_EMPTY);
  await store.load(doc.tables, () => {
    throw new BusinessRuleError(NOT_EMPTY);
  });
  return Object.fromEntries(Object.entries(doc.tables).map(([name, rows]) => [name, rows.length])) as Record<
    BackupTable,
    number
  >;
}

export interface ScheduledBackup {
  file: string;
  bytes: number;
  ms: number;
  deleted: string[];
}

/**
 * The backup of one cron slot. Every replica calls it at the slot; the one that claims the slot writes
 * `stockbook-<slot>.json.gz` and then keeps only the `keep` newest of those files.
 */
export async function runScheduledBackup(
  deps: { store: BackupStore; directory: BackupDirectory; keep: number; now: () => Date },
  slot: Date,
): Promise<ScheduledBackup | null> {
  if (!(await deps.store.claimSlot(slot))) return null;
  const started = performance.now();
  try {
    const data = encodeBackup(await takeBackup(deps.store, deps.now()), true);
    const file = await deps.directory.write(backupFileName(slot), data);
    const deleted = filesBeyondRetention(await deps.directory.list(), deps.keep);
    for (const name of deleted) await deps.directory.remove(name);
    await deps.store.finishSlot(slot, { file, bytes: data.length, error: null });
    return { file, bytes: data.length, ms: Math.round(performance.now() - started), deleted };
  } catch (error) {
    await deps.store
      .finishSlot(slot, { file: null, bytes: null, error: (error as Error).message })
      .catch(() => undefined);
    throw error;
  }
}
