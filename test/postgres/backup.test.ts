import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScheduledBackup } from '../../src/application/backup.js';
import { connectDatabase } from '../../src/cli/composition-root.js';
import { backupFileName } from '../../src/domain/backup/format.js';
import { loadConfig } from '../../src/infrastructure/config.js';
import { createLogger } from '../../src/infrastructure/logger.js';
import { startSchedule } from '../../src/infrastructure/market-data/schedule.js';
import { backupDirectory, backupStore } from '../../src/infrastructure/repositories/backup.js';
import { apiAnswers, seedInstance, stockbook } from '../support/backup.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/**
 * Backup and restore on PostgreSQL: a whole instance into a blank database gives back the same API answers and
 * passwords; two replicas (each its own pool) firing the same slots write each slot once.
 */

let source: TestDatabase;
let target: TestDatabase;
let dir: string;
let emails: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stockbook-pg-backup-'));
  source = await createTestDatabase();
  target = await createTestDatabase();
  ({ emails } = await seedInstance(source));
}, 120_000);

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await Promise.allSettled([source?.drop(), target?.drop()]);
});

describe('backup and restore on PostgreSQL', () => {
  it('restores into a blank database with the same API answers and passwords, then refuses a second restore', async () => {
    expect(source.databaseUrl).toMatch(/^postgres/);
    const before = await apiAnswers(source, emails);
    const file = join(dir, 'instance.json.gz');
    const backup = await stockbook(source, 'backup', '--output', file);
    expect(backup.code, backup.stderr).toBe(0);

    const restored = await stockbook(target, 'restore', file);
    expect(restored.code, restored.stderr).toBe(0);
    const after = await apiAnswers(target, emails);
    expect(after.answers).toEqual(before.answers);

    const again = await stockbook(target, 'backup');
    expect(again.code, again.stderr).toBe(0);
    const original = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'));
    expect(JSON.parse(again.stdout).tables).toEqual(original.tables);

    const refused = await stockbook(target, 'restore', file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^stockbook: .*not empty[^\n]*\n$/);
  }, 120_000);

  it('two replicas, each its own pool, firing the same slots: each slot written once', async () => {
    const out = mkdtempSync(join(dir, 'replicas-'));
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: source.databaseUrl ?? '' });
    const logger = createLogger('silent');
    const replicas = [
      await connectDatabase(config, logger, { migrate: false }),
      await connectDatabase(config, logger, { migrate: false }),
    ];
    const fired = new Map<number, Array<string | null>>();
    const schedules = replicas.map((db) =>
      startSchedule('* * * * * *', async (slot) => {
        const run = await runScheduledBackup(
          { store: backupStore(db.db), directory: backupDirectory(out), keep: 100, now: () => new Date() },
          slot,
        );
        const list = fired.get(slot.getTime()) ?? [];
        list.push(run?.file ?? null);
        fired.set(slot.getTime(), list);
      }),
    );
    const until = Date.now() + 15_000;
    while (Date.now() < until && [...fired.values()].filter((l) => l.length === 2).length < 3) await sleep(50);
    for (const s of schedules) s.stop();
    await sleep(1500);
    await Promise.allSettled(replicas.map((db) => db.close()));

    const complete = [...fired.entries()].filter(([, runs]) => runs.length === 2);
    expect(complete.length).toBeGreaterThanOrEqual(3);
    for (const [slot, runs] of complete)
      expect(runs.filter((f) => f !== null)).toEqual([join(out, backupFileName(new Date(slot)))]);
    const written = [...fired.values()].flat().filter((f): f is string => f !== null);
    expect(readdirSync(out).sort()).toEqual(written.map((f) => f.slice(out.length + 1)).sort());
  }, 60_000);
});
