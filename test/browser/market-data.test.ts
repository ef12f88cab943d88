import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { recentWeekdays, startMarketDataDouble } from '../support/market-data-doubles.js';

// Yahoo's chart API, played by the local double: AAPL has three sessions (the middle one a holiday, a null
// close); NOPE is a symbol Yahoo does not know.
const yahoo = await startMarketDataDouble('yahoo');
const [first, holiday, last] = recentWeekdays(3) as [string, string, string];
yahoo.setSeries('AAPL', [
  { date: first, close: 201.5 },
  { date: holiday, close: null },
  { date: last, close: 203.25 },
]);
afterAll(() => yahoo.close());

const web = useBrowserApp({ MARKET_DATA_PROVIDER: 'yahoo', MARKET_DATA_BASE_URL: yahoo.url });
const MEMBER = 'member@example.com';
const VIEWER = 'viewer@example.com';
let owner: Client;
const stocks: Record<string, string> = {};

beforeAll(async () => {
  owner = (await household(web)).owner;
  const portfolio = await owner.post('/api/v1/portfolios', { name: 'Held' });
  expect(portfolio.status, JSON.stringify(portfolio.body)).toBe(201);
  // Only stocks that are held (or watched by an active target) are refreshed.
  for (const symbol of ['AAPL', 'NOPE']) {
    const stock = await owner.post('/api/v1/stocks', { symbol });
    expect(stock.status, JSON.stringify(stock.body)).toBe(201);
    stocks[symbol] = stock.body.id;
    const trade = await owner.post(`/api/v1/portfolios/${portfolio.body.id}/transactions`, {
      stock_id: stock.body.id,
      type: 'buy',
      quantity: '1',
      price: '100',
      trade_date: '2026-05-01',
    });
    expect(trade.status, JSON.stringify(trade.body)).toBe(201);
  }
  await addUser(web().app.app, owner, MEMBER, 'member');
  await addUser(web().app.app, owner, VIEWER, 'viewer');
});

async function apiStatus(): Promise<Json> {
  const answer = await owner.get('/api/v1/market-data/status');
  expect(answer.status).toBe(200);
  return answer.body;
}

/** The figure shown under a term of the page's description lists. */
function figure(page: Page, term: string) {
  return page
    .locator('dl > div')
    .filter({ has: page.getByRole('term').filter({ hasText: term }) })
    .getByRole('definition');
}

describe('market data', () => {
  it('shows the provider and a refresh never run, then "Refresh now" stores the closes that the Prices table marks "Provider"', async () => {
    expect((await apiStatus()).last_run).toBeNull();
    const page = await web.open();
    await openScreen(page, '/stocks', 'Stocks', MEMBER);
    await page.getByRole('link', { name: 'Market data' }).click();
    await page.getByRole('heading', { name: 'Market data', level: 1 }).waitFor();
    await expect(figure(page, 'Provider').textContent()).resolves.toBe('Yahoo Finance');
    await expect(figure(page, 'Schedule').textContent()).resolves.toContain((await apiStatus()).schedule);
    await page.getByText('Never run').waitFor();
    await expect(page.getByRole('table', { name: 'Market data errors' }).count()).resolves.toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'market-data-never-run');

    await page.getByRole('button', { name: 'Refresh now' }).click();
    await page.getByRole('status').filter({ hasText: 'Refresh finished' }).waitFor({ timeout: 20_000 });
    const status = await apiStatus();
    expect(status.last_run).toMatchObject({ stocks: 2, prices_stored: 2 });
    expect(status.last_run.finished_at).not.toBeNull();
    await expect(figure(page, 'Prices stored').textContent()).resolves.toBe(String(status.last_run.prices_stored));
    await expect(figure(page, 'Stocks').textContent()).resolves.toBe(String(status.last_run.stocks));

    // The symbol Yahoo does not know failed alone, with the provider's reason.
    expect(status.last_run.errors.map((e: Json) => e.symbol)).toEqual(['NOPE']);
    await expect
      .poll(() => tableRows(page, 'Market data errors'))
      .toEqual(status.last_run.errors.map((e: Json) => [e.symbol, e.message]));
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Stocks', exact: true }).first().click();
    await page.getByRole('link', { name: 'AAPL', exact: true }).click();
    await page.getByRole('heading', { name: 'AAPL', level: 1 }).waitFor();
    const prices = await owner.get(`/api/v1/stocks/${stocks.AAPL}/prices?sort=date:desc`);
    expect(prices.body.items.map((p: Json) => [p.date, p.source])).toEqual([
      [last, 'provider'],
      [first, 'provider'],
    ]);
    await expect
      .poll(async () => (await tableRows(page, 'Prices')).map((r) => [r[0], plain(r[1]), r[2]]))
      .toEqual(prices.body.items.map((p: Json) => [p.date, plain(p.close), 'Provider']));
  });

  it('shows the server’s refusal of a second refresh while one runs in an alert', async () => {
    // Yahoo is slow to answer this once: the refresh started through the API is still running meanwhile.
    yahoo.fault('AAPL', { kind: 'slow', ms: 6000 });
    const page = await web.open();
    await openScreen(page, '/market-data', 'Market data');
    const running = await owner.post('/api/v1/market-data/refresh');
    expect(running.status).toBe(202);
    const refused = await owner.post('/api/v1/market-data/refresh');
    expect(refused.status).toBe(409);
    await page.getByRole('button', { name: 'Refresh now' }).click();
    await page.getByRole('alert').filter({ hasText: refused.body.error.message }).waitFor();
    await page.reload();
    await expect(figure(page, 'Finished').textContent()).resolves.toBe('Still running');
    await expect.poll(async () => (await apiStatus()).last_run.finished_at, { timeout: 20_000 }).not.toBeNull();
  });

  it('shows a viewer the status without "Refresh now", and fits a phone', async () => {
    const page = await web.open({ viewport: PHONE });
    await openScreen(page, '/market-data', 'Market data', VIEWER);
    await expect(figure(page, 'Provider').textContent()).resolves.toBe('Yahoo Finance');
    await expect(page.getByRole('button', { name: 'Refresh now' }).count()).resolves.toBe(0);
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'market-data-phone');
  });
});
