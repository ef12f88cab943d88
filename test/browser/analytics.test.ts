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
  tableRows,
  useBrowserApp,
} from '../support/browser.js';

const web = useBrowserApp();
let owner: Client;
let portfolio: Json;

const PERFORMANCE = [
  ['Time-weighted return', 'twr'],
  ['Money-weighted return', 'mwr'],
  ['Max drawdown', 'max_drawdown'],
  ['Index return', 'index_return'],
  ['Excess return', 'excess_return'],
] as const;

async function analytics(): Promise<Json> {
  const { status, body } = await owner.get(`/api/v1/portfolios/${portfolio.id}/analytics`);
  expect(status).toBe(200);
  return body;
}

async function openPortfolio(viewport?: { width: number; height: number }, email = 'owner@example.com'): Promise<Page> {
  const page = await web.open(viewport ? { viewport } : {});
  await openScreen(page, `/portfolios/${portfolio.id}`, portfolio.name, email);
  return page;
}

/** The text labelled `label` (exactly one element), as a screen reader announces it. */
async function labelled(page: Page, label: string): Promise<string> {
  const value = page.getByLabel(label, { exact: true });
  await value.waitFor();
  expect(await value.count()).toBe(1);
  return ((await value.textContent()) ?? '').trim();
}

/** What the API answers, formatted as the page shows it: "—" for null, else the number. */
function shown(value: string | null): string {
  return value === null ? '—' : value;
}

async function expectPerformanceOf(page: Page, expected: Json): Promise<void> {
  for (const [label, field] of PERFORMANCE) {
    await expect
      .poll(async () => plain(await labelled(page, label)), { timeout: 5000, message: label })
      .toBe(shown(expected.performance[field]));
  }
}

async function addBalance(page: Page, fields: Record<string, string>): Promise<void> {
  await page.getByRole('button', { name: 'Add balance' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add balance' });
  for (const [label, value] of Object.entries(fields)) await dialog.getByLabel(label, { exact: true }).fill(value);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'detached' });
}

beforeAll(async () => {
  ({ owner } = await household(web));
  const aapl = await created(
    owner.post('/api/v1/stocks', {
      symbol: 'AAPL',
      // In the portfolio's currency: these analytics need no exchange rate (exchange-rates.test.ts covers those).
      currency: 'EUR',
      sector: 'Information Technology',
      industry_group: 'Software & Services',
    }),
  );
  const xom = await created(owner.post('/api/v1/stocks', { symbol: 'XOM', sector: 'Energy', currency: 'EUR' }));
  portfolio = await created(owner.post('/api/v1/portfolios', { name: 'Retirement', currency: 'EUR' }));
  const trade = (body: Json) => created(owner.post(`/api/v1/portfolios/${portfolio.id}/transactions`, body));
  await trade({ stock_id: aapl.id, type: 'buy', quantity: 10, price: 150, fee: '1.5', trade_date: '2026-01-05' });
  await trade({ stock_id: xom.id, type: 'buy', quantity: 4, price: '101.25', trade_date: '2026-01-06' });
  await created(owner.post(`/api/v1/stocks/${aapl.id}/prices`, { prices: [{ date: '2026-01-09', close: '162.4' }] }));
});

describe("a portfolio's balances and analytics", () => {
  it('shows "—" with what is missing before any balance, and the allocation charts with their numbers', async () => {
    const page = await openPortfolio();
    await page.getByText('No balances yet').waitFor();
    const expected = await analytics();
    expect(expected.performance.twr).toBeNull();
    await expectPerformanceOf(page, expected);
    await page.getByText('needs balances', { exact: false }).first().waitFor();

    const risk = await labelled(page, 'Risk');
    expect(risk).toContain(expected.risk.level);
    expect(risk).toContain(String(expected.risk.score));
    for (const reason of expected.risk.reasons) await page.getByText(reason, { exact: true }).waitFor();

    for (const [name, field] of [
      ['Allocation by sector', 'by_sector'],
      ['Allocation by stock', 'by_stock'],
    ] as const) {
      const chart = page.getByRole('img', { name, exact: true });
      await chart.waitFor();
      const items = await page
        .locator(`[id="${await chart.getAttribute('aria-describedby')}"] li`)
        .evaluateAll((lis) => lis.map((li) => li.textContent ?? ''));
      expect(items.length).toBe(expected.allocation[field].length);
      expected.allocation[field].forEach((item: Json, i: number) => {
        expect(items[i]).toContain(item.name);
        expect(plain(items[i])).toContain(item.value);
      });
    }
    const groups = await tableRows(page, 'Allocation by industry group');
    expect(groups.map((row) => [row[0], plain(row[1]), plain(row[2])])).toEqual(
      expected.allocation.by_industry_group.map((item: Json) => [item.name, item.value, item.percentage]),
    );
    for (const position of expected.overweight)
      await page.getByText(position.symbol, { exact: true }).first().waitFor();
  });

  it('adds balances through the dialog, refusing an index change over 100 at its field without losing what was typed', async () => {
    const page = await openPortfolio();
    await page.getByRole('button', { name: 'Add balance' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add balance' });
    await dialog.getByLabel('Date', { exact: true }).fill('2026-01-05');
    await dialog.getByLabel('Final balance', { exact: true }).fill('10000');
    await dialog.getByLabel('Deposits', { exact: true }).fill('10000');
    await dialog.getByLabel('Withdrawals', { exact: true }).fill('0');
    await dialog.getByLabel('Index change', { exact: true }).fill('150');
    await expectAccessible(page);
    await screenshot(page, 'add-balance');
    await dialog.getByRole('button', { name: 'Save' }).click();

    await dialog.getByRole('alert').waitFor();
    const index = dialog.getByLabel('Index change', { exact: true });
    await expect(index.getAttribute('aria-invalid')).resolves.toBe('true');
    const description = await index.evaluate((el) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    );
    expect(description).toMatch(/100/);
    await expect(dialog.getByLabel('Final balance', { exact: true }).inputValue()).resolves.toBe('10000');
    await expect(index.inputValue()).resolves.toBe('150');
    await expectAccessible(page);
    await screenshot(page, 'add-balance-refused');
    const { body: none } = await owner.get(`/api/v1/portfolios/${portfolio.id}/balances`);
    expect(none.total).toBe(0);

    await index.fill('0.5');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect(
      page.getByRole('button', { name: 'Add balance' }).evaluate((el) => el === document.activeElement),
    ).resolves.toBe(true);

    await addBalance(page, { Date: '2026-01-06', 'Final balance': '10250.5', 'Index change': '-1.25' });
    await addBalance(page, { Date: '2026-01-07', 'Final balance': '9800', Withdrawals: '300', 'Index change': '2' });
    await addBalance(page, { Date: '2026-01-08', 'Final balance': '11020.75', Deposits: '500' });

    // Newest first, the numbers as the API gives them.
    const { body: balances } = await owner.get(`/api/v1/portfolios/${portfolio.id}/balances?sort=date:desc`);
    expect(balances.total).toBe(4);
    await expect.poll(async () => (await tableRows(page, 'Balances')).length, { timeout: 5000 }).toBe(4);
    const rows = await tableRows(page, 'Balances');
    expect(rows.map((row) => [row[0], ...row.slice(1).map(plain)])).toEqual(
      balances.items.map((b: Json) => [b.date, b.final_balance, b.deposits, b.withdrawals, shown(b.index_change)]),
    );

    // The analytics beside it are fresh without a reload, and equal the API's.
    const expected = await analytics();
    expect(expected.performance.twr).not.toBeNull();
    await expectPerformanceOf(page, expected);

    const chart = page.getByRole('img', { name: 'Balance against the index', exact: true });
    await chart.waitFor();
    const points = await page
      .locator(`[id="${await chart.getAttribute('aria-describedby')}"] li`)
      .evaluateAll((lis) => lis.map((li) => li.textContent ?? ''));
    expect(points.map((p) => p.split(/\s/)[0])).toEqual(['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08']);
    expect(plain(points[1])).toContain('10250.50');
    // Each point shows the return and the index return so far, as the API computes them.
    const { body: series } = await owner.get(`/api/v1/portfolios/${portfolio.id}/balances/performance`);
    series.items.forEach((point: Json, i: number) => {
      expect(plain(points[i])).toContain(`return${point.twr ?? '—'}%`);
      expect(plain(points[i])).toContain(`index${point.index_return}%`);
    });

    await expectAccessible(page);
    await screenshot(page, 'portfolio-balances');
  });

  it('shows a viewer the balances and analytics but no "Add balance"; fits a phone', async () => {
    await addUser(web().app.app, owner, 'viewer@example.com', 'viewer');
    const page = await openPortfolio(PHONE, 'viewer@example.com');
    await page.getByRole('table', { name: 'Balances', exact: true }).waitFor();
    await expectPerformanceOf(page, await analytics());
    await expect(page.getByRole('button', { name: 'Add balance' }).count()).resolves.toBe(0);
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'portfolio-balances');

    const owners = await openPortfolio(PHONE);
    await owners.getByRole('button', { name: 'Add balance' }).click();
    await owners.getByRole('dialog', { name: 'Add balance' }).waitFor();
    await expectNoSidewaysScroll(owners);
    await screenshot(owners, 'add-balance');
    await owners.keyboard.press('Escape');
    await owners.getByRole('dialog', { name: 'Add balance' }).waitFor({ state: 'detached' });
  });
});
