import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Client, type Json } from '../support/app.js';
import {
  DESKTOP,
  description,
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

const web = useBrowserApp();
const OWNER = 'owner@example.com';
const SOURCE_LABEL: Record<string, string> = { manual: 'Manual', provider: 'Provider' };
let owner: Client;

beforeAll(async () => {
  owner = (await household(web)).owner;
});

async function seedStock(body: Json): Promise<Json> {
  const created = await owner.post('/api/v1/stocks', body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

async function seedPortfolio(name: string): Promise<Json> {
  const created = await owner.post('/api/v1/portfolios', { name });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

async function openStocks(page: Page, email = OWNER): Promise<void> {
  await openScreen(page, '/stocks', 'Stocks', email);
}

function optionTexts(select: Locator): Promise<string[]> {
  return select.locator('option').allTextContents();
}

function isFocused(element: Locator): Promise<boolean> {
  return element.evaluate((el) => el === document.activeElement);
}

/** The Stocks table's first five cells per row, as the API writes them. */
async function stockCells(page: Page): Promise<string[][]> {
  return (await tableRows(page, 'Stocks')).map((row) => row.slice(0, 5).map(plain));
}

/** What the Stocks table must show for an API answer of GET /api/v1/stocks. */
function expectedStockCells(items: Json[]): string[][] {
  return items.map((s) =>
    [s.symbol, s.company_name ?? '—', s.sector ?? '—', s.grade ?? '—', s.current_price ?? '—'].map((cell) =>
      plain(String(cell)),
    ),
  );
}

async function apiStocks(query = ''): Promise<Json> {
  const answer = await owner.get(`/api/v1/stocks?sort=symbol:asc&size=20${query ? `&${query}` : ''}`);
  expect(answer.status).toBe(200);
  return answer.body;
}

/** Narrows the catalog to one symbol with the search box and returns its row. */
async function rowOf(page: Page, symbol: string): Promise<Locator> {
  await page.getByRole('searchbox', { name: 'Search stocks' }).fill(symbol);
  const row = page
    .getByRole('table', { name: 'Stocks', exact: true })
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: symbol, exact: true }) });
  await row.waitFor();
  return row;
}

async function sectorGroups(sector: string): Promise<string[]> {
  const answer = await owner.get('/api/v1/sectors');
  const found = (answer.body.items as Json[]).find((s) => s.name === sector);
  expect(found, sector).toBeDefined();
  return found?.industry_groups as string[];
}

describe('the stock catalog', () => {
  it('says to add the first stock while there is none', async () => {
    const page = await web.open();
    await openStocks(page);
    await page.getByText('No stocks yet').waitFor();
    await page.getByText(/Add your first stock/).waitFor();
    await page.getByRole('button', { name: 'Add stock' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'stocks-empty');
  });

  it('adds a stock with a sector and one of its industry groups, and refuses a duplicate symbol at the field keeping what was typed', async () => {
    const page = await web.open();
    await openStocks(page);
    const addButton = page.getByRole('button', { name: 'Add stock' });
    await addButton.click();
    const dialog = page.getByRole('dialog', { name: 'Add stock' });
    await dialog.waitFor();

    const sector = dialog.getByLabel('Sector');
    const group = dialog.getByLabel('Industry group');
    await expect(group.isDisabled()).resolves.toBe(true);
    await sector.selectOption('Information Technology');
    await expect(group.isEnabled()).resolves.toBe(true);
    expect(await optionTexts(group)).toEqual(['No industry group', ...(await sectorGroups('Information Technology'))]);
    await sector.selectOption('Energy');
    expect(await optionTexts(group)).toEqual(['No industry group', ...(await sectorGroups('Energy'))]);
    await sector.selectOption('Information Technology');

    await dialog.getByLabel('Symbol').fill('msft');
    await dialog.getByLabel('Company name').fill('Microsoft Corporation');
    await group.selectOption('Software & Services');
    await dialog.getByLabel('Grade').selectOption('A');
    await dialog.getByLabel('Notes').fill('Cloud and Office');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });

    const answer = await apiStocks('search=MSFT');
    expect(answer.items).toHaveLength(1);
    expect(answer.items[0]).toMatchObject({
      symbol: 'MSFT',
      company_name: 'Microsoft Corporation',
      sector: 'Information Technology',
      industry_group: 'Software & Services',
      grade: 'A',
      notes: 'Cloud and Office',
    });
    await expect.poll(() => stockCells(page)).toEqual(expectedStockCells((await apiStocks()).items));

    // The same symbol again: the server's 409 lands at "Symbol"; the dialog keeps every value typed.
    await addButton.click();
    await dialog.waitFor();
    await dialog.getByLabel('Symbol').fill('MSFT');
    await dialog.getByLabel('Company name').fill('Another Microsoft');
    await dialog.getByLabel('Sector').selectOption('Financials');
    await dialog.getByLabel('Industry group').selectOption('Banks');
    await dialog.getByLabel('Notes').fill('typed before the refusal');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('alert').waitFor();
    const symbol = dialog.getByLabel('Symbol');
    await expect(symbol.getAttribute('aria-invalid')).resolves.toBe('true');
    const refusal = await owner.post('/api/v1/stocks', { symbol: 'MSFT' });
    expect(refusal.status).toBe(409);
    expect(await description(symbol)).toContain(refusal.body.error.details[0].message);
    await expect(dialog.getByRole('alert').textContent()).resolves.toContain(refusal.body.error.message);
    await expect(symbol.inputValue()).resolves.toBe('MSFT');
    await expect(dialog.getByLabel('Company name').inputValue()).resolves.toBe('Another Microsoft');
    await expect(dialog.getByLabel('Sector').inputValue()).resolves.toBe('Financials');
    await expect(dialog.getByLabel('Industry group').inputValue()).resolves.toBe('Banks');
    await expect(dialog.getByLabel('Notes').inputValue()).resolves.toBe('typed before the refusal');
    await expectAccessible(page);
    await screenshot(page, 'stocks-add-refused');

    // Escape closes the dialog and gives the focus back to the button that opened it.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => isFocused(addButton)).toBe(true);
    expect((await apiStocks('search=MSFT')).total).toBe(1);
  });

  it('edits a stock: a new sector clears an industry group that no longer fits, an invalid symbol is refused at its field', async () => {
    const stock = await seedStock({
      symbol: 'EDTA',
      company_name: 'Edit Alpha',
      sector: 'Information Technology',
      industry_group: 'Software & Services',
      grade: 'B',
    });
    const page = await web.open();
    await openStocks(page);
    const row = await rowOf(page, 'EDTA');
    const edit = row.getByRole('button', { name: 'Edit', exact: true });
    await edit.click();
    const dialog = page.getByRole('dialog', { name: 'Edit stock' });
    await dialog.waitFor();
    await expect(dialog.getByLabel('Symbol').inputValue()).resolves.toBe('EDTA');
    await expect(dialog.getByLabel('Company name').inputValue()).resolves.toBe('Edit Alpha');
    await expect(dialog.getByLabel('Sector').inputValue()).resolves.toBe('Information Technology');
    await expect(dialog.getByLabel('Industry group').inputValue()).resolves.toBe('Software & Services');
    await expect(dialog.getByLabel('Grade').inputValue()).resolves.toBe('B');

    await dialog.getByLabel('Sector').selectOption('Health Care');
    await expect(dialog.getByLabel('Industry group').inputValue()).resolves.toBe('');
    expect(await optionTexts(dialog.getByLabel('Industry group'))).toEqual([
      'No industry group',
      ...(await sectorGroups('Health Care')),
    ]);

    // A symbol the rules refuse: the 400's details land at "Symbol", the rest stays as typed.
    await dialog.getByLabel('Symbol').fill('NOT A SYMBOL');
    await dialog.getByLabel('Company name').fill('Edit Alpha Health');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('alert').waitFor();
    const symbol = dialog.getByLabel('Symbol');
    await expect(symbol.getAttribute('aria-invalid')).resolves.toBe('true');
    const refusal = await owner.patch(`/api/v1/stocks/${stock.id}`, { symbol: 'NOT A SYMBOL' });
    expect(refusal.status).toBe(400);
    const detail = (refusal.body.error.details as Json[]).find((d) => d.field === 'symbol');
    expect(await description(symbol)).toContain(detail?.message);
    await expect(dialog.getByLabel('Company name').inputValue()).resolves.toBe('Edit Alpha Health');
    await expect(dialog.getByLabel('Sector').inputValue()).resolves.toBe('Health Care');

    await symbol.fill('EDTA');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => isFocused(edit)).toBe(true);

    const saved = await owner.get(`/api/v1/stocks/${stock.id}`);
    expect(saved.body).toMatchObject({
      symbol: 'EDTA',
      company_name: 'Edit Alpha Health',
      sector: 'Health Care',
      industry_group: null,
      grade: 'B',
    });
    await expect.poll(() => stockCells(page)).toEqual(expectedStockCells((await apiStocks('search=EDTA')).items));
  });

  it('adds a stock with a provider code, shows it when editing, and a blank one clears it', async () => {
    const page = await web.open();
    await openStocks(page);
    await page.getByRole('button', { name: 'Add stock' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add stock' });
    await dialog.waitFor();
    // The dialog's only control named like "Symbol" is the symbol itself (the spec's tests find it by substring).
    await expect(dialog.getByLabel('Symbol').count()).resolves.toBe(1);
    const providerSymbol = dialog.getByRole('textbox', { name: 'Provider code' });
    expect(await description(providerSymbol)).toContain('BRK-B for BRK.B on Yahoo');
    await dialog.getByLabel('Symbol').fill('PSYM.B');
    await providerSymbol.fill('PSYM-B');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    const created = (await apiStocks('search=PSYM')).items[0];
    expect(created).toMatchObject({ symbol: 'PSYM.B', provider_symbol: 'PSYM-B' });

    // A code the server refuses lands at the field, as typed.
    const row = await rowOf(page, 'PSYM.B');
    await row.getByRole('button', { name: 'Edit', exact: true }).click();
    const edit = page.getByRole('dialog', { name: 'Edit stock' });
    await edit.waitFor();
    const field = edit.getByRole('textbox', { name: 'Provider code' });
    await expect(field.inputValue()).resolves.toBe('PSYM-B');
    await field.fill('NOT VALID');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.getByRole('alert').waitFor();
    await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
    const refusal = await owner.patch(`/api/v1/stocks/${created.id}`, { provider_symbol: 'NOT VALID' });
    expect(refusal.status).toBe(400);
    const detail = (refusal.body.error.details as Json[]).find((d) => d.field === 'provider_symbol');
    expect(await description(field)).toContain(detail?.message);

    await field.fill('');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(async () => (await owner.get(`/api/v1/stocks/${created.id}`)).body.provider_symbol).toBeNull();

    // Editing another field keeps it blank.
    await row.getByRole('button', { name: 'Edit', exact: true }).click();
    await edit.waitFor();
    await expect(edit.getByRole('textbox', { name: 'Provider code' }).inputValue()).resolves.toBe('');
    await edit.getByLabel('Company name').fill('Provider Symbol Co');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    expect((await owner.get(`/api/v1/stocks/${created.id}`)).body).toMatchObject({
      company_name: 'Provider Symbol Co',
      provider_symbol: null,
    });
  });

  it('says on the Market data page that prices are entered by hand while no provider is configured', async () => {
    const status = await owner.get('/api/v1/market-data/status');
    expect(status.body).toMatchObject({ provider: 'none', last_run: null });
    const page = await web.open();
    await openStocks(page);
    await page.getByRole('link', { name: 'Market data' }).click();
    await page.getByRole('heading', { name: 'Market data', level: 1 }).waitFor();
    await page.getByText('Prices are entered by hand').waitFor();
    await page.getByText('Never run').waitFor();
    await expect(page.getByRole('button', { name: 'Refresh now' }).count()).resolves.toBe(0);
    await expectAccessible(page);
  });

  it('searches, filters by sector and grade and pages as the API does', async () => {
    for (let i = 1; i <= 22; i++)
      await seedStock({
        symbol: `PG${String(i).padStart(2, '0')}`,
        company_name: i % 2 === 0 ? `Paging Even ${i}` : `Paging Odd ${i}`,
        sector: i % 3 === 0 ? 'Utilities' : 'Materials',
        grade: i % 4 === 0 ? 'C' : 'D',
      });
    const page = await web.open();
    await openStocks(page);

    // Every stock of the first page, and "Page 1 of N".
    const all = await apiStocks();
    expect(all.pages).toBeGreaterThan(1);
    await expect.poll(() => stockCells(page)).toEqual(expectedStockCells(all.items));
    const pager = page.getByRole('navigation', { name: 'Stocks pages' });
    await pager.getByText(`Page 1 of ${all.pages}`).waitFor();
    await pager.getByRole('button', { name: 'Next' }).click();
    await pager.getByText(`Page 2 of ${all.pages}`).waitFor();
    await expect.poll(() => stockCells(page)).toEqual(expectedStockCells((await apiStocks('page=2')).items));
    await pager.getByRole('button', { name: 'Previous' }).click();
    await pager.getByText(`Page 1 of ${all.pages}`).waitFor();

    // The search (debounced) is the API's `search`: symbol or company name.
    const search = page.getByRole('searchbox', { name: 'Search stocks' });
    await search.fill('paging even');
    const even = await apiStocks('search=paging%20even');
    expect(even.total).toBe(11);
    await expect.poll(() => stockCells(page)).toEqual(expectedStockCells(even.items));

    // Sector and grade narrow it further, as the API's `sector` and `grade`.
    await page.getByLabel('Filter by sector').selectOption('Utilities');
    const evenUtilities = await apiStocks('search=paging%20even&sector=Utilities');
    expect(evenUtilities.total).toBeGreaterThan(0);
    await expect.poll(() => stockCells(page)).toEqual(expectedStockCells(evenUtilities.items));
    await page.getByLabel('Filter by grade').selectOption('C');
    const narrowest = await apiStocks('search=paging%20even&sector=Utilities&grade=C');
    expect(narrowest.total).toBeGreaterThan(0);
    expect(narrowest.total).toBeLessThan(evenUtilities.total);
    await expect.poll(() => stockCells(page)).toEqual(expectedStockCells(narrowest.items));

    await search.fill('');
    await page.getByLabel('Filter by sector').selectOption('');
    const gradeC = await apiStocks('grade=C');
    await expect.poll(() => stockCells(page)).toEqual(expectedStockCells(gradeC.items));

    // Nothing matches: the empty state says so.
    await search.fill('nothing-is-called-this');
    await page.getByText('No stock matches').waitFor();
  });
});

describe("a stock's page", () => {
  it('adds a price and pastes three, shows them newest first, and the catalog and the targets follow without a reload', async () => {
    const stock = await seedStock({
      symbol: 'PRCE',
      company_name: 'Price Foods',
      sector: 'Consumer Staples',
      industry_group: 'Food, Beverage & Tobacco',
      grade: 'A',
      notes: 'Steady grocer',
    });
    const portfolio = await seedPortfolio('Long term');
    const target = await owner.post('/api/v1/targets', {
      portfolio_id: portfolio.id,
      stock_id: stock.id,
      pivot_price: '110',
      failure_price: '90',
    });
    expect(target.status).toBe(201);
    const entry = await owner.post('/api/v1/journal', {
      content: 'Bought on the earnings dip',
      entry_date: '2026-01-04',
      stock_id: stock.id,
      tags: ['earnings'],
      sentiment: 'bullish',
    });
    expect(entry.status).toBe(201);

    const page = await web.open();
    await openStocks(page);
    const row = await rowOf(page, 'PRCE');
    expect(plain((await row.locator('td').nth(4).textContent()) ?? '')).toBe('—');
    await row.getByRole('link', { name: 'PRCE', exact: true }).click();
    await page.getByRole('heading', { name: 'PRCE', level: 1, exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/stocks/${stock.id}`);
    await page.getByText('Price Foods').first().waitFor();
    await page.getByText('Food, Beverage & Tobacco').waitFor();
    await page.getByText('Steady grocer').waitFor();
    await page.getByText('No prices yet').waitFor();

    // Its targets and journal entries.
    const targetRows = async () => (await tableRows(page, 'Stock targets')).map((r) => r.map(plain));
    const targetsNow = async () => {
      const answer = await owner.get(`/api/v1/targets?stock_id=${stock.id}`);
      return (answer.body.items as Json[]).map((t) => [
        plain('Long term'),
        plain(t.pivot_price),
        plain(t.failure_price),
        t.status[0].toUpperCase() + t.status.slice(1),
      ]);
    };
    expect((await targetRows()).map((r) => r.slice(0, 3))).toEqual((await targetsNow()).map((r) => r.slice(0, 3)));
    expect((await tableRows(page, 'Stock targets'))[0]?.[3]).toBe('Active');
    const article = page.getByRole('article');
    await expect(article.count()).resolves.toBe(1);
    await expect(article.textContent()).resolves.toContain('Bought on the earnings dip');

    // One price through "Add price".
    const addPrice = page.getByRole('button', { name: 'Add price' });
    await addPrice.click();
    const priceDialog = page.getByRole('dialog', { name: 'Add price' });
    await priceDialog.waitFor();
    await expectAccessible(page);
    await priceDialog.getByLabel('Date').fill('2026-01-05');
    await priceDialog.getByLabel('Close').fill('101.5');
    await priceDialog.getByRole('button', { name: 'Save' }).click();
    await priceDialog.waitFor({ state: 'detached' });
    await expect.poll(() => isFocused(addPrice)).toBe(true);

    // Many through "Paste prices": a line of another shape is pointed out before anything is sent.
    const paste = page.getByRole('button', { name: 'Paste prices' });
    await paste.click();
    const pasteDialog = page.getByRole('dialog', { name: 'Paste prices' });
    await pasteDialog.waitFor();
    const textarea = pasteDialog.getByRole('textbox', { name: 'Prices' });
    await textarea.fill('2026-01-06,102.25\nnot a price\n2026-01-07,111');
    await pasteDialog.getByRole('button', { name: 'Save' }).click();
    await pasteDialog.getByRole('alert').waitFor();
    await expect(textarea.getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await description(textarea)).toMatch(/Line 2 is not date,close/);
    expect((await owner.get(`/api/v1/stocks/${stock.id}/prices`)).body.total).toBe(1);

    // The server's refusal of one item (prices.1.date) is shown at its line.
    await textarea.fill('2026-01-06,102.25\n\n2026-02-30,5\n2026-01-07,111');
    await pasteDialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => description(textarea)).toMatch(/Line 3: date /);
    const refused = await owner.post(`/api/v1/stocks/${stock.id}/prices`, {
      prices: [
        { date: '2026-01-06', close: '102.25' },
        { date: '2026-02-30', close: '5' },
      ],
    });
    expect(refused.status).toBe(400);
    expect(await description(textarea)).toContain(refused.body.error.details[0].message);
    await expect(textarea.inputValue()).resolves.toBe('2026-01-06,102.25\n\n2026-02-30,5\n2026-01-07,111');
    await expectAccessible(page);

    await textarea.fill('2026-01-06,102.25\n2026-01-07,111\n2026-01-08,104.75');
    await pasteDialog.getByRole('button', { name: 'Save' }).click();
    await pasteDialog.waitFor({ state: 'detached' });
    await expect.poll(() => isFocused(paste)).toBe(true);

    // The "Prices" table equals the API's list, newest first.
    const prices = await owner.get(`/api/v1/stocks/${stock.id}/prices`);
    expect(prices.body.total).toBe(4);
    expect(prices.body.items[0].date).toBe('2026-01-08');
    await expect
      .poll(async () => (await tableRows(page, 'Prices')).map((r) => r.map(plain)))
      .toEqual((prices.body.items as Json[]).map((p) => [p.date, plain(p.close), SOURCE_LABEL[p.source]]));
    expect(prices.body.items.map((p: Json) => p.source)).toEqual(['manual', 'manual', 'manual', 'manual']);
    const chart = page.getByRole('img', { name: 'Price history' });
    await chart.waitFor();
    await expect(page.locator('.chart-values li').count()).resolves.toBe(4);

    // The close of 111 reached the pivot of 110: the target is hit, without a reload.
    await expect.poll(async () => (await tableRows(page, 'Stock targets'))[0]?.[3]).toMatch(/^Hit/);
    expect((await targetRows()).map((r) => r[3]?.slice(0, 3))).toEqual((await targetsNow()).map((r) => r[3]));

    // The latest close is the stock's current price, on this page and in the catalog.
    const latest = await owner.get(`/api/v1/stocks/${stock.id}`);
    expect(latest.body.current_price).toBeDefined();
    expect(plain(latest.body.current_price)).toBe(plain(prices.body.items[0].close));
    await page.getByText('on 2026-01-08').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stocks' }).click();
    const catalogRow = await rowOf(page, 'PRCE');
    await expect
      .poll(async () => plain((await catalogRow.locator('td').nth(4).textContent()) ?? ''))
      .toBe(plain(latest.body.current_price));
    await expect.poll(() => stockCells(page)).toEqual(expectedStockCells((await apiStocks('search=PRCE')).items));
  });

  it('refuses to delete a stock that trades reference, with the server’s words, and deletes one without trades', async () => {
    const traded = await seedStock({ symbol: 'TRDX', company_name: 'Traded Co' });
    const unused = await seedStock({ symbol: 'DELX', company_name: 'Unused Co' });
    const portfolio = await seedPortfolio('Trading');
    const trade = await owner.post(`/api/v1/portfolios/${portfolio.id}/transactions`, {
      stock_id: traded.id,
      type: 'buy',
      quantity: '10',
      price: '50',
      trade_date: '2026-01-02',
    });
    expect(trade.status, JSON.stringify(trade.body)).toBe(201);
    const refusal = await owner.delete(`/api/v1/stocks/${traded.id}`);
    expect(refusal.status).toBe(409);

    const page = await web.open();
    await openStocks(page);
    let row = await rowOf(page, 'TRDX');
    const deleteButton = row.getByRole('button', { name: 'Delete', exact: true });
    await deleteButton.click();
    const dialog = page.getByRole('dialog', { name: 'Delete stock' });
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain('TRDX');
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await dialog.getByRole('alert').waitFor();
    await expect(dialog.getByRole('alert').textContent()).resolves.toContain(refusal.body.error.message);
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => isFocused(deleteButton)).toBe(true);
    expect((await owner.get(`/api/v1/stocks/${traded.id}`)).status).toBe(200);

    row = await rowOf(page, 'DELX');
    await row.getByRole('button', { name: 'Delete', exact: true }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('No stock matches').waitFor();
    expect((await owner.get(`/api/v1/stocks/${unused.id}`)).status).toBe(404);
  });

  it('shows a viewer no write controls on either screen', async () => {
    const stock = await seedStock({ symbol: 'VIEW', company_name: 'Viewed Co', sector: 'Energy' });
    await owner.post(`/api/v1/stocks/${stock.id}/prices`, { prices: [{ date: '2026-01-05', close: '12.5' }] });
    await addUser(web().app.app, owner, 'viewer@example.com', 'viewer');
    const page = await web.open();
    await openStocks(page, 'viewer@example.com');
    await rowOf(page, 'VIEW');
    for (const name of ['Add stock', 'Edit', 'Delete'])
      await expect(page.getByRole('button', { name, exact: true }).count()).resolves.toBe(0);
    await expect(page.getByRole('columnheader', { name: 'Actions' }).count()).resolves.toBe(0);

    await page.getByRole('link', { name: 'VIEW', exact: true }).click();
    await page.getByRole('heading', { name: 'VIEW', level: 1, exact: true }).waitFor();
    await page.getByRole('table', { name: 'Prices', exact: true }).waitFor();
    for (const name of ['Add price', 'Paste prices', 'Edit stock', 'Delete'])
      await expect(page.getByRole('button', { name, exact: true }).count()).resolves.toBe(0);
    await expectAccessible(page);
  });

  it.each([
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ])('is accessible and fits the screen on a %s on both screens, with a dialog open too', async (size, viewport) => {
    const symbol = size === 'phone' ? 'BRK.B' : 'RDS-A';
    const stock = await seedStock({
      symbol,
      company_name: 'A Rather Long Company Name Holdings Incorporated, Class B',
      sector: 'Financials',
      industry_group: 'Financial Services',
      grade: 'A',
      notes: 'A long note that wraps on a phone rather than pushing the page sideways.',
    });
    await owner.post(`/api/v1/stocks/${stock.id}/prices`, {
      prices: [
        { date: '2026-01-05', close: '1234.5' },
        { date: '2026-01-06', close: '1240.25' },
        { date: '2026-01-07', close: '1238' },
      ],
    });
    const page = await web.open({ viewport });
    await openStocks(page);
    await page.getByRole('table', { name: 'Stocks', exact: true }).waitFor();
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'stocks');

    const addButton = page.getByRole('button', { name: 'Add stock' });
    await addButton.click();
    const dialog = page.getByRole('dialog', { name: 'Add stock' });
    await dialog.waitFor();
    await expect.poll(() => dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'stocks-add');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => isFocused(addButton)).toBe(true);

    await page.goto(`/stocks/${stock.id}`);
    await page.getByRole('heading', { name: symbol, level: 1, exact: true }).waitFor();
    await page.getByRole('table', { name: 'Prices', exact: true }).waitFor();
    await page.getByRole('img', { name: 'Price history' }).waitFor();
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'stock');

    const paste = page.getByRole('button', { name: 'Paste prices' });
    await paste.click();
    const pasteDialog = page.getByRole('dialog', { name: 'Paste prices' });
    await pasteDialog.waitFor();
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'stock-paste-prices');
    await page.keyboard.press('Escape');
    await pasteDialog.waitFor({ state: 'detached' });
    await expect.poll(() => isFocused(paste)).toBe(true);
  });
});
