import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { decodeBackup, encodeBackup, restoreBackup, takeBackup } from '../application/backup.js';
import type { DatabaseHandle } from '../infrastructure/database/connection.js';
import { migrations } from '../infrastructure/database/migrations/index.js';
import { backupStore, writeBackupFile } from '../infrastructure/repositories/backup.js';

/**
 * `stockbook backup [--output FILE]` and `stockbook restore FILE`: the whole instance (every household, its
 * users with their password hashes, and all their data) as one versioned JSON file, gzip-compressed when the
 * name ends in .gz.
 */

export async function backupCommand(database: DatabaseHandle, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { output: { type: 'string', short: 'o' } }, strict: true });
  const started = performance.now();
  const doc = await takeBackup(backupStore(database.db), new Date());
  const output = values.output;
  if (output === undefined) {
    process.stdout.write(encodeBackup(doc, false));
    return;
  }
  const data = encodeBackup(doc, output.endsWith('.gz'));
  await writeBackupFile(output, data);
  const ms = Math.round(performance.now() - started);
  process.stdout.write(`wrote the backup to ${output} (${data.length} bytes, ${ms} ms)\n`);
}

export async function restoreCommand(database: DatabaseHandle, args: string[]): Promise<void> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new Error('usage: stockbook restore FILE');
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const doc = decodeBackup(data, Object.keys(migrations));
  const counts = await restoreBackup(backupStore(database.db), doc);
  const summary = Object.entries(counts)
    .map(([table, n]) => `${n} ${table}`)
    .join(', ');
  process.stdout.write(`restored ${file} (taken ${doc.exported_at} at ${doc.migration}): ${summary}\n`);
}
