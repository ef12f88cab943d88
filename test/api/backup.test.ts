import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScheduledBackup } from '../../src/application/backup.js';
import { connectDatabase } from '../../src/cli/composition-root.js';
import { BACKUP_TABLES, backupFileName } from '../../src/domain/backup/format.js';
import { loadConfig } from '../../src/infrastructure/config.js';
import { createLogger } from '../../src/infrastructure/logger.js';
import { startSchedule } from '../../src/infrastructure/market-data/schedule.js';
import { backupDirectory, backupStore } from '../../src/infrastructure/repositories/backup.js';
import { client, type Json, loginAs, startTestApp } from '../support/app.js';
import { apiAnswers, blankDatabase, databaseEnv, seedInstance, stockbook } from '../support/backup.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { runCli, stop } from '../support/process.js';

/**
 * `stockbook backup` and `stockbook restore` through the real CLI: a whole instance taken from one database and
 * loaded into a blank one answers the API exactly as before, and the users log in with their passwords.
 */

let source: TestDatabase;
let dir: string;
let emails: string[];
let before: Awaited<ReturnType<typeof apiAnswers>>;
let backupPath: string;
const databases: TestDatabase[] = [];

async function blank(): Promise<TestDatabase> {
  const db = await blankDatabase();
  databases.push(db);
  return db;
}

/** A refusal: exit 1 and one line on standard error. */
function refused(res: { code: number | null; stdout: string; stderr: string }, pattern: RegExp) {
  expect(res.code, res.stderr).toBe(1);
  expect(res.stderr).toMatch(/^stockbook: [^\n]+\n$/);
  expect(res.stderr).toMatch(pattern);
}

async function householdCount(db: TestDatabase): Promise<number> {
  const testApp = await startTestApp({}, db);
  try {
    const store = backupStore(testApp.database.db);
    return await store.countHouseholds();
  } finally {
    await testApp.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stockbook-backup-'));
  source = await createTestDatabase();
  ({ emails } = await seedInstance(source));
  before = await apiAnswers(source, emails);
  backupPath = join(dir, 'instance.json.gz');
  const res = await stockbook(source, 'backup', '--output', backupPath);
  expect(res.code, res.stderr).toBe(0);
  expect(res.stdout).toMatch(/wrote the backup to .*instance\.json\.gz \(\d+ bytes, \d+ ms\)/);
  // Every household's data and every password hash: readable by its owner only.
  expect(statSync(backupPath).mode & 0o777).toBe(0o600);
}, 120_000);

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await Promise.allSettled([source?.drop(), ...databases.map((db) => db.drop())]);
});

describe('stockbook backup', () => {
  it('writes versioned JSON of every table, gzip-compressed for .gz, exact decimals and timestamps', async () => {
    const doc = JSON.parse(gunzipSync(readFileSync(backupPath)).toString('utf8'));
    expect(doc.format).toBe('stockbook-backup');
    expect(doc.version).toBe(1);
    expect(doc.migration).toMatch(/^\d{4}_/);
    expect(Object.keys(doc.tables)).toEqual([...BACKUP_TABLES]);
    expect(doc.tables.households).toHaveLength(2);
    expect(doc.tables.users).toHaveLength(3);
    expect(doc.tables.users.every((u: Json) => u.password_hash.startsWith('$argon2'))).toBe(true);
    expect(doc.tables.sessions).toBeUndefined();
    // Stored as entered: '1.0885000' keeps its zeros; numeric columns are never JS numbers.
    expect(doc.tables.fx_rates.map((r: Json) => r.rate)).toContain('1.0885000');
    expect(doc.tables.transactions.every((t: Json) => typeof t.seq === 'string' && /^\d+$/.test(t.seq))).toBe(true);
    expect(doc.tables.transactions[0].created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(doc.tables.prices[0].date).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(doc.tables.positions.length).toBeGreaterThan(0);
  });

  it('writes plain JSON to standard output without --output', async () => {
    const res = await stockbook(source, 'backup');
    expect(res.code, res.stderr).toBe(0);
    const doc = JSON.parse(res.stdout);
    const file = JSON.parse(gunzipSync(readFileSync(backupPath)).toString('utf8'));
    expect(doc.tables).toEqual(file.tables);
  });
});

describe('stockbook restore', () => {
  let target: TestDatabase;

  it('loads the backup into a blank database: the same API answers, the same passwords', async () => {
    target = await blank();
    const res = await stockbook(target, 'restore', backupPath);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/restored .*: 2 households, 3 users/);

    const after = await apiAnswers(target, emails);
    expect(after.answers).toEqual(before.answers);

    // Sessions are not kept: a token of the old instance does not open the new one.
    const testApp = await startTestApp({}, target);
    try {
      const me = await client(testApp.app, before.oldTokens[0]).get('/api/v1/auth/me');
      expect(me.status).toBe(401);
      const wrong = await client(testApp.app).post('/api/v1/auth/login', {
        email: emails[0],
        password: 'wrong-password!',
      });
      expect(wrong.status).toBe(401);
      // The trade sequence continues after the restored trades.
      const owner = await loginAs(testApp.app, emails[1] as string);
      const portfolios = await owner.owner.get('/api/v1/portfolios');
      const stocks = await owner.owner.get('/api/v1/stocks');
      const trade = await owner.owner.post(`/api/v1/portfolios/${portfolios.body.items[0].id}/transactions`, {
        stock_id: stocks.body.items[0].id,
        type: 'buy',
        quantity: '1',
        price: '1',
        trade_date: '2024-04-02',
      });
      expect(trade.status, JSON.stringify(trade.body)).toBe(201);
      const snapshot = await backupStore(testApp.database.db).snapshot();
      const seqs = snapshot.tables.transactions.map((t) => Number(t.seq));
      const added = snapshot.tables.transactions.find((t) => t.id === trade.body.id);
      expect(Number(added?.seq)).toBe(Math.max(...seqs));
      expect(new Set(seqs).size).toBe(seqs.length);
    } finally {
      await testApp.close();
    }
  }, 120_000);

  it('gives back the very rows: a backup of the restored database holds the same tables', async () => {
    const again = await blank();
    expect((await stockbook(again, 'restore', backupPath)).code).toBe(0);
    const res = await stockbook(again, 'backup');
    expect(res.code, res.stderr).toBe(0);
    const original = JSON.parse(gunzipSync(readFileSync(backupPath)).toString('utf8'));
    expect(JSON.parse(res.stdout).tables).toEqual(original.tables);
  }, 60_000);

  it('refuses a database that has a household, and changes nothing', async () => {
    refused(await stockbook(source, 'restore', backupPath), /not empty/);
    expect(await householdCount(source)).toBe(2);
  }, 60_000);

  it('refuses files of another format, version or a newer migration, and files that are not backups', async () => {
    const db = await blank();
    const original = JSON.parse(gunzipSync(readFileSync(backupPath)).toString('utf8'));
    const cases: Array<[string, string | Buffer, RegExp]> = [
      ['garbage.json', 'not json at all', /not a StockBook backup/],
      ['export.json', JSON.stringify({ format: 'stockbook-household', version: 1 }), /not a StockBook backup/],
      ['v2.json', JSON.stringify({ ...original, version: 2 }), /version 2 is not supported/],
      ['future.json.gz', gzipSync(JSON.stringify({ ...original, migration: '9999_future' })), /9999_future.*newer/],
      ['no-tables.json', JSON.stringify({ ...original, tables: { ...original.tables, users: 'x' } }), /users/],
      ['extra.json', JSON.stringify({ ...original, tables: { ...original.tables, sessions: [] } }), /unknown table/],
    ];
    for (const [name, content, pattern] of cases) {
      writeFileSync(join(dir, name), content);
      refused(await stockbook(db, 'restore', join(dir, name)), pattern);
    }
    refused(await stockbook(db, 'restore', join(dir, 'missing.json')), /cannot read/);
  }, 60_000);

  it('loads all or nothing: a bad row in the last table leaves the database empty', async () => {
    const db = await blank();
    const original = JSON.parse(gunzipSync(readFileSync(backupPath)).toString('utf8'));
    const broken = {
      ...original,
      tables: { ...original.tables, fx_rates: [{ ...original.tables.fx_rates[0], rate: 'not a number' }] },
    };
    writeFileSync(join(dir, 'broken.json'), JSON.stringify(broken));
    const res = await stockbook(db, 'restore', join(dir, 'broken.json'));
    expect(res.code).toBe(1);
    expect(await householdCount(db)).toBe(0);
    expect((await stockbook(db, 'restore', backupPath)).code).toBe(0);
    expect(await householdCount(db)).toBe(2);
  }, 60_000);
});

describe('scheduled backups', () => {
  it('two replicas firing the same slots: each slot is written once', async () => {
    const out = mkdtempSync(join(dir, 'replicas-'));
    const config = loadConfig({ NODE_ENV: 'test', ...databaseEnv(source) });
    const logger = createLogger('silent');
    // PGlite opens a directory in one process: the two schedulers share its handle; on PostgreSQL each its pool.
    const first = await connectDatabase(config, logger, { migrate: false });
    const second = source.databaseUrl ? await connectDatabase(config, logger, { migrate: false }) : first;
    const fired = new Map<number, Array<string | null>>();
    const replica = (db: typeof first) =>
      startSchedule('* * * * * *', async (slot) => {
        const run = await runScheduledBackup(
          { store: backupStore(db.db), directory: backupDirectory(out), keep: 100, now: () => new Date() },
          slot,
        );
        const list = fired.get(slot.getTime()) ?? [];
        list.push(run?.file ?? null);
        fired.set(slot.getTime(), list);
      });
    const schedules = [replica(first), replica(second)];
    const until = Date.now() + 10_000;
    while (Date.now() < until && [...fired.values()].filter((l) => l.length === 2).length < 2) await sleep(50);
    for (const s of schedules) s.stop();
    await sleep(1500);
    await Promise.allSettled([first.close(), second === first ? undefined : second.close()]);

    const complete = [...fired.entries()].filter(([, runs]) => runs.length === 2);
    expect(complete.length).toBeGreaterThanOrEqual(2);
    for (const [slot, runs] of complete) {
      const written = runs.filter((file) => file !== null);
      expect(written).toEqual([join(out, backupFileName(new Date(slot)))]);
    }
    const files = readdirSync(out);
    const writtenAll = [...fired.values()].flat().filter((f) => f !== null);
    expect(files.sort()).toEqual(writtenAll.map((f) => f.slice(out.length + 1)).sort());
    const doc = JSON.parse(gunzipSync(readFileSync(join(out, files[0] as string))).toString('utf8'));
    expect(doc.tables.households).toHaveLength(2);
    expect(statSync(join(out, files[0] as string)).mode & 0o777).toBe(0o600);
  }, 30_000);

  it('keeps the BACKUP_KEEP newest backup files and leaves other files alone', async () => {
    const out = mkdtempSync(join(dir, 'keep-'));
    const old = Array.from({ length: 6 }, (_, i) => backupFileName(new Date(Date.UTC(2020, 0, i + 1))));
    for (const name of old) writeFileSync(join(out, name), 'old');
    writeFileSync(join(out, 'notes.txt'), 'mine');
    writeFileSync(join(out, 'stockbook-manual.json.gz'), 'mine');
    const testApp = await startTestApp({}, source);
    try {
      const slot = new Date(Date.UTC(2030, 5, 1, 3, 0, 0));
      const run = await runScheduledBackup(
        { store: backupStore(testApp.database.db), directory: backupDirectory(out), keep: 3, now: () => new Date() },
        slot,
      );
      expect(run?.bytes).toBeGreaterThan(0);
      expect(run?.deleted.sort()).toEqual(old.slice(0, 4));
      expect(readdirSync(out).sort()).toEqual(
        [...old.slice(4), backupFileName(slot), 'notes.txt', 'stockbook-manual.json.gz'].sort(),
      );
      // The slot is claimed: running it again (another replica, later) writes nothing.
      const again = await runScheduledBackup(
        { store: backupStore(testApp.database.db), directory: backupDirectory(out), keep: 3, now: () => new Date() },
        slot,
      );
      expect(again).toBeNull();
    } finally {
      await testApp.close();
    }
  }, 60_000);

  it('`stockbook serve` with BACKUP_SCHEDULE writes backups to BACKUP_DIR and logs file, bytes and ms', async () => {
    const db = await blank();
    expect((await stockbook(db, 'restore', backupPath)).code).toBe(0);
    const out = join(dir, 'served');
    const service = runCli(['serve'], {
      ...databaseEnv(db),
      PORT: '0',
      LOG_LEVEL: 'info',
      BACKUP_SCHEDULE: '* * * * * *',
      BACKUP_DIR: out,
      BACKUP_KEEP: '2',
    });
    try {
      const until = Date.now() + 30_000;
      while (Date.now() < until && !/scheduled backup written/.test(service.output())) await sleep(100);
      const line = service
        .output()
        .split('\n')
        .find((l) => l.includes('scheduled backup written'));
      expect(line, service.output()).toBeDefined();
      const logged = JSON.parse(line as string).backup;
      expect(logged.file).toMatch(/stockbook-\d{8}T\d{6}Z\.json\.gz$/);
      expect(logged.bytes).toBeGreaterThan(0);
      expect(typeof logged.ms).toBe('number');
      expect(existsSync(logged.file)).toBe(true);
    } finally {
      await stop(service);
    }
  }, 60_000);
});
