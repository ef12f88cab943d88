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
const SOURCE_LABEL: Record<string, string> = { manual: 'Manual', provider: 'Provider' };
let owner: Client;

beforeAll(async () => {
  owner = (await household(web)).owner;
});

const show = (value: unknown): string => plain(value === null || value === undefined ? '—' : String(value));

async function apiRates(query = ''): Promise<Json> {
  const answer = await owner.get(`/api/v1/fx-rates?size=20${query ? `&${query}` : ''}`);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

async function rateCells(page: Page): Promise<string[][]> {
  return (await tableRows(page, 'Exchange rates')).map((row) => row.map(plain));
}

function expectedRateCells(items: Json[]): string[][] {
  return items.map((r) => [r.base, r.quote, r.date, r.rate, SOURCE_LABEL[r.source]].map(show));
}

async function openRates(page: Page, email = 'owner@example.com'): Promise<void> {
  await openScreen(page, '/household', 'Household', email);
  await page.getByRole('link', { name: 'Exchange rates' }).click();
  await page.getByRole('heading', { name: 'Exchange rates', level: 1 }).waitFor();
}

/** Fills "Add rate" (Base and Quote are pickers) and saves it. */
async function fillRate(dialog: Locator, fields: { Base?: string; Quote?: string; Date?: string; Rate?: string }) {
  if (fields.Base) await dialog.getByLabel('Base', { exact: true }).selectOption(fields.Base);
  if (fields.Quote) await dialog.getByLabel('Quote', { exact: true }).selectOption(fields.Quote);
  if (fields.Date) await dialog.getByLabel('Date', { exact: true }).fill(fields.Date);
  if (fields.Rate !== undefined) await dialog.getByLabel('Rate', { exact: true }).fill(fields.Rate);
  await dialog.getByRole('button', { name: 'Save' }).click();
}

describe('the Exchange rates screen', () => {
  it('is reached from the Household page, adds a rate through "Add rate", and shows a bad rate at its field', async () => {
    const page = await web.open();
    await openRates(page);
    await page.getByText('No exchange rates yet').waitFor();
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Add rate' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add rate' });
    await dialog.waitFor();
    // The quote starts at the household's base currency.
    const base = (await owner.get('/api/v1/household')).body.base_currency as string;
    await expect(dialog.getByLabel('Quote', { exact: true }).inputValue()).resolves.toBe(base);
    await fillRate(dialog, { Base: 'CHF', Quote: 'JPY', Date: '2025-03-03', Rate: '0' });

    const refused = await owner.post('/api/v1/fx-rates', {
      rates: [{ base: 'CHF', quote: 'JPY', date: '2025-03-03', rate: '0' }],
    });
    expect(refused.status).toBe(400);
    await dialog.getByRole('alert').getByText(refused.body.error.message).waitFor();
    const rate = dialog.getByLabel('Rate', { exact: true });
    await expect(rate.getAttribute('aria-invalid')).resolves.toBe('true');
    const problem = (refused.body.error.details as Json[]).find((d) => d.field === 'rates.0.rate');
    expect(problem).toBeDefined();
    expect(await description(rate)).toContain(problem?.message);
    // Nothing typed is lost.
    await expect(dialog.getByLabel('Base', { exact: true }).inputValue()).resolves.toBe('CHF');
    await expect(dialog.getByLabel('Date', { exact: true }).inputValue()).resolves.toBe('2025-03-03');
    await expect(rate.inputValue()).resolves.toBe('0');
    await expectAccessible(page);
    await screenshot(page, 'add-rate-refused');

    // The same currency on both sides is refused at "Quote".
    await fillRate(dialog, { Quote: 'CHF', Rate: '1' });
    const quote = dialog.getByLabel('Quote', { exact: true });
    await expect.poll(() => quote.getAttribute('aria-invalid')).toBe('true');
    expect(await description(quote)).toMatch(/must differ/);

    await fillRate(dialog, { Quote: 'JPY', Rate: '168.425' });
    await dialog.waitFor({ state: 'detached' });
    const stored = await apiRates();
    expect(stored.items).toEqual([
      { base: 'CHF', quote: 'JPY', date: '2025-03-03', rate: '168.425', source: 'manual' },
    ]);
    await expect.poll(() => rateCells(page)).toEqual(expectedRateCells(stored.items));
    await page.getByRole('status').getByText('1 CHF = 168.425 JPY on 2025-03-03').waitFor();
  });

  it('filters by base and quote and pages through the rates, newest first', async () => {
    const days = Array.from({ length: 25 }, (_, i) => `2025-04-${String(i + 1).padStart(2, '0')}`);
    await created(
      owner.post('/api/v1/fx-rates', {
        rates: [
          ...days.map((date, i) => ({ base: 'CAD', quote: 'AUD', date, rate: `1.1${String(i).padStart(2, '0')}` })),
          { base: 'AUD', quote: 'NZD', date: '2025-05-02', rate: '1.0875' },
        ],
      }),
    );
    const page = await web.open();
    await openRates(page);
    await expect.poll(() => rateCells(page)).toEqual(expectedRateCells((await apiRates()).items));

    const pager = page.getByRole('navigation', { name: 'Exchange rates pages' });
    await pager.getByText('Page 1 of 2').waitFor();
    await pager.getByRole('button', { name: 'Next' }).click();
    await pager.getByText('Page 2 of 2').waitFor();
    await expect.poll(() => rateCells(page)).toEqual(expectedRateCells((await apiRates('page=2')).items));

    await page.getByLabel('Filter by base').selectOption('AUD');
    await expect.poll(() => rateCells(page)).toEqual(expectedRateCells((await apiRates('base=AUD')).items));
    expect((await apiRates('base=AUD')).items).toHaveLength(1);

    await page.getByLabel('Filter by base').selectOption('');
    await page.getByLabel('Filter by quote').selectOption('JPY');
    await expect.poll(() => rateCells(page)).toEqual(expectedRateCells((await apiRates('quote=JPY')).items));

    await page.getByLabel('Filter by base').selectOption('NZD');
    await page.getByText('No exchange rate matches').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rateCells(page)).toEqual(expectedRateCells((await apiRates()).items));
    await expectAccessible(page);
    await screenshot(page, 'exchange-rates');
  });

  it('shows a viewer the rates without "Add rate"', async () => {
    await addUser(web().app.app, owner, 'viewer@example.com', 'viewer');
    const page = await web.open();
    await openRates(page, 'viewer@example.com');
    await expect.poll(() => rateCells(page)).toEqual(expectedRateCells((await apiRates()).items));
    await expect(page.getByRole('button', { name: 'Add rate' }).count()).resolves.toBe(0);
    await expectAccessible(page);
  });

  it('fits a phone without sideways scrolling', async () => {
    const page = await web.open({ viewport: PHONE });
    await openScreen(page, '/exchange-rates', 'Exchange rates');
    await page.getByRole('table', { name: 'Exchange rates', exact: true }).waitFor();
    await expectNoSidewaysScroll(page);
    await page.getByRole('button', { name: 'Add rate' }).click();
    await page.getByRole('dialog', { name: 'Add rate' }).waitFor();
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'add-rate');
  });
});

/** What the Holdings table must show for an answer: every position (native columns where it differs), then Total. */
function expectedHoldingCells(holdings: Json): string[][] {
  const foreign = (holdings.items as Json[]).some((h) => h.native_currency !== holdings.currency);
  const rows = (holdings.items as Json[]).map((h) => {
    const cells = [
      h.symbol,
      h.quantity,
      h.average_cost,
      h.cost_basis,
      h.current_price,
      h.market_value,
      h.unrealized_pnl,
      h.realized_pnl,
      h.dividends,
      h.weight,
      h.price_effect,
      h.currency_effect,
    ].map(show);
    if (!foreign) return cells;
    return h.native_currency === holdings.currency
      ? [...cells, '', '']
      : [...cells, h.native_currency, `${show(h.native_market_value)}`];
  });
  const t = holdings.totals;
  const total = [
    'Total',
    '',
    '',
    show(t.cost_basis),
    '',
    show(t.market_value),
    show(t.unrealized_pnl),
    show(t.realized_pnl),
    show(t.dividends),
    '',
    show(t.price_effect),
    show(t.currency_effect),
  ];
  return [...rows, foreign ? [...total, '', ''] : total];
}

async function holdingCells(page: Page): Promise<string[][]> {
  return (await tableRows(page, 'Holdings')).map((row) => row.map(plain));
}

/** The warning on a screen lists every missing rate of the answer (up to the five it names one by one). */
async function expectWarningFor(warning: Locator, missing: Json[]): Promise<void> {
  await warning.waitFor();
  const text = (await warning.textContent()) ?? '';
  for (const m of missing.slice(0, 5))
    expect(text).toContain(`Missing exchange rate: ${m.base} → ${m.quote} on ${m.date}`);
}

/**
 * Adds each missing rate through the warning's own link ("Add rate" opens filled in with it), until the warning
 * is gone; returns the rates it added. `rateOf` gives a plausible rate for a pair.
 */
async function addMissingThroughLinks(page: Page, heading: string, rateOf: (m: Json) => string): Promise<Json[]> {
  const added: Json[] = [];
  const warning = page.getByRole('alert').filter({ hasText: 'Missing exchange rate' });
  for (let round = 0; round < 5 && (await warning.count()) > 0; round++) {
    const link = warning.getByRole('link', { name: /^Add rate/ }).first();
    const name = (await link.textContent()) ?? '';
    const [, base, quote, date] = /Add rate\s*(\w+) → (\w+) on (\S+)/.exec(name) ?? [];
    expect(base, name).toBeDefined();
    await link.click();
    const dialog = page.getByRole('dialog', { name: 'Add rate' });
    await dialog.waitFor();
    await expect(dialog.getByLabel('Base', { exact: true }).inputValue()).resolves.toBe(base);
    await expect(dialog.getByLabel('Quote', { exact: true }).inputValue()).resolves.toBe(quote);
    await expect(dialog.getByLabel('Date', { exact: true }).inputValue()).resolves.toBe(date);
    const rate = rateOf({ base, quote, date });
    await fillRate(dialog, { Rate: rate });
    // Saved, the person is back where the warning was.
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    added.push({ base, quote, date, rate });
    // The refreshed answers no longer name it (the warning may still name others).
    await expect
      .poll(async () => (await warning.allTextContents()).join(' '))
      .not.toContain(`${base} → ${quote} on ${date}`);
  }
  await expect.poll(() => warning.count()).toBe(0);
  return added;
}

describe('a missing exchange rate', () => {
  let portfolio: Json;
  let stock: Json;

  beforeAll(async () => {
    stock = await created(owner.post('/api/v1/stocks', { symbol: 'AAPL', currency: 'USD' }));
    const local = await created(owner.post('/api/v1/stocks', { symbol: 'SAP', currency: 'EUR' }));
    portfolio = await created(owner.post('/api/v1/portfolios', { name: 'Europe', currency: 'EUR' }));
    const trade = (body: Json) => created(owner.post(`/api/v1/portfolios/${portfolio.id}/transactions`, body));
    await trade({
      stock_id: stock.id,
      type: 'buy',
      quantity: '10',
      price: '150',
      fee: '1.50',
      trade_date: '2026-01-05',
    });
    await trade({ stock_id: local.id, type: 'buy', quantity: '5', price: '200', trade_date: '2026-01-05' });
    await created(
      owner.post(`/api/v1/stocks/${stock.id}/prices`, { prices: [{ date: '2026-01-09', close: '162.40' }] }),
    );
    await created(owner.post(`/api/v1/stocks/${local.id}/prices`, { prices: [{ date: '2026-01-09', close: '210' }] }));
  });

  it("is named on the portfolio's page with a link that adds it; then the holdings show their numbers", async () => {
    const before = (await owner.get(`/api/v1/portfolios/${portfolio.id}/holdings`)).body;
    expect(before.currency).toBe('EUR');
    expect(before.fx_missing.length).toBeGreaterThan(0);
    expect(before.fx_missing.some((m: Json) => m.base === 'USD' && m.quote === 'EUR')).toBe(true);
    expect(before.fx_missing.map((m: Json) => m.date)).toContain('2026-01-05');

    const page = await web.open();
    await openScreen(page, `/portfolios/${portfolio.id}`, 'Europe');
    const warning = page.getByRole('alert').filter({ hasText: 'Missing exchange rate' });
    await expectWarningFor(warning, before.fx_missing);
    expect(await warning.textContent()).toContain('Missing exchange rate: USD → EUR on 2026-01-05');
    // The amounts that need the rate are "—", as the API's nulls; the native columns show the stock's own.
    await expect.poll(() => holdingCells(page)).toEqual(expectedHoldingCells(before));
    expect((await tableRows(page, 'Holdings')).some((row) => row.includes('—'))).toBe(true);
    await page.getByRole('columnheader', { name: 'Native currency' }).waitFor();
    await page.getByRole('columnheader', { name: 'Price effect' }).waitFor();
    await page.getByRole('columnheader', { name: 'Currency effect' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'holdings-missing-rate');

    // A viewer reads the same warning, sent to the screen where an owner or member adds the rate.
    const viewer = await web.open();
    await openScreen(viewer, `/portfolios/${portfolio.id}`, 'Europe', 'viewer@example.com');
    const viewerWarning = viewer.getByRole('alert').filter({ hasText: 'Missing exchange rate' });
    await expectWarningFor(viewerWarning, before.fx_missing);
    await expect(viewerWarning.getByRole('link', { name: /^Add rate/ }).count()).resolves.toBe(0);
    await viewerWarning.getByRole('link', { name: 'Exchange rates' }).waitFor();

    const added = await addMissingThroughLinks(page, 'Europe', () => '0.915');
    expect(added[0]).toMatchObject({ base: 'USD', quote: 'EUR', date: before.fx_missing[0].date });
    const stored = await apiRates('base=USD&quote=EUR');
    for (const rate of added) expect(stored.items).toContainEqual({ ...rate, source: 'manual' });

    const after = (await owner.get(`/api/v1/portfolios/${portfolio.id}/holdings`)).body;
    expect(after.fx_missing).toEqual([]);
    expect(after.totals.market_value).not.toBeNull();
    await expect.poll(() => holdingCells(page)).toEqual(expectedHoldingCells(after));
    const aapl = (await tableRows(page, 'Holdings')).find((row) => row[0] === 'AAPL') ?? [];
    expect(aapl).not.toContain('—');
    expect(aapl.at(-2)).toBe('USD');
    await screenshot(page, 'holdings-converted');
  });

  it('is named on the dashboard, in the base currency, and added from there', async () => {
    // In GBP, the household's totals need USD → GBP and EUR → GBP, which nobody has added.
    expect((await owner.patch('/api/v1/household', { base_currency: 'GBP' })).status).toBe(200);
    const before = (await owner.get('/api/v1/analytics')).body;
    expect(before.currency).toBe('GBP');
    expect(before.fx_missing.length).toBeGreaterThan(0);

    const page = await web.open();
    await openScreen(page, '/', 'Dashboard');
    const warning = page.getByRole('alert').filter({ hasText: 'Missing exchange rate' });
    await expectWarningFor(warning, before.fx_missing);
    await expectAccessible(page);
    await screenshot(page, 'dashboard-missing-rate');

    await addMissingThroughLinks(page, 'Dashboard', (m) => (m.base === 'USD' ? '0.79' : '0.86'));
    const after = (await owner.get('/api/v1/analytics')).body;
    expect(after.fx_missing).toEqual([]);
    expect(after.value).not.toBeNull();
    const value = page.getByLabel('Value', { exact: true });
    await expect.poll(async () => plain((await value.textContent()) ?? '')).toBe(after.value);
    expect(await value.textContent()).toContain('£');
  });
});
