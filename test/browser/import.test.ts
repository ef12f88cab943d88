import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Client, type Json } from '../support/app.js';
import {
  expectAccessible,
  expectNoSidewaysScroll,
  household,
  openScreen,
  PHONE,
  plain,
  screenshot,
  tableRows,
  useBrowserApp,
} from '../support/browser.js';
import { otherHousehold } from '../support/trading-fixtures.js';

// A second household (signed up) takes the first one's household file.
const web = useBrowserApp({ ALLOW_SIGNUP: 'true' });
const OWNER = 'owner@example.com';
const VIEWER = 'viewer@example.com';
const STATUS_LABEL: Record<string, string> = {
  create: 'Will be created',
  created: 'Created',
  duplicate: 'Duplicate',
  skipped: 'Skipped',
  error: 'Error',
};
let owner: Client;

beforeAll(async () => {
  owner = (await household(web)).owner;
  const stock = await owner.post('/api/v1/stocks', { symbol: 'AAPL', company_name: 'Apple Inc.' });
  expect(stock.status, JSON.stringify(stock.body)).toBe(201);
  await addUser(web().app.app, owner, VIEWER, 'viewer');
});

async function seedPortfolio(name: string): Promise<Json> {
  const created = await owner.post('/api/v1/portfolios', { name });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

/** What the server answers for `csv` (a dry run unless told otherwise): what the screen must show. */
async function apiImport(portfolioId: string, csv: string, query = 'dry_run=true'): Promise<Json> {
  const answer = await owner.post(`/api/v1/portfolios/${portfolioId}/import?${query}`, csv, {
    'content-type': 'text/csv',
  });
  return { status: answer.status, ...answer.body };
}

async function openImport(page: Page, portfolio: Json, email = OWNER): Promise<void> {
  await openScreen(page, `/portfolios/${portfolio.id}`, portfolio.name, email);
  await page.getByRole('link', { name: 'Import trades' }).click();
  await page.getByRole('heading', { name: 'Import trades', level: 1 }).waitFor();
}

async function chooseFile(page: Page, name: string, content: string, mimeType = 'text/csv'): Promise<void> {
  await page.getByLabel('File', { exact: true }).setInputFiles({ name, mimeType, buffer: Buffer.from(content) });
}

async function checkFile(page: Page, name: string, content: string): Promise<void> {
  await chooseFile(page, name, content);
  await page.getByRole('button', { name: 'Check file' }).click();
  await page.getByRole('heading', { name: 'Dry run' }).waitFor();
}

const typeLabel = (type: string | null): string =>
  type ? type.charAt(0).toUpperCase() + type.slice(1).toLowerCase() : '—';

/** The "Import rows" table for a report's rows, in line order. */
function expectedRows(rows: Json[]): string[][] {
  return rows.map((r) => [
    String(r.line),
    STATUS_LABEL[r.status] ?? r.status,
    r.symbol ?? '—',
    typeLabel(r.type),
    r.trade_date ?? '—',
    r.message ?? '',
  ]);
}

async function importRows(page: Page): Promise<string[][]> {
  return tableRows(page, 'Import rows');
}

/** The symbol and quantity of each holding shown (the numbers compared as the API writes them). */
async function holdingQuantities(page: Page): Promise<string[][]> {
  return (await tableRows(page, 'Holdings')).filter((r) => r[0] !== 'Total').map((r) => [r[0] ?? '', plain(r[1])]);
}

async function apiHoldingQuantities(portfolioId: string): Promise<string[][]> {
  const answer = await owner.get(`/api/v1/portfolios/${portfolioId}/holdings`);
  expect(answer.status).toBe(200);
  return answer.body.items.map((h: Json) => [h.symbol, plain(h.quantity)]);
}

const GOOD_CSV = [
  'Date,Symbol,Type,Quantity,Price,Fee,Amount,Note',
  '2024-01-02,AAPL,buy,10,150,1,,first buy',
  '2024-02-01,NEWCO,Buy,5,20,0,,"a new stock, created by the import"',
  '2024-03-01,AAPL,sell,4,170,1,,',
  '2024-03-15,AAPL,dividend,,,,2.40,',
  '2024-04-01,AAPL,interest,,,,1.00,not a trade',
].join('\n');

describe('the import screen', () => {
  it('checks a file, shows every row of the dry run, imports it and the holdings follow without a reload', async () => {
    const portfolio = await seedPortfolio('Imported');
    const page = await web.open();
    // The portfolio's page first: its (empty) holdings are in the cache when the import changes them.
    await openScreen(page, `/portfolios/${portfolio.id}`, portfolio.name);
    await page.getByText('No holdings yet').waitFor();
    await page.getByRole('link', { name: 'Import trades' }).click();
    await page.getByRole('heading', { name: 'Import trades', level: 1 }).waitFor();
    await expect(page.getByLabel('Create missing stocks').isChecked()).resolves.toBe(true);

    const dry = await apiImport(portfolio.id, GOOD_CSV);
    expect(dry.status, JSON.stringify(dry)).toBe(200);
    expect(dry.rows.map((r: Json) => r.line)).toEqual([2, 3, 4, 5, 6]);
    await checkFile(page, 'trades.csv', GOOD_CSV);
    await expect.poll(() => importRows(page)).toEqual(expectedRows(dry.rows));
    const statuses = (await importRows(page)).map((r) => r[1]);
    expect(statuses.slice(0, 4)).toEqual(['Will be created', 'Will be created', 'Will be created', 'Will be created']);
    expect(statuses[4]).toBe('Skipped');
    const summary = page.getByRole('definition');
    await expect(summary.allTextContents()).resolves.toEqual(
      [dry.summary.rows, dry.summary.created, dry.summary.duplicates, dry.summary.skipped, 0, 1].map(String),
    );
    await expectAccessible(page);
    await screenshot(page, 'import-dry-run');

    // Nothing was written by the check.
    expect(await apiHoldingQuantities(portfolio.id)).toEqual([]);

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const done = page.getByRole('status').filter({ hasText: 'Imported' });
    await done.waitFor();
    await expect(done.textContent()).resolves.toContain(`Imported ${dry.summary.created} trades and created 1 stock.`);
    await page.getByRole('heading', { name: 'Import result' }).waitFor();
    await expect
      .poll(async () => (await importRows(page)).map((r) => r[1]))
      .toEqual(['Created', 'Created', 'Created', 'Created', 'Skipped']);
    await expect(page.getByRole('button', { name: 'Import', exact: true }).count()).resolves.toBe(0);

    await page.getByRole('link', { name: 'See the holdings' }).click();
    await page.getByRole('heading', { name: portfolio.name, level: 1 }).waitFor();
    const expected = await apiHoldingQuantities(portfolio.id);
    expect(expected).toEqual([
      ['AAPL', '6'],
      ['NEWCO', '5'],
    ]);
    await expect.poll(() => holdingQuantities(page)).toEqual(expected);

    // The same file again: every trade is a duplicate, so there is nothing to import.
    await page.getByRole('link', { name: 'Import trades' }).click();
    await checkFile(page, 'trades.csv', GOOD_CSV);
    await expect
      .poll(async () => (await importRows(page)).map((r) => r[1]))
      .toEqual(['Duplicate', 'Duplicate', 'Duplicate', 'Duplicate', 'Skipped']);
    await page.getByText('there is nothing to import').waitFor();
    await expect(page.getByRole('button', { name: 'Import', exact: true }).count()).resolves.toBe(0);
  });

  it('offers no "Import" while a row has an error, and shows the error rows with the server’s messages', async () => {
    const portfolio = await seedPortfolio('Refused');
    const csv = [
      'Date,Symbol,Type,Quantity,Price',
      '2024-01-02,AAPL,buy,10,150',
      '2024-13-45,AAPL,buy,1,150',
      '2024-01-03,ZZZZ,buy,1,10',
      '2024-01-04,AAPL,buy,-3,150',
    ].join('\n');
    const page = await web.open();
    await openImport(page, portfolio);
    await page.getByLabel('Create missing stocks').uncheck();
    const dry = await apiImport(portfolio.id, csv, 'dry_run=true&create_stocks=false');
    expect(dry.summary.errors, JSON.stringify(dry)).toBe(3);
    await checkFile(page, 'refused.csv', csv);

    await expect.poll(() => importRows(page)).toEqual(expectedRows(dry.rows));
    const rows = await importRows(page);
    expect(rows.map((r) => r[1])).toEqual(['Will be created', 'Error', 'Error', 'Error']);
    for (const row of rows.slice(1)) expect(row[5]).not.toBe('');
    await expect(page.getByRole('button', { name: 'Import', exact: true }).count()).resolves.toBe(0);
    await page.getByText('Nothing can be imported while a row has an error').waitFor();
    if (dry.status === 422) await page.getByRole('alert').filter({ hasText: dry.error.message }).waitFor();

    // The error rows alone, on demand.
    await page.getByLabel('Show only errors').check();
    await expect.poll(async () => (await importRows(page)).map((r) => r[0])).toEqual(['3', '4', '5']);
    await expectAccessible(page);
    expect(await apiHoldingQuantities(portfolio.id)).toEqual([]);
  });

  it('shows the rows and the message of an import refused after its check (the portfolio changed meanwhile)', async () => {
    const portfolio = await seedPortfolio('Raced');
    const aapl = (await owner.get('/api/v1/stocks?search=AAPL')).body.items[0];
    const buy = await owner.post(`/api/v1/portfolios/${portfolio.id}/transactions`, {
      stock_id: aapl.id,
      type: 'buy',
      quantity: '10',
      price: '150',
      trade_date: '2024-01-02',
    });
    expect(buy.status, JSON.stringify(buy.body)).toBe(201);
    const csv = 'Date,Symbol,Type,Quantity,Price\n2024-02-01,AAPL,sell,10,170\n';
    const page = await web.open();
    await openImport(page, portfolio);
    await checkFile(page, 'sell.csv', csv);
    await expect.poll(async () => (await importRows(page)).map((r) => r[1])).toEqual(['Will be created']);

    // The buy goes away between the check and the import: the sell would leave a negative holding.
    expect((await owner.delete(`/api/v1/portfolios/${portfolio.id}/transactions/${buy.body.id}`)).status).toBe(204);
    const refused = await apiImport(portfolio.id, csv, 'dry_run=false');
    expect(refused.status, JSON.stringify(refused)).toBe(422);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('heading', { name: 'Import refused' }).waitFor();
    await page.getByRole('alert').filter({ hasText: refused.error.message }).waitFor();
    await expect.poll(() => importRows(page)).toEqual(expectedRows(refused.rows));
    await expect(page.getByRole('status').filter({ hasText: 'Imported' }).count()).resolves.toBe(0);
    expect((await owner.get(`/api/v1/portfolios/${portfolio.id}/transactions`)).body.total).toBe(0);
  });

  it('shows the server’s refusal of a file that cannot be read as a whole in an alert', async () => {
    const portfolio = await seedPortfolio('Unreadable');
    const csv = 'Symbol,Type,Quantity,Price\nAAPL,buy,1,10\n';
    const refused = await apiImport(portfolio.id, csv);
    expect(refused.status).toBe(400);
    const page = await web.open();
    await openImport(page, portfolio);
    await chooseFile(page, 'no-dates.csv', csv);
    await page.getByRole('button', { name: 'Check file' }).click();
    await page.getByRole('alert').filter({ hasText: refused.error.message }).waitFor();
    await expect(page.getByRole('table', { name: 'Import rows' }).count()).resolves.toBe(0);

    // Without a file, the form says so before sending anything.
    await page.reload();
    await page.getByRole('button', { name: 'Check file' }).click();
    await page.getByRole('alert').filter({ hasText: 'Choose a CSV or JSON file' }).waitFor();
    await expect(page.getByLabel('File', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
  });

  it('pages a large report instead of drawing every row at once', async () => {
    const portfolio = await seedPortfolio('Large');
    const lines = Array.from({ length: 10_000 }, (_, i) => {
      const day = new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
      return `${day},AAPL,buy,1,${100 + (i % 50)}`;
    });
    const page = await web.open();
    await openImport(page, portfolio);
    await checkFile(page, 'large.csv', ['Date,Symbol,Type,Quantity,Price', ...lines].join('\n'));
    await expect.poll(async () => (await importRows(page)).length).toBe(100);
    const pager = page.getByRole('navigation', { name: 'Import rows pages' });
    await pager.getByText('Page 1 of 100').waitFor();
    // Turning a page of a 10,000-row report is immediate: only its 100 rows are drawn.
    const turned = Date.now();
    await pager.getByRole('button', { name: 'Next' }).click();
    await pager.getByText('Page 2 of 100').waitFor();
    expect(Date.now() - turned).toBeLessThan(2000);
    await expect.poll(async () => (await importRows(page))[0]?.[0]).toBe('102');
    await page.getByText('10,000 rows').waitFor();
  });

  it('fits a phone without sideways scrolling', async () => {
    const portfolio = await seedPortfolio('Phone');
    const page = await web.open({ viewport: PHONE });
    await openScreen(page, `/portfolios/${portfolio.id}/import`, 'Import trades');
    await checkFile(page, 'trades.csv', GOOD_CSV);
    await page.getByRole('table', { name: 'Import rows' }).waitFor();
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'import-phone');
  });

  it('shows a viewer no "Import trades", and the import screen offers them nothing to send', async () => {
    const portfolio = await seedPortfolio('Watched');
    const page = await web.open();
    await openScreen(page, `/portfolios/${portfolio.id}`, portfolio.name, VIEWER);
    await page.getByRole('link', { name: 'Export CSV' }).waitFor();
    await expect(page.getByRole('link', { name: 'Import trades' }).count()).resolves.toBe(0);
    await page.goto(`/portfolios/${portfolio.id}/import`);
    await page.getByRole('heading', { name: 'Import trades', level: 1 }).waitFor();
    await page.getByText('Only owners and members import trades').waitFor();
    await expect(page.getByRole('button', { name: 'Check file' }).count()).resolves.toBe(0);
  });
});

describe('exports', () => {
  it('downloads the portfolio’s trades as the CSV that the import reads back', async () => {
    const portfolio = await seedPortfolio('Exported');
    const applied = await apiImport(portfolio.id, GOOD_CSV, 'dry_run=false');
    expect(applied.status, JSON.stringify(applied)).toBe(201);
    const page = await web.open();
    await openScreen(page, `/portfolios/${portfolio.id}`, portfolio.name);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    const file = readFileSync(await download.path(), 'utf8');
    const api = await owner.get(`/api/v1/portfolios/${portfolio.id}/transactions.csv`);
    expect(api.status).toBe(200);
    expect(file).toBe(api.raw.body);
    expect(file.split(/\r?\n/)[0]).toBe('Date,Symbol,Type,Quantity,Price,Fee,Amount,Ratio,Currency,Note');
  });

  it('downloads the household file, and an empty household takes it with "Import household"', async () => {
    const page = await web.open();
    await openScreen(page, '/household', 'Household');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export household' }).click(),
    ]);
    const file = readFileSync(await download.path(), 'utf8');
    const exported = JSON.parse(file);
    expect(exported).toMatchObject({ format: 'stockbook', version: 1 });
    // The household has stocks, so it takes no household file.
    await expect(page.getByRole('button', { name: 'Import household' }).count()).resolves.toBe(0);

    const other = await otherHousehold(web().app.app, 'other@example.com');
    const otherPage = await web.open();
    await openScreen(otherPage, '/household', 'Household', 'other@example.com');
    await otherPage.getByLabel('Household file').setInputFiles({
      name: 'household.json',
      mimeType: 'application/json',
      buffer: Buffer.from(file),
    });
    await otherPage.getByRole('button', { name: 'Import household' }).click();
    await otherPage.getByRole('status').filter({ hasText: 'Imported the household file' }).waitFor();
    await expect(otherPage.getByRole('button', { name: 'Import household' }).count()).resolves.toBe(0);

    const theirs = await other.owner.get('/api/v1/stocks?sort=symbol:asc');
    const ours = await owner.get('/api/v1/stocks?sort=symbol:asc');
    expect(theirs.body.items.map((s: Json) => s.symbol)).toEqual(ours.body.items.map((s: Json) => s.symbol));
    await otherPage.getByRole('link', { name: 'Stocks', exact: true }).click();
    await otherPage.getByRole('table', { name: 'Stocks' }).getByRole('link', { name: 'NEWCO' }).waitFor();
    await expectAccessible(otherPage);
  });

  it('shows the household file only to owners', async () => {
    const page = await web.open();
    await openScreen(page, '/household', 'Household', VIEWER);
    await page.getByRole('table', { name: 'Members' }).waitFor();
    await expect(page.getByRole('link', { name: 'Export household' }).count()).resolves.toBe(0);
  });
});
