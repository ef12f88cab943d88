import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Client, type Json } from '../support/app.js';
import {
  created,
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
let owner: Client;

beforeAll(async () => {
  owner = (await household(web)).owner;
});

async function apiHousehold(): Promise<Json> {
  const answer = await owner.get('/api/v1/household');
  expect(answer.status).toBe(200);
  return answer.body;
}

async function apiStock(symbol: string): Promise<Json> {
  const answer = await owner.get(`/api/v1/stocks?search=${encodeURIComponent(symbol)}`);
  expect(answer.status).toBe(200);
  const found = (answer.body.items as Json[]).find((s) => s.symbol === symbol);
  expect(found, symbol).toBeDefined();
  return found as Json;
}

async function apiPortfolio(name: string): Promise<Json> {
  const answer = await owner.get('/api/v1/portfolios?size=100');
  expect(answer.status).toBe(200);
  const found = (answer.body.items as Json[]).find((p) => p.name === name);
  expect(found, name).toBeDefined();
  return found as Json;
}

function optionTexts(select: Locator): Promise<string[]> {
  return select.locator('option').allTextContents();
}

/** The label of a chosen option (what the person sees in the closed select). */
function chosenLabel(select: Locator): Promise<string> {
  return select.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent ?? '');
}

/** The Stocks table's row of one symbol, by the header names: {Symbol, Price, Currency, ...}. */
async function stockRow(page: Page, symbol: string): Promise<Record<string, string>> {
  const table = page.getByRole('table', { name: 'Stocks', exact: true });
  await table.getByRole('link', { name: symbol, exact: true }).waitFor();
  const headers = await table.locator('thead th').allInnerTexts();
  const row = (await tableRows(page, 'Stocks')).find((cells) => cells[0] === symbol) ?? [];
  return Object.fromEntries(headers.map((h, i) => [h, row[i] ?? '']));
}

describe('currencies in the forms and tables', () => {
  it('adds a stock in GBp with the "Currency" picker, starting at the base currency; the table shows GBp and its price in pence', async () => {
    const page = await web.open();
    await openScreen(page, '/stocks', 'Stocks');
    await page.getByRole('button', { name: 'Add stock' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add stock' });
    const currency = dialog.getByLabel('Currency', { exact: true });
    await currency.waitFor();
    const base = (await apiHousehold()).base_currency as string;
    await expect(currency.inputValue()).resolves.toBe(base);
    const options = await optionTexts(currency);
    // The ISO codes with their names, and the minor units with theirs, pence right after pounds.
    expect(options).toEqual(expect.arrayContaining(['USD — US Dollar', 'EUR — Euro', 'GBp — pence sterling']));
    expect(options.indexOf('GBp — pence sterling')).toBe(options.indexOf('GBP — British Pound') + 1);
    expect(options).toEqual(expect.arrayContaining(['ZAc — South African cents', 'ILA — Israeli agorot']));
    await expectAccessible(page);

    await dialog.getByLabel('Symbol').fill('VOD.L');
    await dialog.getByLabel('Company name').fill('Vodafone Group');
    await currency.selectOption('GBp');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });

    const stock = await apiStock('VOD.L');
    expect(stock.currency).toBe('GBp');
    await expect.poll(async () => (await stockRow(page, 'VOD.L')).Currency).toBe('GBp');

    // A close of 1,250 pence: the price cell carries the API's digits and the unit (Intl knows no pence).
    await created(owner.post(`/api/v1/stocks/${stock.id}/prices`, { prices: [{ date: '2026-01-05', close: '1250' }] }));
    await page.reload();
    const close = (await apiStock('VOD.L')).current_price as string;
    await expect.poll(async () => plain((await stockRow(page, 'VOD.L')).Price)).toBe(`${close}GBp`);
    expect((await stockRow(page, 'VOD.L')).Price).toMatch(/^1,250(\.\d+)?\sGBp$/);
    await screenshot(page, 'stocks-gbp');
  });

  it('changes a stock\'s currency in "Edit stock", which starts at the stock\'s own', async () => {
    const stock = await created(owner.post('/api/v1/stocks', { symbol: 'SAP', currency: 'USD' }));
    const page = await web.open();
    await openScreen(page, '/stocks', 'Stocks');
    const row = page
      .getByRole('table', { name: 'Stocks', exact: true })
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: 'SAP', exact: true }) });
    await row.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit stock' });
    const currency = dialog.getByLabel('Currency', { exact: true });
    await expect(currency.inputValue()).resolves.toBe('USD');
    await currency.selectOption('EUR');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(async () => (await owner.get(`/api/v1/stocks/${stock.id}`)).body.currency).toBe('EUR');
    await expect.poll(async () => (await stockRow(page, 'SAP')).Currency).toBe('EUR');

    // The stock's page names its currency.
    await page.getByRole('link', { name: 'SAP', exact: true }).click();
    await page.getByRole('heading', { name: 'SAP', level: 1 }).waitFor();
    await page.getByText('EUR (Euro)').waitFor();
  });

  it('creates a portfolio in EUR with the "Currency" picker, and edits it back', async () => {
    const page = await web.open();
    await openScreen(page, '/portfolios', 'Portfolios');
    await page.getByRole('button', { name: 'New portfolio' }).click();
    const dialog = page.getByRole('dialog', { name: 'New portfolio' });
    const currency = dialog.getByLabel('Currency', { exact: true });
    await currency.waitFor();
    await expect(currency.inputValue()).resolves.toBe((await apiHousehold()).base_currency);
    // A portfolio is in a major currency: no minor unit is offered.
    expect(await optionTexts(currency)).not.toContain('GBp — pence sterling');
    await dialog.getByLabel('Name').fill('Euro savings');
    await currency.selectOption('EUR');
    await expect(chosenLabel(currency)).resolves.toBe('EUR — Euro');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });

    const portfolio = await apiPortfolio('Euro savings');
    expect(portfolio.currency).toBe('EUR');
    // The list's value is in the portfolio's currency (€), with the API's digits.
    const row = page
      .getByRole('table', { name: 'Portfolios', exact: true })
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: 'Euro savings' }) });
    await row.waitFor();
    const value = ((await row.locator('td').first().textContent()) ?? '').trim();
    expect(value).toContain('€');
    expect(plain(value)).toBe(plain(String(portfolio.value ?? '—')));

    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit portfolio' });
    const editCurrency = edit.getByLabel('Currency', { exact: true });
    await expect(editCurrency.inputValue()).resolves.toBe('EUR');
    await editCurrency.selectOption('CHF');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(async () => (await apiPortfolio('Euro savings')).currency).toBe('CHF');
  });

  it('saves the household\'s "Base currency", keeps it after a reload, and starts new stocks and portfolios in it', async () => {
    const page = await web.open();
    await openScreen(page, '/household', 'Household');
    const base = page.getByLabel('Base currency', { exact: true });
    await expect(base.inputValue()).resolves.toBe((await apiHousehold()).base_currency);
    expect(await optionTexts(base)).not.toContain('GBp — pence sterling');
    await base.selectOption('EUR');
    await page.getByRole('button', { name: 'Save base currency' }).click();
    await page.getByRole('status').filter({ hasText: 'EUR' }).waitFor();
    await expect.poll(async () => (await apiHousehold()).base_currency).toBe('EUR');
    await expectAccessible(page);
    await screenshot(page, 'household-base-currency');

    await page.reload();
    await page.getByRole('heading', { name: 'Household', level: 1 }).waitFor();
    await expect(page.getByLabel('Base currency', { exact: true }).inputValue()).resolves.toBe('EUR');

    await page.goto('/stocks');
    await page.getByRole('button', { name: 'Add stock' }).click();
    const stockDialog = page.getByRole('dialog', { name: 'Add stock' });
    await expect(stockDialog.getByLabel('Currency', { exact: true }).inputValue()).resolves.toBe('EUR');
    await page.keyboard.press('Escape');
    await stockDialog.waitFor({ state: 'detached' });

    await page.goto('/portfolios');
    await page.getByRole('button', { name: 'New portfolio' }).click();
    const portfolioDialog = page.getByRole('dialog', { name: 'New portfolio' });
    await expect(portfolioDialog.getByLabel('Currency', { exact: true }).inputValue()).resolves.toBe('EUR');
    await page.keyboard.press('Escape');

    // Back to USD through the same control.
    await page.goto('/household');
    await page.getByLabel('Base currency', { exact: true }).selectOption('USD');
    await page.getByRole('button', { name: 'Save base currency' }).click();
    await expect.poll(async () => (await apiHousehold()).base_currency).toBe('USD');
  });

  it('shows a member the base currency as text, without the picker', async () => {
    await addUser(web().app.app, owner, 'member@example.com', 'member');
    const page = await web.open();
    await openScreen(page, '/household', 'Household', 'member@example.com');
    await page.getByText('USD (US Dollar)').waitFor();
    await expect(page.getByLabel('Base currency', { exact: true }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Save base currency' }).count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Exchange rates' }).waitFor();
    await expectAccessible(page);
  });

  it('fits the pickers on a phone', async () => {
    const page = await web.open({ viewport: PHONE });
    await openScreen(page, '/household', 'Household');
    await expectNoSidewaysScroll(page);
    await page.goto('/stocks');
    await page.getByRole('button', { name: 'Add stock' }).click();
    await page.getByRole('dialog', { name: 'Add stock' }).getByLabel('Currency', { exact: true }).waitFor();
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'add-stock-currency');
  });
});
