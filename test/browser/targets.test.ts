import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Client, type Json } from '../support/app.js';
import {
  created,
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
const LABELS: Record<string, string> = { active: 'Active', hit: 'Hit', failed: 'Failed', cancelled: 'Cancelled' };
let owner: Client;

beforeAll(async () => {
  owner = (await household(web)).owner;
});

const seed = (url: string, body: Json) => created(owner.post(url, body));

async function openTargets(page: Page, email = OWNER): Promise<void> {
  await openScreen(page, '/targets', 'Targets', email);
}

async function apiTargets(query = ''): Promise<Json[]> {
  const answer = await owner.get(`/api/v1/targets?sort=updated_at:desc,created_at:desc&size=20${query}`);
  expect(answer.status).toBe(200);
  return answer.body.items;
}

/** What the Targets table must show for the API's targets: symbol, portfolio, prices, status, decision, date. */
async function expectedCells(items: Json[]): Promise<string[][]> {
  const stocks = (await owner.get('/api/v1/stocks?size=100')).body.items as Json[];
  const portfolios = (await owner.get('/api/v1/portfolios?size=100')).body.items as Json[];
  return items.map((t) =>
    [
      t.symbol ?? stocks.find((s) => s.id === t.stock_id)?.symbol,
      portfolios.find((p) => p.id === t.portfolio_id)?.name,
      t.pivot_price,
      t.failure_price,
      LABELS[t.status],
      t.triggered_price === null ? '—' : `${t.triggered_price}on${t.triggered_on}`,
      String(t.updated_at).slice(0, 10),
    ].map((cell) => plain(String(cell))),
  );
}

async function shownCells(page: Page): Promise<string[][]> {
  return (await tableRows(page, 'Targets')).map((row) => row.slice(0, 7).map(plain));
}

function row(page: Page, symbol: string): Locator {
  return page.getByRole('table', { name: 'Targets', exact: true }).getByRole('row').filter({ hasText: symbol });
}

describe('targets', () => {
  let growth: Json;
  let income: Json;
  let aapl: Json;
  let msft: Json;
  let ko: Json;

  it('says what to do first while there are no targets', async () => {
    const page = await web.open();
    await openTargets(page);
    await page.getByText('No targets yet').waitFor();
    await page.getByRole('button', { name: 'New target' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'targets-empty');

    growth = await seed('/api/v1/portfolios', { name: 'Growth' });
    income = await seed('/api/v1/portfolios', { name: 'Income' });
    aapl = await seed('/api/v1/stocks', { symbol: 'AAPL', company_name: 'Apple Inc.' });
    msft = await seed('/api/v1/stocks', { symbol: 'MSFT', company_name: 'Microsoft' });
    ko = await seed('/api/v1/stocks', { symbol: 'KO', company_name: 'Coca-Cola' });
  });

  it('creates a target through the "New target" dialog and shows it as the API has it', async () => {
    const page = await web.open();
    await openTargets(page);
    await page.getByRole('button', { name: 'New target' }).click();
    const dialog = page.getByRole('dialog', { name: 'New target' });
    await dialog.waitFor();
    await dialog.getByLabel('Portfolio').selectOption({ label: 'Growth' });
    await dialog.getByLabel('Stock').selectOption({ label: 'AAPL' });
    await dialog.getByLabel('Pivot price').fill('200.5');
    await dialog.getByLabel('Failure price').fill('150');
    await dialog.getByLabel('Notes').fill('Breakout above the old high');
    await expectAccessible(page);
    await screenshot(page, 'targets-new-dialog');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });

    await row(page, 'AAPL').waitFor();
    const items = await apiTargets();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ portfolio_id: growth.id, stock_id: aapl.id, status: 'active' });
    expect(items[0]?.notes).toBe('Breakout above the old high');
    expect(await shownCells(page)).toEqual(await expectedCells(items));
    // Focus came back to the button that opened the dialog.
    await expect(
      page.getByRole('button', { name: 'New target' }).evaluate((el) => el === document.activeElement),
    ).resolves.toBe(true);
  });

  it('shows a refused target at its fields and keeps what was typed', async () => {
    const page = await web.open();
    await openTargets(page);
    await page.getByRole('button', { name: 'New target' }).click();
    const dialog = page.getByRole('dialog', { name: 'New target' });
    await dialog.getByLabel('Stock').selectOption({ label: 'MSFT' });
    await dialog.getByLabel('Pivot price').fill('300');
    await dialog.getByLabel('Failure price').fill('300');
    await dialog.getByLabel('Notes').fill('Same on both sides');
    await dialog.getByRole('button', { name: 'Save' }).click();

    await dialog.getByRole('alert').waitFor();
    const pivot = dialog.getByLabel('Pivot price');
    const failure = dialog.getByLabel('Failure price');
    await expect(pivot.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(failure.getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await description(pivot)).toMatch(/differ/);
    await expect(pivot.inputValue()).resolves.toBe('300');
    await expect(dialog.getByLabel('Notes').inputValue()).resolves.toBe('Same on both sides');
    await expect(dialog.getByLabel('Stock').inputValue()).resolves.toBe(msft.id);
    await expectAccessible(page);

    // A negative price: refused at that field only.
    await pivot.fill('330');
    await failure.fill('-5');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.getByLabel('Pivot price').getAttribute('aria-invalid')).toBeNull();
    await expect(failure.getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await description(failure)).toMatch(/greater than 0/);
    await screenshot(page, 'targets-refused');

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await apiTargets(`&stock_id=${msft.id}`)).toHaveLength(0);
  });

  it('cancels and reactivates a target', async () => {
    const page = await web.open();
    await openTargets(page);
    const target = row(page, 'AAPL');
    await target.getByRole('button', { name: 'Cancel target' }).click();
    await target.getByRole('button', { name: 'Reactivate' }).waitFor();
    await expect(target.getByRole('button', { name: 'Cancel target' }).count()).resolves.toBe(0);
    expect((await apiTargets())[0]?.status).toBe('cancelled');
    expect(await shownCells(page)).toEqual(await expectedCells(await apiTargets()));

    await target.getByRole('button', { name: 'Reactivate' }).click();
    await target.getByRole('button', { name: 'Cancel target' }).waitFor();
    expect((await apiTargets())[0]?.status).toBe('active');
    expect(await shownCells(page)).toEqual(await expectedCells(await apiTargets()));
  });

  it('shows a target that a new price hit, or failed, standing out after a reload', async () => {
    await seed('/api/v1/targets', { portfolio_id: income.id, stock_id: ko.id, pivot_price: '70', failure_price: '55' });
    await seed('/api/v1/targets', {
      portfolio_id: income.id,
      stock_id: msft.id,
      pivot_price: '450',
      failure_price: '400',
    });
    const page = await web.open();
    await openTargets(page);
    await row(page, 'KO').waitFor();

    await seed(`/api/v1/stocks/${aapl.id}/prices`, { prices: [{ date: '2026-01-05', close: '201.25' }] });
    await seed(`/api/v1/stocks/${ko.id}/prices`, { prices: [{ date: '2026-01-05', close: '54.10' }] });
    await page.reload();
    await row(page, 'AAPL').getByText('Hit', { exact: true }).waitFor();

    const hit = row(page, 'AAPL');
    const failed = row(page, 'KO');
    await expect(hit.getAttribute('class')).resolves.toMatch(/status-hit/);
    await expect(failed.getAttribute('class')).resolves.toMatch(/status-failed/);
    await expect(hit.locator('.status-hit').textContent()).resolves.toBe('Hit');
    await expect(failed.locator('.status-failed').textContent()).resolves.toBe('Failed');
    // A decided target cannot be cancelled or reactivated.
    await expect(hit.getByRole('button').count()).resolves.toBe(0);
    // The marking is more than colour: the hit row's text differs in weight from an active one.
    const weight = (locator: Locator) =>
      locator
        .locator('td')
        .first()
        .evaluate((el) => getComputedStyle(el).fontWeight);
    expect(await weight(hit)).not.toBe(await weight(row(page, 'MSFT')));

    const items = await apiTargets();
    expect(items.map((t) => t.status).sort()).toEqual(['active', 'failed', 'hit']);
    expect(await shownCells(page)).toEqual(await expectedCells(items));
    await expectAccessible(page);
    await screenshot(page, 'targets');
  });

  it('filters by status, portfolio and stock, as the API does', async () => {
    const page = await web.open();
    await openTargets(page);
    const status = page.getByLabel('Status');
    expect(await status.locator('option').allTextContents()).toEqual(['All', 'Active', 'Hit', 'Failed', 'Cancelled']);

    await status.selectOption('hit');
    await expect.poll(async () => (await shownCells(page)).length).toBe(1);
    expect(await shownCells(page)).toEqual(await expectedCells(await apiTargets('&status=hit')));

    await status.selectOption('cancelled');
    await page.getByText('No target matches').waitFor();

    await status.selectOption('');
    await page.getByLabel('Portfolio').selectOption({ label: 'Income' });
    await expect.poll(async () => (await shownCells(page)).length).toBe(2);
    expect(await shownCells(page)).toEqual(await expectedCells(await apiTargets(`&portfolio_id=${income.id}`)));

    await page.getByLabel('Stock').selectOption({ label: 'MSFT' });
    await expect.poll(async () => (await shownCells(page)).length).toBe(1);
    expect(await shownCells(page)).toEqual(
      await expectedCells(await apiTargets(`&portfolio_id=${income.id}&stock_id=${msft.id}`)),
    );
  });

  it('shows a viewer the targets but no write controls', async () => {
    await addUser(web().app.app, owner, 'viewer@example.com', 'viewer');
    const page = await web.open();
    await openTargets(page, 'viewer@example.com');
    await row(page, 'MSFT').waitFor();
    await expect(page.getByRole('button', { name: 'New target' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Cancel target' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Reactivate' }).count()).resolves.toBe(0);
    expect(await shownCells(page)).toEqual(await expectedCells(await apiTargets()));
    await expectAccessible(page);
  });

  it('fits a phone without sideways scrolling, the table scrolling in its own box', async () => {
    const page = await web.open({ viewport: PHONE });
    await openTargets(page);
    await row(page, 'AAPL').waitFor();
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'targets');
    await page.getByRole('button', { name: 'New target' }).click();
    await page.getByRole('dialog', { name: 'New target' }).waitFor();
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'targets-new-dialog');
  });
});
