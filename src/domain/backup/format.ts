/**
 * The backup file of a whole instance: every household with its users, data and derived positions, as rows of
 * the tables, versioned so that a restore can refuse what it does not understand. Pure: no I/O.
 */

export const BACKUP_FORMAT = 'stockbook-backup';
export const BACKUP_VERSION = 1;

/** The tables a backup holds, in foreign-key order: a restore inserts them in this order. */
export const BACKUP_TABLES = [
  'households',
  'users',
  'stocks',
  'portfolios',
  'transactions',
  'prices',
  'positions',
  'targets',
  'journal_entries',
  'balances',
  'fx_rates',
] as const;
export type BackupTable = (typeof BACKUP_TABLES)[number];

/**
 * Tables left out on purpose: sessions (everyone logs in again after a restore), idempotency keys (a retry
 * promise of 24 hours, meaningless on another database), the market-data run history (a log, not data) and the
 * backup runs themselves; the migrator's own bookkeeping is rebuilt by migrating the target first.
 */
export const SKIPPED_TABLES: readonly string[] = [
  'sessions',
  'idempotency_keys',
  'market_data_runs',
  'market_data_run_stocks',
  'market_data_run_rates',
  'backup_runs',
  'kysely_migration',
  'kysely_migration_lock',
];

/** A cell as written: NUMERIC, DATE and bigint as exact text, timestamps as ISO text, arrays and JSON as JSON. */
export type BackupValue = string | number | boolean | null | BackupValue[] | { [key: string]: BackupValue };
export type BackupRow = Record<string, BackupValue>;

export interface BackupDocument {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  /** The last migration applied to the database it was taken from. */
  migration: string;
  exported_at: string;
  tables: Record<BackupTable, BackupRow[]>;
}

export class BackupFormatError extends Error {}

const COLUMN_NAME = /^[a-z_][a-z0-9_]*$/;

/** The tables of a database that a backup would neither keep nor knowingly skip: data that would be lost. */
export function uncoveredTables(databaseTables: readonly string[]): string[] {
  const known = new Set<string>([...BACKUP_TABLES, ...SKIPPED_TABLES]);
  return databaseTables.filter((t) => !known.has(t)).sort();
}

/**
 * Checks a parsed backup file: its format and version, a migration this code knows (`knownMigrations` in order;
 * a backup of a newer schema cannot be loaded into an older one), and the shape of its tables.
 */
export function validateBackup(value: unknown, knownMigrations: readonly string[]): BackupDocument {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new BackupFormatError('not a StockBook backup: the file is not a JSON object');
  const doc = value as Record<string, unknown>;
  if (doc.format !== BACKUP_FORMAT)
    throw new BackupFormatError(`not a StockBook backup: format is ${JSON.stringify(doc.format ?? null)}`);
  if (doc.version !== BACKUP_VERSION)
    throw new BackupFormatError(
      `backup version ${JSON.stringify(doc.version ?? null)} is not supported (this StockBook reads version ${BACKUP_VERSION})`,
    );
  if (typeof doc.migration !== 'string' || doc.migration === '')
    throw new BackupFormatError('the backup does not name the migration it was taken at');
  if (!knownMigrations.includes(doc.migration))
    throw new BackupFormatError(
      `the backup was taken at migration ${doc.migration}, which this StockBook does not know (newest: ${knownMigrations.at(-1)}): restore it with a newer version`,
    );
  if (typeof doc.exported_at !== 'string' || Number.isNaN(Date.parse(doc.exported_at)))
    throw new BackupFormatError('the backup has no valid exported_at');
  const tables = doc.tables;
  if (typeof tables !== 'object' || tables === null || Array.isArray(tables))
    throw new BackupFormatError('the backup has no tables');
  for (const name of Object.keys(tables))
    if (!(BACKUP_TABLES as readonly string[]).includes(name))
      throw new BackupFormatError(`the backup holds an unknown table '${name}'`);
  for (const name of BACKUP_TABLES) {
    const rows = (tables as Record<string, unknown>)[name];
    if (!Array.isArray(rows)) throw new BackupFormatError(`the backup has no rows for table '${name}'`);
    rows.forEach((row, index) => {
      if (typeof row !== 'object' || row === null || Array.isArray(row))
        throw new BackupFormatError(`${name}[${index}] is not a row`);
      for (const column of Object.keys(row))
        if (!COLUMN_NAME.test(column)) throw new BackupFormatError(`${name}[${index}] has a bad column name`);
    });
  }
  return doc as unknown as BackupDocument;
}

/** Names of scheduled backup files: `stockbook-<UTC timestamp>.json.gz`, which sort by time. */
export const BACKUP_FILE_PATTERN = /^stockbook-\d{8}T\d{6}Z\.json\.gz$/;

export function backupFileName(at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  return `stockbook-${stamp}.json.gz`;
}

/** The scheduled backup files to delete so that the `keep` newest remain; other files are never touched. */
export function filesBeyondRetention(fileNames: readonly string[], keep: number): string[] {
  const ours = fileNames.filter((f) => BACKUP_FILE_PATTERN.test(f)).sort();
  return ours.slice(0, Math.max(0, ours.length - keep));
}
