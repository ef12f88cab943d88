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
  screenshot,
  useBrowserApp,
} from '../support/browser.js';

const web = useBrowserApp();
const OWNER = 'owner@example.com';
let owner: Client;

beforeAll(async () => {
  owner = (await household(web)).owner;
});

const seed = (url: string, body: Json) => created(owner.post(url, body));

async function openJournal(page: Page, email = OWNER): Promise<void> {
  await openScreen(page, '/journal', 'Journal', email);
}

async function apiJournal(query = ''): Promise<Json[]> {
  const answer = await owner.get(`/api/v1/journal?sort=entry_date:desc,created_at:desc&size=20${query}`);
  expect(answer.status).toBe(200);
  return answer.body.items;
}

/** The articles' contents in the order shown. */
function shownContents(page: Page): Promise<string[]> {
  return page.getByRole('article').locator('.journal-content').allInnerTexts();
}

function article(page: Page, text: string): Locator {
  return page.getByRole('article').filter({ hasText: text });
}

describe('journal', () => {
  let growth: Json;
  let aapl: Json;
  let buy: Json;

  it('says what to do first while the journal is empty', async () => {
    const page = await web.open();
    await openJournal(page);
    await page.getByText('No journal entries yet').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'journal-empty');

    growth = await seed('/api/v1/portfolios', { name: 'Growth' });
    aapl = await seed('/api/v1/stocks', { symbol: 'AAPL', company_name: 'Apple Inc.' });
    buy = await seed(`/api/v1/portfolios/${growth.id}/transactions`, {
      stock_id: aapl.id,
      type: 'buy',
      quantity: '10',
      price: '180',
      trade_date: '2026-01-02',
    });
  });

  it('writes an entry with tags, sentiment, portfolio, stock and trade, shown as an article', async () => {
    const page = await web.open();
    await openJournal(page);
    await page.getByRole('button', { name: 'New entry' }).click();
    const dialog = page.getByRole('dialog', { name: 'New entry' });
    await dialog.waitFor();
    await dialog.getByLabel('Content').fill('Trimming the Apple position after the run-up.');
    await dialog.getByLabel('Date').fill('2026-01-06');
    await dialog.getByLabel('Tags').fill('Rebalance, apple ');
    await dialog.getByLabel('Sentiment').selectOption('bearish');
    await dialog.getByLabel('Portfolio').selectOption({ label: 'Growth' });
    await dialog.getByLabel('Stock').selectOption({ label: 'AAPL' });
    const trade = dialog.getByLabel('Trade');
    await expect.poll(() => trade.locator('option').allTextContents()).toEqual(['None', '2026-01-02 · Buy · AAPL']);
    await trade.selectOption(buy.id);
    await expectAccessible(page);
    await screenshot(page, 'journal-new-dialog');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });

    const entries = await apiJournal();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      content: 'Trimming the Apple position after the run-up.',
      entry_date: '2026-01-06',
      tags: ['rebalance', 'apple'],
      sentiment: 'bearish',
      portfolio_id: growth.id,
      stock_id: aapl.id,
      transaction_id: buy.id,
    });
    const shown = article(page, 'Trimming the Apple');
    await shown.waitFor();
    await expect(shown.getByRole('heading').textContent()).resolves.toBe('2026-01-06');
    await shown.getByText('Bearish').waitFor();
    await shown.getByRole('button', { name: '#rebalance' }).waitFor();
    await expect(shown.getByRole('link', { name: 'Growth' }).getAttribute('href')).resolves.toBe(
      `/portfolios/${growth.id}`,
    );
    await expect(shown.getByRole('link', { name: 'AAPL' }).getAttribute('href')).resolves.toBe(`/stocks/${aapl.id}`);
    await shown.getByText('2026-01-02 · Buy · AAPL').waitFor();
  });

  it('refuses an empty content at the "Content" field and keeps the rest', async () => {
    const page = await web.open();
    await openJournal(page);
    await page.getByRole('button', { name: 'New entry' }).click();
    const dialog = page.getByRole('dialog', { name: 'New entry' });
    await dialog.getByLabel('Content').fill('   ');
    await dialog.getByLabel('Tags').fill('nothing');
    await dialog.getByLabel('Sentiment').selectOption('neutral');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('alert').waitFor();
    const content = dialog.getByLabel('Content');
    await expect(content.getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await description(content)).toMatch(/required/i);
    await expect(dialog.getByLabel('Tags').inputValue()).resolves.toBe('nothing');
    await expect(dialog.getByLabel('Sentiment').inputValue()).resolves.toBe('neutral');
    await expectAccessible(page);
    await screenshot(page, 'journal-refused');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await apiJournal()).toHaveLength(1);
  });

  it('shows entries newest first, searches by stemmed words, filters by tag and sentiment', async () => {
    await seed('/api/v1/journal', {
      content: 'Dividend raised again, holding on.',
      entry_date: '2026-01-08',
      tags: ['income'],
      sentiment: 'bullish',
    });
    await seed('/api/v1/journal', {
      content: 'Watching the market, no action.',
      entry_date: '2026-01-03',
      tags: ['income', 'watch'],
      sentiment: 'neutral',
    });
    const page = await web.open();
    await openJournal(page);
    await expect.poll(() => shownContents(page)).toEqual((await apiJournal()).map((e) => e.content));
    expect(await shownContents(page)).toEqual([
      'Dividend raised again, holding on.',
      'Trimming the Apple position after the run-up.',
      'Watching the market, no action.',
    ]);
    await expectAccessible(page);
    await screenshot(page, 'journal');

    await page.getByRole('searchbox', { name: 'Search journal' }).fill('trimmed');
    await expect.poll(() => shownContents(page)).toEqual(['Trimming the Apple position after the run-up.']);
    expect(await shownContents(page)).toEqual((await apiJournal('&search=trimmed')).map((e) => e.content));

    await page.getByRole('searchbox', { name: 'Search journal' }).fill('');
    await page.getByLabel('Tag', { exact: true }).fill('income');
    await expect.poll(() => shownContents(page)).toEqual((await apiJournal('&tag=income')).map((e) => e.content));
    expect(await shownContents(page)).toHaveLength(2);

    await page.getByLabel('Sentiment').selectOption('neutral');
    await expect.poll(() => shownContents(page)).toEqual(['Watching the market, no action.']);

    await page.getByLabel('Sentiment').selectOption('bearish');
    await page.getByText('No entry matches').waitFor();

    // A tag of an entry filters by that tag.
    await page.getByLabel('Tag', { exact: true }).fill('');
    await page.getByLabel('Sentiment').selectOption('');
    await article(page, 'Watching').getByRole('button', { name: '#watch' }).click();
    await expect.poll(() => shownContents(page)).toEqual(['Watching the market, no action.']);
    await expect(page.getByLabel('Tag', { exact: true }).inputValue()).resolves.toBe('watch');
  });

  it('edits an entry through "Edit entry"', async () => {
    const page = await web.open();
    await openJournal(page);
    await article(page, 'Dividend raised').getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit entry' });
    await dialog.waitFor();
    await expect(dialog.getByLabel('Content').inputValue()).resolves.toBe('Dividend raised again, holding on.');
    await expect(dialog.getByLabel('Tags').inputValue()).resolves.toBe('income');
    await expect(dialog.getByLabel('Sentiment').inputValue()).resolves.toBe('bullish');
    await expectAccessible(page);
    await dialog.getByLabel('Content').fill('Dividend raised again; adding more.');
    await dialog.getByLabel('Tags').fill('income, dividends');
    await dialog.getByLabel('Sentiment').selectOption('');
    await dialog.getByLabel('Stock').selectOption({ label: 'AAPL' });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });

    const edited = article(page, 'adding more');
    await edited.waitFor();
    await edited.getByRole('link', { name: 'AAPL' }).waitFor();
    const entry = (await apiJournal()).find((e) => e.content.includes('adding more'));
    expect(entry).toMatchObject({ tags: ['income', 'dividends'], sentiment: null, stock_id: aapl.id });
    await expect(edited.locator('.sentiment').count()).resolves.toBe(0);
  });

  it('deletes an entry after asking', async () => {
    const page = await web.open();
    await openJournal(page);
    await article(page, 'Watching').getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete entry' });
    await dialog.waitFor();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => shownContents(page)).toEqual((await apiJournal()).map((e) => e.content));
    expect(await shownContents(page)).toHaveLength(2);
  });

  it('pages through a long journal', async () => {
    for (let day = 1; day <= 20; day++)
      await seed('/api/v1/journal', {
        content: `Daily note ${day}`,
        entry_date: `2026-03-${String(day).padStart(2, '0')}`,
      });
    const page = await web.open();
    await openJournal(page);
    await expect.poll(async () => (await shownContents(page)).length).toBe(20);
    expect(await shownContents(page)).toEqual((await apiJournal()).map((e) => e.content));
    const pager = page.getByRole('navigation', { name: 'Journal pages' });
    await pager.getByText('Page 1 of 2').waitFor();
    await pager.getByRole('button', { name: 'Next' }).click();
    await pager.getByText('Page 2 of 2').waitFor();
    expect(await shownContents(page)).toEqual((await apiJournal('&page=2')).map((e) => e.content));
  });

  it('shows a viewer the entries but no write controls', async () => {
    await addUser(web().app.app, owner, 'viewer@example.com', 'viewer');
    const page = await web.open();
    await openJournal(page, 'viewer@example.com');
    await page.getByRole('article').first().waitFor();
    await expect(page.getByRole('button', { name: 'New entry' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Edit' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Delete' }).count()).resolves.toBe(0);
    await expectAccessible(page);
  });

  it('fits a phone without sideways scrolling', async () => {
    const page = await web.open({ viewport: PHONE });
    await openJournal(page);
    await page.getByRole('article').first().waitFor();
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'journal');
    await page.getByRole('button', { name: 'New entry' }).click();
    await page.getByRole('dialog', { name: 'New entry' }).waitFor();
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'journal-new-dialog');
  });
});
