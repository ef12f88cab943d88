import { mkdir, readdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { BackupDirectory, BackupStore } from '../../application/backup.js';
import { BACKUP_TABLES, type BackupRow, type BackupTable } from '../../domain/backup/format.js';
import type { Database } from '../database/schema.js';

interface Column {
  table_name: string;
  column_name: string;
  data_type: string;
}

const INSERT_CHUNK_ROWS = 2000;

/**
 * How a column is read so that the file keeps it exactly: NUMERIC, DATE and bigint as their text (never a JS
 * number), timestamps as ISO text in UTC with their microseconds; the rest (text, uuid, boolean, integer,
 * arrays, JSON) as the driver gives them. Names come from the catalogue, never from a file.
 */
function readExpression(column: Column) {
  const ref = sql.ref(column.column_name);
  switch (column.data_type) {
    case 'numeric':
    case 'date':
    case 'bigint':
      return sql`${ref}::text AS ${ref}`;
    case 'timestamp with time zone':
      return sql`to_char(${ref} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS ${ref}`;
    default:
      return sql`${ref}`;
  }
}

/** The stored columns of every table; generated ones (search vectors) are rebuilt by the database itself. */
async function columnsOf(db: Kysely<Database>): Promise<Map<string, Column[]>> {
  const result = await sql<Column>`
    SELECT table_name::text AS table_name, column_name::text AS column_name, data_type::text AS data_type
    FROM information_schema.columns
    WHERE table_schema = current_schema() AND is_generated = 'NEVER'
    ORDER BY table_name, ordinal_position`.execute(db);
  const byTable = new Map<string, Column[]>();
  for (const column of result.rows) {
    const list = byTable.get(column.table_name) ?? [];
    list.push(column);
    byTable.set(column.table_name, list);
  }
  return byTable;
}

async function lastMigration(db: Kysely<Database>): Promise<string> {
  const exists = await sql<{ t: string | null }>`SELECT to_regclass('kysely_migration')::text AS t`.execute(db);
  if (exists.rows[0]?.t == null) throw new Error('the database has no StockBook schema yet (run stockbook migrate)');
  const result = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name DESC LIMIT 1`.execute(db);
  const name = result.rows[0]?.name;
  if (name === undefined) throw new Error('the database has no migrations applied');
  return name;
}

/** Table-level reads and writes of a whole instance, for backup and restore (src/application/backup.ts). */
export function backupStore(db: Kysely<Database>): BackupStore {
  return {
    async snapshot() {
      // One REPEATABLE READ, read-only transaction: every table as of the same moment, writers not blocked.
      return db
        .transaction()
        .setIsolationLevel('repeatable read')
        .setAccessMode('read only')
        .execute(async (trx) => {
          const columns = await columnsOf(trx);
          const migration = await lastMigration(trx);
          const tables = {} as Record<BackupTable, BackupRow[]>;
          for (const table of BACKUP_TABLES) {
            const list = columns.get(table);
            if (list === undefined) throw new Error(`table ${table} is missing from the database`);
            const result = await sql<BackupRow>`
              SELECT ${sql.join(list.map(readExpression))} FROM ${sql.table(table)} ORDER BY 1`.execute(trx);
            tables[table] = result.rows;
          }
          return { migration, tables, databaseTables: [...columns.keys()] };
        });
    },

    async countHouseholds() {
      const result = await sql<{ n: string }>`SELECT count(*)::text AS n FROM households`.execute(db);
      return Number(result.rows[0]?.n ?? 0);
    },

    async load(tables, refuseIfNotEmpty) {
      await db.transaction().execute(async (trx) => {
        // Checked again inside the transaction, under a lock that makes a second restore at once wait.
        await sql`LOCK TABLE households IN EXCLUSIVE MODE`.execute(trx);
        const existing = await sql<{ n: string }>`SELECT count(*)::text AS n FROM households`.execute(trx);
        if (Number(existing.rows[0]?.n ?? 0) > 0) refuseIfNotEmpty();
        const columns = await columnsOf(trx);
        for (const table of BACKUP_TABLES) {
          const rows = tables[table];
          if (rows.length === 0) continue;
          const known = new Set((columns.get(table) ?? []).map((c) => c.column_name));
          const names = [...new Set(rows.flatMap((row) => Object.keys(row)))];
          const unknown = names.filter((name) => !known.has(name));
          if (unknown.length > 0)
            throw new Error(`the backup's table ${table} has columns this database lacks: ${unknown.join(', ')}`);
          const list = sql.join(names.map((name) => sql.ref(name)));
          for (let start = 0; start < rows.length; start += INSERT_CHUNK_ROWS) {
            const chunk = JSON.stringify(rows.slice(start, start + INSERT_CHUNK_ROWS));
            // The database converts each JSON value to its column's type: exact decimals, dates, arrays, JSON.
            await sql`
              INSERT INTO ${sql.table(table)} (${list})
              SELECT ${list} FROM jsonb_populate_recordset(NULL::${sql.table(table)}, ${chunk}::jsonb)`.execute(trx);
          }
        }
        // New trades must still sort after the restored ones.
        await sql`
          SELECT setval(pg_get_serial_sequence('transactions', 'seq'), COALESCE(MAX(seq), 0) + 1, false)
          FROM transactions`.execute(trx);
      });
    },

    async claimSlot(slot) {
      const inserted = await db
        .insertInto('backup_runs')
        .values({ scheduled_for: slot })
        .onConflict((oc) => oc.column('scheduled_for').doNothing())
        .returning('scheduled_for')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    async finishSlot(slot, outcome) {
      await db
        .updateTable('backup_runs')
        .set({ finished_at: new Date(), file: outcome.file, bytes: outcome.bytes, error: outcome.error })
        .where('scheduled_for', '=', slot)
        .execute();
    },
  };
}

/**
 * Writes a backup file whole: to a temporary name first, then renamed into place (a reader never sees half a
 * file, and a failed write leaves nothing behind). Readable by its owner only: it holds every household's data
 * and every user's password hash.
 */
export async function writeBackupFile(target: string, data: Buffer, partial = `${target}.${process.pid}.partial`) {
  try {
    await writeFile(partial, data, { mode: 0o600 });
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/** A directory of backup files (created readable by its owner only). */
export function backupDirectory(path: string): BackupDirectory {
  return {
    path,
    async write(name, data) {
      await mkdir(path, { recursive: true, mode: 0o700 });
      const target = join(path, name);
      await writeBackupFile(target, data, join(path, `.${name}.${process.pid}.partial`));
      return target;
    },
    list: () => readdir(path).catch(() => []),
    remove: (name) => unlink(join(path, name)).catch(() => undefined),
  };
}
