import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, type Json, PASSWORD, setupOwner, startTestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { normalise, seedHousehold } from '../support/household-file.js';
import { runCli } from '../support/process.js';

/**
 * `stockbook export` and `stockbook import`, run as processes against a database that the test first fills
 * through the API (the app is closed before: PGlite opens a data directory in one process at a time).
 */
let db: TestDatabase;
let dir: string;
let apiFile: Json;
let sourceId: string;
let emptyId: string;

async function signup(app: Parameters<typeof client>[0], household_name: string, email: string): Promise<string> {
  const res = await client(app).post('/api/v1/households', {
    household_name,
    display_name: 'Someone',
    email,
    password: PASSWORD,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.household.id;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stockbook-cli-'));
  db = await createTestDatabase();
  const testApp = await startTestApp({ ALLOW_SIGNUP: 'true' }, db);
  try {
    const source = await setupOwner(testApp.app);
    sourceId = source.householdId;
    await seedHousehold(source, testApp);
    apiFile = (await source.owner.get('/api/v1/export')).body;
    emptyId = await signup(testApp.app, 'Empty', 'empty@example.com');
    await signup(testApp.app, 'Twins', 'twin1@example.com');
    await signup(testApp.app, 'Twins', 'twin2@example.com');
  } finally {
    await testApp.close();
  }
}, 60_000);

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await db?.drop();
});

async function stockbook(...args: string[]) {
  const run = runCli(args, {
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : { DATA_DIR: db.dataDir }),
    LOG_LEVEL: 'warn',
  });
  const { code } = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

/** A refusal: exit 1 and one line on standard error. */
async function refused(args: string[], pattern: RegExp) {
  const res = await stockbook(...args);
  expect(res.code, res.stderr).toBe(1);
  expect(res.stderr).toMatch(/^stockbook: [^\n]+\n$/);
  expect(res.stderr).toMatch(pattern);
  expect(res.stdout).toBe('');
}

describe('stockbook export and import', () => {
  it('exports a household by name to a file, and by id to standard output: the file GET /export answers', async () => {
    const output = join(dir, 'does.json');
    const toFile = await stockbook('export', '--household', 'The Does', '--output', output);
    expect(toFile.code, toFile.stderr).toBe(0);
    expect(toFile.stdout).toContain(output);
    const written = JSON.parse(readFileSync(output, 'utf8'));
    expect({ ...written, exported_at: apiFile.exported_at }).toEqual(apiFile);

    const toStdout = await stockbook('export', '--household', sourceId);
    expect(toStdout.code, toStdout.stderr).toBe(0);
    expect({ ...JSON.parse(toStdout.stdout), exported_at: apiFile.exported_at }).toEqual(apiFile);
  }, 60_000);

  it('imports the file into another household, whose export is then the same file', async () => {
    const imported = await stockbook('import', '--household', 'Empty', join(dir, 'does.json'));
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('13 transactions');
    expect(imported.stdout).toContain('7 fx_rates');
    const copy = await stockbook('export', '--household', emptyId);
    expect(copy.code, copy.stderr).toBe(0);
    const file = JSON.parse(copy.stdout);
    expect(file.household.name).toBe('Empty');
    expect(normalise(file)).toEqual(normalise(apiFile));
  }, 60_000);

  it('refuses, with one line on standard error and exit 1', async () => {
    const path = join(dir, 'does.json');
    await refused(['import', '--household', 'The Does', path], /already has stocks or portfolios/);
    await refused(
      ['export', '--household', 'Twins'],
      /^stockbook: 2 households are named 'Twins': give the id of one \([^()]+\)\n$/,
    );
    await refused(['export', '--household', 'Nobody'], /Household 'Nobody' not found/);
    await refused(['export'], /--household/);
    const unknownVersion = join(dir, 'v2.json');
    writeFileSync(unknownVersion, JSON.stringify({ ...apiFile, version: 2 }));
    await refused(['import', '--household', 'The Does', unknownVersion], /version 2/);
    const notJson = join(dir, 'broken.json');
    writeFileSync(notJson, '{"format": "stockbook",');
    await refused(['import', '--household', sourceId, notJson], /broken\.json is not a readable JSON file/);
  }, 120_000);
});
