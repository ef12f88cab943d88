import type { Page } from 'playwright-core';
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
  signInQuickly,
  tableRows,
  useBrowserApp,
} from '../support/browser.js';

const web = useBrowserApp();
let owner: Client;

async function analytics(): Promise<Json> {
  const { status, body } = await owner.get('/api/v1/analytics');
  expect(status).toBe(200);
  return body;
}

async function openDashboard(viewport?: { width: number; height: number }, email = 'owner@example.com'): Promise<Page> {
  const page = await web.open(viewport ? { viewport } : {});
  await openScreen(page, '/', 'Dashboard', email);
  return page;
}

/** The text of a figure found by its label, as a person using a screen reader hears it. */
async function figure(page: Page, label: string): Promise<string> {
  const value = page.getByLabel(label, { exact: true });
  await value.waitFor();
  return ((await value.textContent()) ?? '').trim();
}

/** A chart's text alternative: each item's label and value. */
async function chartValues(page: Page, name: string): Promise<string[][]> {
  const chart = page.getByRole('img', { name, exact: true });
  await chart.waitFor();
  const listId = await chart.getAttribute('aria-describedby');
  expect(listId).toBeTruthy();
  return page
    .locator(`[id="${listId}"] li`)
    .evaluateAll((items) =>
      items.map((item) => [...item.querySelectorAll('span')].map((span) => (span.textContent ?? '').trim())),
    );
}

beforeAll(async () => {
  ({ owner } = await household(web));
});

describe('the dashboard', () => {
  it('tells a new household what to do first', async () => {
    const page = await openDashboard();
    await page.getByText('Nothing to show yet', { exact: false }).waitFor();
    await expect(page.getByRole('link', { name: 'Create a portfolio' }).getAttribute('href')).resolves.toBe(
      '/portfolios',
    );
    await expect(page.getByRole('link', { name: 'Add stocks' }).getAttribute('href')).resolves.toBe('/stocks');
    await expectAccessible(page);
    await screenshot(page, 'dashboard-empty');

    const phone = await openDashboard(PHONE);
    await phone.getByRole('link', { name: 'Create a portfolio' }).waitFor();
    await expectNoSidewaysScroll(phone);
    await screenshot(phone, 'dashboard-empty');
  });

  it("shows the household's figures, charts, portfolios, risk and recent targets exactly as the API computes them", async () => {
    const aapl = await created(
      owner.post('/api/v1/stocks', {
        symbol: 'AAPL',
        company_name: 'Apple',
        sector: 'Information Technology',
        industry_group: 'Technology Hardware & Equipment',
      }),
    );
    const xom = await created(owner.post('/api/v1/stocks', { symbol: 'XOM', company_name: 'Exxon', sector: 'Energy' }));
    const nosector = await created(owner.post('/api/v1/stocks', { symbol: 'ZZZ' }));
    const longTerm = await created(owner.post('/api/v1/portfolios', { name: 'Long term', currency: 'USD' }));
    const trading = await created(owner.post('/api/v1/portfolios', { name: 'Trading', currency: 'USD' }));
    const trade = (portfolio: Json, body: Json) =>
      created(owner.post(`/api/v1/portfolios/${portfolio.id}/transactions`, body));
    await trade(longTerm, {
      stock_id: aapl.id,
      type: 'buy',
      quantity: 10,
      price: '150.10',
      fee: '1.25',
      trade_date: '2026-01-05',
    });
    await trade(longTerm, { stock_id: xom.id, type: 'buy', quantity: 20, price: 100, trade_date: '2026-01-06' });
    await trade(longTerm, {
      stock_id: aapl.id,
      type: 'sell',
      quantity: 3,
      price: 170,
      fee: 1,
      trade_date: '2026-01-12',
    });
    await trade(longTerm, { stock_id: xom.id, type: 'dividend', amount: '12.34', trade_date: '2026-01-15' });
    await trade(trading, {
      stock_id: nosector.id,
      type: 'buy',
      quantity: 7,
      price: '33.3333',
      trade_date: '2026-01-07',
    });
    await created(
      owner.post(`/api/v1/stocks/${aapl.id}/prices`, { prices: [{ date: '2026-01-20', close: '181.37' }] }),
    );
    const hit = await created(
      owner.post('/api/v1/targets', {
        portfolio_id: longTerm.id,
        stock_id: aapl.id,
        pivot_price: 200,
        failure_price: 140,
      }),
    );
    const failed = await created(
      owner.post('/api/v1/targets', {
        portfolio_id: longTerm.id,
        stock_id: xom.id,
        pivot_price: 130,
        failure_price: '90.5',
      }),
    );
    await created(
      owner.post('/api/v1/targets', {
        portfolio_id: trading.id,
        stock_id: nosector.id,
        pivot_price: 50,
        failure_price: 20,
      }),
    );
    await created(owner.post(`/api/v1/stocks/${aapl.id}/prices`, { prices: [{ date: '2026-01-21', close: '201.5' }] }));
    await created(owner.post(`/api/v1/stocks/${xom.id}/prices`, { prices: [{ date: '2026-01-21', close: '89.75' }] }));

    const expected = await analytics();
    const page = await openDashboard();
    expect(plain(await figure(page, 'Value'))).toBe(expected.value);
    expect(plain(await figure(page, 'Cost'))).toBe(expected.cost);
    expect(plain(await figure(page, 'Unrealized P&L'))).toBe(expected.unrealized_pnl);
    expect(plain(await figure(page, 'Realized P&L'))).toBe(expected.realized_pnl);
    expect(plain(await figure(page, 'Dividends'))).toBe(expected.dividends);

    // Each chart has its name and its numbers as a list, in the API's order.
    const bySector = await chartValues(page, 'Allocation by sector');
    expect(bySector.map(([name]) => name)).toEqual(expected.allocation.by_sector.map((item: Json) => item.name));
    expect(bySector.map(([, value]) => plain(value?.split('·')[0]))).toEqual(
      expected.allocation.by_sector.map((item: Json) => item.value),
    );
    expect(bySector.map(([name]) => name)).toContain('Unknown');
    const byStock = await chartValues(page, 'Allocation by stock');
    expect(byStock.map(([name]) => name)).toEqual(expected.allocation.by_stock.map((item: Json) => item.name));
    expect(byStock.map(([, value]) => plain(value?.split('·')[1]).replace('%', ''))).toEqual(
      expected.allocation.by_stock.map((item: Json) => item.percentage),
    );

    // Each portfolio's value and unrealized P&L, linking to its page.
    const { body: portfolios } = await owner.get('/api/v1/portfolios?sort=name:asc&size=100');
    const rows = await tableRows(page, 'Portfolio values');
    expect(rows.map((row) => [row[0], ...row.slice(1).map(plain)])).toEqual(
      portfolios.items.map((p: Json) => [p.name, p.value, p.unrealized_pnl, p.realized_pnl, p.dividends]),
    );
    await expect(page.getByRole('link', { name: 'Long term' }).getAttribute('href')).resolves.toBe(
      `/portfolios/${longTerm.id}`,
    );

    // The risk level, its score and every reason.
    const risk = await figure(page, 'Risk');
    expect(risk).toContain(expected.risk.level);
    expect(risk).toContain(String(expected.risk.score));
    for (const reason of expected.risk.reasons) await page.getByText(reason, { exact: true }).waitFor();
    for (const position of expected.overweight)
      await page.getByText(position.symbol, { exact: true }).first().waitFor();

    // The hit and the failed target, most recently changed first; the active one is not listed.
    const { body: hitNow } = await owner.get(`/api/v1/targets/${hit.id}`);
    const { body: failedNow } = await owner.get(`/api/v1/targets/${failed.id}`);
    expect([hitNow.status, failedNow.status]).toEqual(['hit', 'failed']);
    const recent = (await tableRows(page, 'Recent targets')).map((row) => [
      row[0],
      row[1],
      plain(row[2]),
      plain(row[3]),
    ]);
    const inOrder = [hitNow, failedNow].sort((a, b) => (a.updated_at < b.updated_at ? 1 : -1));
    expect(recent).toEqual(
      inOrder.map((t) => [
        t.stock_id === aapl.id ? 'AAPL' : 'XOM',
        expect.stringMatching(t.status === 'hit' ? /^Hit/ : /^Failed/),
        t.pivot_price,
        t.failure_price,
      ]),
    );
    const table = page.getByRole('table', { name: 'Recent targets', exact: true });
    await expect(table.locator('.status-hit').count()).resolves.toBe(1);
    await expect(table.locator('.status-failed').count()).resolves.toBe(1);

    await expectAccessible(page);
    await screenshot(page, 'dashboard');
  });

  it('is fresh after a write elsewhere in the interface, without a reload', async () => {
    const page = await openDashboard();
    const before = await figure(page, 'Value');
    expect(plain(before)).toBe((await analytics()).value);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stocks' }).click();
    await page.getByRole('table', { name: 'Stocks', exact: true }).getByRole('link', { name: 'AAPL' }).click();
    await page.getByRole('heading', { name: 'AAPL' }).first().waitFor();
    await page.getByRole('button', { name: 'Add price' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add price' });
    await dialog.getByLabel('Date').fill('2026-02-02');
    await dialog.getByRole('textbox', { name: 'Close', exact: true }).fill('260.25');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });

    const after = await analytics();
    expect(after.value).not.toBe(plain(before));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await expect.poll(async () => plain(await figure(page, 'Value')), { timeout: 5000 }).toBe(after.value);
    expect(plain(await figure(page, 'Unrealized P&L'))).toBe(after.unrealized_pnl);
    const { body: portfolios } = await owner.get('/api/v1/portfolios?sort=name:asc&size=100');
    const rows = await tableRows(page, 'Portfolio values');
    expect(rows.map((row) => plain(row[1]))).toEqual(portfolios.items.map((p: Json) => p.value));
  });

  it('shows a viewer the same numbers, fits a phone without sideways scrolling, and draws both themes', async () => {
    await addUser(web().app.app, owner, 'viewer@example.com', 'viewer');
    const expected = await analytics();
    const page = await openDashboard(PHONE, 'viewer@example.com');
    expect(plain(await figure(page, 'Value'))).toBe(expected.value);
    await page.getByRole('img', { name: 'Allocation by stock', exact: true }).waitFor();
    await page.getByRole('table', { name: 'Recent targets', exact: true }).waitFor();
    await expect(page.getByRole('main').getByRole('button').count()).resolves.toBe(0);
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'dashboard');

    const dark = await web.open({ colorScheme: 'dark' });
    await signInQuickly(dark, 'owner@example.com');
    await dark.goto('/');
    await dark.getByRole('img', { name: 'Allocation by sector', exact: true }).waitFor();
    await expectAccessible(dark);
    await screenshot(dark, 'dashboard-dark');
  });
});
