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
const TYPE_LABEL: Record<string, string> = { buy: 'Buy', sell: 'Sell', dividend: 'Dividend', split: 'Split' };
let owner: Client;
const stocks: Record<string, string> = {};

beforeAll(async () => {
  owner = (await household(web)).owner;
  for (const symbol of ['AAPL', 'MSFT', 'KO']) {
    const created = await owner.post('/api/v1/stocks', { symbol, company_name: `${symbol} Inc.` });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    stocks[symbol] = created.body.id;
  }
  const priced = await owner.post(`/api/v1/stocks/${stocks.AAPL}/prices`, {
    prices: [{ date: '2024-06-28', close: '187.5' }],
  });
  expect(priced.status, JSON.stringify(priced.body)).toBe(201);
});

async function seedPortfolio(body: Json): Promise<Json> {
  const created = await owner.post('/api/v1/portfolios', body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

async function seedTrade(portfolioId: string, body: Json): Promise<Json> {
  const created = await owner.post(`/api/v1/portfolios/${portfolioId}/transactions`, body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

async function openPortfolios(page: Page, email = OWNER): Promise<void> {
  await openScreen(page, '/portfolios', 'Portfolios', email);
}

async function openPortfolio(page: Page, portfolio: Json, email = OWNER): Promise<void> {
  await openScreen(page, `/portfolios/${portfolio.id}`, portfolio.name, email);
}

const show = (value: unknown): string => plain(value === null || value === undefined ? '—' : String(value));

async function apiPortfolios(): Promise<Json[]> {
  const answer = await owner.get('/api/v1/portfolios?sort=name:asc&size=20');
  expect(answer.status).toBe(200);
  return answer.body.items;
}

async function portfolioCells(page: Page): Promise<string[][]> {
  return (await tableRows(page, 'Portfolios')).map((row) => row.slice(0, 4).map(plain));
}

function expectedPortfolioCells(items: Json[]): string[][] {
  return items.map((p) =>
    [`${p.name}${p.is_active ? '' : ' Inactive'}`, p.value, p.unrealized_pnl, p.position_count].map(show),
  );
}

async function apiHoldings(portfolioId: string): Promise<Json> {
  const answer = await owner.get(`/api/v1/portfolios/${portfolioId}/holdings`);
  expect(answer.status).toBe(200);
  return answer.body;
}

async function holdingCells(page: Page): Promise<string[][]> {
  return (await tableRows(page, 'Holdings')).map((row) => row.map(plain));
}

/**
 * What the Holdings table must show for an answer of GET holdings: each holding, then the Total row (every stock
 * here is in the portfolio's currency, so no native columns).
 */
function expectedHoldingCells(holdings: Json): string[][] {
  const rows = holdings.items.map((h: Json) =>
    [
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
    ].map(show),
  );
  const t = holdings.totals;
  return [
    ...rows,
    [
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
    ],
  ];
}

async function apiTrades(portfolioId: string, query = ''): Promise<Json> {
  const answer = await owner.get(
    `/api/v1/portfolios/${portfolioId}/transactions?sort=trade_date:desc,created_at:desc&size=20${query ? `&${query}` : ''}`,
  );
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

async function tradeCells(page: Page): Promise<string[][]> {
  return (await tableRows(page, 'Transactions')).map((row) => row.slice(0, 7).map(plain));
}

const symbolOf = (stockId: string) => Object.entries(stocks).find(([, id]) => id === stockId)?.[0] ?? '?';

function expectedTradeCells(items: Json[]): string[][] {
  return items.map((t) =>
    [t.trade_date, TYPE_LABEL[t.type], t.symbol ?? symbolOf(t.stock_id), t.quantity, t.price, t.fee, t.amount].map(
      show,
    ),
  );
}

/** Fills the open trade dialog: the type first (it decides which fields are shown), then the rest. */
async function fillTrade(dialog: Locator, fields: Record<string, string>): Promise<void> {
  if (fields.Type) await dialog.getByLabel('Type', { exact: true }).selectOption({ label: fields.Type });
  if (fields.Stock) await dialog.getByLabel('Stock', { exact: true }).selectOption({ label: fields.Stock });
  for (const [label, value] of Object.entries(fields))
    if (label !== 'Type' && label !== 'Stock') await dialog.getByLabel(label, { exact: true }).fill(value);
}

async function addTrade(page: Page, fields: Record<string, string>): Promise<void> {
  await page.getByRole('button', { name: 'Add trade' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add trade' });
  await dialog.waitFor();
  await fillTrade(dialog, fields);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** Which of the trade fields the open dialog shows. */
async function shownFields(dialog: Locator): Promise<string[]> {
  const shown: string[] = [];
  for (const label of ['Date', 'Quantity', 'Price', 'Fee', 'Amount', 'Ratio', 'Notes'])
    if ((await dialog.getByLabel(label, { exact: true }).count()) > 0) shown.push(label);
  return shown;
}

describe('portfolios', () => {
  it('starts with an empty state, creates a portfolio through the dialog and refuses a duplicate name at "Name"', async () => {
    const page = await web.open();
    await openPortfolios(page);
    await page.getByText('No portfolios yet').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'portfolios-empty');

    const newButton = page.getByRole('button', { name: 'New portfolio' });
    await newButton.click();
    const dialog = page.getByRole('dialog', { name: 'New portfolio' });
    await dialog.waitFor();
    await expect(dialog.getByLabel('Currency').inputValue()).resolves.toBe('USD');
    const method = dialog.getByLabel('Cost basis method');
    await expect(method.locator('option').allTextContents()).resolves.toEqual(['Average', 'FIFO']);
    await expectAccessible(page);
    await screenshot(page, 'portfolios-new-dialog');

    await dialog.getByLabel('Name').fill('Growth');
    await dialog.getByLabel('Description').fill('Long-term growth stocks');
    await dialog.getByLabel('Currency').selectOption('USD');
    await method.selectOption({ label: 'FIFO' });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('table', { name: 'Portfolios' }).getByRole('link', { name: 'Growth' }).waitFor();
    const created = (await apiPortfolios()).find((p) => p.name === 'Growth');
    expect(created).toMatchObject({
      description: 'Long-term growth stocks',
      currency: 'USD',
      cost_basis_method: 'fifo',
    });
    await expect.poll(() => portfolioCells(page)).toEqual(expectedPortfolioCells(await apiPortfolios()));

    // The same name again: the server's 409 is shown at "Name", and what was typed stays.
    await newButton.click();
    await dialog.waitFor();
    await dialog.getByLabel('Name').fill('Growth');
    await dialog.getByLabel('Description').fill('A second try');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const refused = await owner.post('/api/v1/portfolios', { name: 'Growth' });
    expect(refused.status).toBe(409);
    await dialog.getByRole('alert').getByText(refused.body.error.message).waitFor();
    const name = dialog.getByLabel('Name');
    await expect(name.getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await description(name)).toContain(refused.body.error.details[0].message);
    await expect(dialog.getByLabel('Description').inputValue()).resolves.toBe('A second try');
    await expectAccessible(page);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect((await apiPortfolios()).filter((p) => p.name === 'Growth')).toHaveLength(1);
  });

  it('edits and deactivates a portfolio; an inactive one is marked and offers no "Add trade"', async () => {
    const portfolio = await seedPortfolio({ name: 'Retired' });
    const page = await web.open();
    await openPortfolios(page);
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Retired' }) });
    await row.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit portfolio' });
    await dialog.waitFor();
    await expect(dialog.getByLabel('Name').inputValue()).resolves.toBe('Retired');
    const active = dialog.getByLabel('Active', { exact: true });
    await expect(active.isChecked()).resolves.toBe(true);
    await expectAccessible(page);
    await dialog.getByLabel('Description').fill('No longer traded');
    await active.uncheck();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });

    await row.getByText('Inactive').waitFor();
    const answer = await owner.get(`/api/v1/portfolios/${portfolio.id}`);
    expect(answer.body).toMatchObject({ is_active: false, description: 'No longer traded' });
    await expect.poll(() => portfolioCells(page)).toEqual(expectedPortfolioCells(await apiPortfolios()));

    await row.getByRole('link', { name: 'Retired' }).click();
    await page.getByRole('heading', { name: 'Retired', level: 1 }).waitFor();
    await page.getByText('This portfolio is inactive').waitFor();
    await expect(page.getByRole('button', { name: 'Add trade' }).count()).resolves.toBe(0);
    const refused = await owner.post(`/api/v1/portfolios/${portfolio.id}/transactions`, {
      stock_id: stocks.AAPL,
      type: 'buy',
      quantity: '1',
      price: '1',
      trade_date: '2024-01-02',
    });
    expect(refused.status).toBe(422);
  });

  it('adds buy, sell, dividend and split trades through the dialog; holdings, totals and the list follow the API', async () => {
    const portfolio = await seedPortfolio({ name: 'Trading' });
    const page = await web.open();
    await openPortfolio(page, portfolio);
    await page.getByText('No holdings yet').waitFor();
    await page.getByText('No transactions yet').waitFor();

    await page.getByRole('button', { name: 'Add trade' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add trade' });
    await dialog.waitFor();
    const type = dialog.getByLabel('Type', { exact: true });
    await expect(type.locator('option').allTextContents()).resolves.toEqual(['Buy', 'Sell', 'Dividend', 'Split']);
    const stock = dialog.getByLabel('Stock', { exact: true });
    expect(await stock.locator('option').allTextContents()).toEqual(expect.arrayContaining(['AAPL', 'MSFT', 'KO']));
    await expect(shownFields(dialog)).resolves.toEqual(['Date', 'Quantity', 'Price', 'Fee', 'Notes']);
    await type.selectOption({ label: 'Dividend' });
    await expect(shownFields(dialog)).resolves.toEqual(['Date', 'Amount', 'Notes']);
    await type.selectOption({ label: 'Split' });
    await expect(shownFields(dialog)).resolves.toEqual(['Date', 'Ratio', 'Notes']);
    await type.selectOption({ label: 'Sell' });
    await expect(shownFields(dialog)).resolves.toEqual(['Date', 'Quantity', 'Price', 'Fee', 'Notes']);
    await expectAccessible(page);
    await screenshot(page, 'portfolio-add-trade');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await addTrade(page, {
      Type: 'Buy',
      Stock: 'AAPL',
      Date: '2024-01-02',
      Quantity: '10',
      Price: '150.25',
      Fee: '1.5',
      Notes: 'First buy',
    });
    await expect.poll(() => holdingCells(page)).toEqual(expectedHoldingCells(await apiHoldings(portfolio.id)));
    await addTrade(page, { Type: 'Buy', Stock: 'MSFT', Date: '2024-01-03', Quantity: '4', Price: '370' });
    await addTrade(page, { Type: 'Sell', Stock: 'AAPL', Date: '2024-02-01', Quantity: '3', Price: '180', Fee: '1' });
    await addTrade(page, { Type: 'Dividend', Stock: 'AAPL', Date: '2024-02-15', Amount: '1.68' });
    await addTrade(page, { Type: 'Split', Stock: 'MSFT', Date: '2024-03-01', Ratio: '4:1' });

    const trades = await apiTrades(portfolio.id);
    expect(trades.items.map((t: Json) => t.type)).toEqual(['split', 'dividend', 'sell', 'buy', 'buy']);
    expect(trades.items.at(-1)).toMatchObject({ quantity: '10', price: '150.25', notes: 'First buy' });
    expect(Number(trades.items.at(-1).fee)).toBe(1.5);
    await expect.poll(() => tradeCells(page)).toEqual(expectedTradeCells(trades.items));
    const holdings = await apiHoldings(portfolio.id);
    expect(holdings.items.map((h: Json) => [h.symbol, h.quantity])).toEqual(
      expect.arrayContaining([
        ['AAPL', '7'],
        ['MSFT', '16'],
      ]),
    );
    await expect.poll(() => holdingCells(page)).toEqual(expectedHoldingCells(holdings));
    const rows = await tableRows(page, 'Holdings');
    expect(rows.at(-1)?.[0]).toBe('Total');
    await expect(page.locator('table[aria-label="Holdings"] tfoot tr').count()).resolves.toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'portfolio');

    // The list shows the new value without a reload.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Portfolios' }).click();
    await page.getByRole('heading', { name: 'Portfolios', level: 1 }).waitFor();
    const listed = await apiPortfolios();
    expect(listed.find((p) => p.name === 'Trading')?.position_count).toBe(2);
    await expect.poll(() => portfolioCells(page)).toEqual(expectedPortfolioCells(listed));
    await expectAccessible(page);
    await screenshot(page, 'portfolios');
  });

  it('shows a refused sell in the dialog and keeps what was typed', async () => {
    const portfolio = await seedPortfolio({ name: 'Oversold' });
    await seedTrade(portfolio.id, {
      stock_id: stocks.KO,
      type: 'buy',
      quantity: '10',
      price: '60',
      trade_date: '2024-01-02',
    });
    const page = await web.open();
    await openPortfolio(page, portfolio);
    await page.getByRole('button', { name: 'Add trade' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add trade' });
    await dialog.waitFor();
    await fillTrade(dialog, {
      Type: 'Sell',
      Stock: 'KO',
      Date: '2024-01-05',
      Quantity: '15',
      Price: '61.5',
      Fee: '2',
      Notes: 'Too many',
    });
    await dialog.getByRole('button', { name: 'Save' }).click();
    const refused = await owner.post(`/api/v1/portfolios/${portfolio.id}/transactions`, {
      stock_id: stocks.KO,
      type: 'sell',
      quantity: '15',
      price: '61.5',
      fee: '2',
      trade_date: '2024-01-05',
      notes: 'Too many',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('BUSINESS_RULE_VIOLATION');
    const alert = dialog.getByRole('alert');
    await alert.getByText(refused.body.error.message).waitFor();
    await expect(dialog.getByLabel('Type', { exact: true }).inputValue()).resolves.toBe('sell');
    await expect(dialog.getByLabel('Quantity').inputValue()).resolves.toBe('15');
    await expect(dialog.getByLabel('Price').inputValue()).resolves.toBe('61.5');
    await expect(dialog.getByLabel('Fee').inputValue()).resolves.toBe('2');
    await expect(dialog.getByLabel('Notes').inputValue()).resolves.toBe('Too many');
    await expect(dialog.getByLabel('Date').inputValue()).resolves.toBe('2024-01-05');
    await expectAccessible(page);
    await screenshot(page, 'portfolio-refused-sell');
    expect((await apiTrades(portfolio.id)).total).toBe(1);
  });

  it('edits a trade and deletes one after the confirmation', async () => {
    const portfolio = await seedPortfolio({ name: 'Editing' });
    await seedTrade(portfolio.id, {
      stock_id: stocks.AAPL,
      type: 'buy',
      quantity: '5',
      price: '100',
      trade_date: '2024-01-02',
    });
    await seedTrade(portfolio.id, {
      stock_id: stocks.MSFT,
      type: 'buy',
      quantity: '2',
      price: '300',
      trade_date: '2024-01-03',
    });
    const page = await web.open();
    await openPortfolio(page, portfolio);
    const table = page.getByRole('table', { name: 'Transactions' });
    const aaplRow = table.getByRole('row').filter({ hasText: 'AAPL' });
    await aaplRow.waitFor();

    await aaplRow.getByRole('button', { name: 'Edit', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit trade' });
    await dialog.waitFor();
    await expect(dialog.getByLabel('Quantity').inputValue()).resolves.toBe('5');
    await expect(dialog.getByLabel('Date').inputValue()).resolves.toBe('2024-01-02');
    await expectAccessible(page);
    await dialog.getByLabel('Quantity').fill('8');
    await dialog.getByLabel('Price').fill('101.5');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    const edited = await apiTrades(portfolio.id);
    expect(edited.items.find((t: Json) => t.stock_id === stocks.AAPL)).toMatchObject({ quantity: '8', price: '101.5' });
    await expect.poll(() => tradeCells(page)).toEqual(expectedTradeCells(edited.items));
    await expect.poll(() => holdingCells(page)).toEqual(expectedHoldingCells(await apiHoldings(portfolio.id)));

    const msftRow = table.getByRole('row').filter({ hasText: 'MSFT' });
    await msftRow.getByRole('button', { name: 'Delete', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete transaction' });
    await confirm.waitFor();
    await expectAccessible(page);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect((await apiTrades(portfolio.id)).total).toBe(2);

    await msftRow.getByRole('button', { name: 'Delete', exact: true }).click();
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    await confirm.waitFor({ state: 'detached' });
    await msftRow.waitFor({ state: 'detached' });
    const left = await apiTrades(portfolio.id);
    expect(left.total).toBe(1);
    await expect.poll(() => tradeCells(page)).toEqual(expectedTradeCells(left.items));
    await expect.poll(() => holdingCells(page)).toEqual(expectedHoldingCells(await apiHoldings(portfolio.id)));
  });

  it('filters the transactions by type, stock and dates, and pages through them', async () => {
    const portfolio = await seedPortfolio({ name: 'Many trades' });
    for (let day = 1; day <= 24; day++) {
      const symbol = day % 3 === 0 ? 'MSFT' : 'AAPL';
      await seedTrade(portfolio.id, {
        stock_id: stocks[symbol],
        type: 'buy',
        quantity: String(day),
        price: `${100 + day}.5`,
        trade_date: `2024-03-${String(day).padStart(2, '0')}`,
      });
    }
    await seedTrade(portfolio.id, {
      stock_id: stocks.AAPL,
      type: 'dividend',
      amount: '12.34',
      trade_date: '2024-04-01',
    });
    await seedTrade(portfolio.id, { stock_id: stocks.MSFT, type: 'dividend', amount: '5', trade_date: '2024-04-02' });

    const page = await web.open();
    await openPortfolio(page, portfolio);
    const all = await apiTrades(portfolio.id);
    expect(all.pages).toBe(2);
    await expect.poll(() => tradeCells(page)).toEqual(expectedTradeCells(all.items));
    const pager = page.getByRole('navigation', { name: 'Transactions pages' });
    await pager.getByText('Page 1 of 2').waitFor();
    await pager.getByRole('button', { name: 'Next' }).click();
    await pager.getByText('Page 2 of 2').waitFor();
    await expect
      .poll(() => tradeCells(page))
      .toEqual(expectedTradeCells((await apiTrades(portfolio.id, 'page=2')).items));
    await pager.getByRole('button', { name: 'Previous' }).click();
    await pager.getByText('Page 1 of 2').waitFor();

    const filters = page.getByRole('search', { name: 'Transaction filters' });
    await filters.getByLabel('Type', { exact: true }).selectOption({ label: 'Dividend' });
    const dividends = await apiTrades(portfolio.id, 'type=dividend');
    expect(dividends.total).toBe(2);
    await expect.poll(() => tradeCells(page)).toEqual(expectedTradeCells(dividends.items));

    await filters.getByLabel('Stock', { exact: true }).selectOption({ label: 'MSFT' });
    const msftDividends = await apiTrades(portfolio.id, `type=dividend&stock_id=${stocks.MSFT}`);
    expect(msftDividends.total).toBe(1);
    await expect.poll(() => tradeCells(page)).toEqual(expectedTradeCells(msftDividends.items));

    await filters.getByLabel('Type', { exact: true }).selectOption({ label: 'Every type' });
    await filters.getByLabel('From', { exact: true }).fill('2024-03-05');
    await filters.getByLabel('To', { exact: true }).fill('2024-03-20');
    const ranged = await apiTrades(portfolio.id, `stock_id=${stocks.MSFT}&from=2024-03-05&to=2024-03-20`);
    expect(ranged.total).toBe(5);
    await expect.poll(() => tradeCells(page)).toEqual(expectedTradeCells(ranged.items));

    await filters.getByLabel('Stock', { exact: true }).selectOption({ label: 'KO' });
    await page.getByText('No transaction matches').waitFor();
    await filters.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => tradeCells(page)).toEqual(expectedTradeCells(all.items));
    await expectAccessible(page);
  });

  it('shows a viewer the portfolios and their trades without a single write control', async () => {
    const portfolio = await seedPortfolio({ name: 'Family' });
    await seedTrade(portfolio.id, {
      stock_id: stocks.AAPL,
      type: 'buy',
      quantity: '3',
      price: '150',
      trade_date: '2024-01-02',
    });
    const target = await owner.post('/api/v1/targets', {
      portfolio_id: portfolio.id,
      stock_id: stocks.AAPL,
      pivot_price: '200',
      failure_price: '140',
    });
    expect(target.status, JSON.stringify(target.body)).toBe(201);
    await addUser(web().app.app, owner, 'viewer@example.com', 'viewer');

    const page = await web.open();
    await openPortfolios(page, 'viewer@example.com');
    await expect.poll(() => portfolioCells(page)).toEqual(expectedPortfolioCells(await apiPortfolios()));
    await expect(page.getByRole('button', { name: 'New portfolio' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Edit' }).count()).resolves.toBe(0);

    await page.getByRole('link', { name: 'Family' }).click();
    await page.getByRole('heading', { name: 'Family', level: 1 }).waitFor();
    await expect.poll(() => holdingCells(page)).toEqual(expectedHoldingCells(await apiHoldings(portfolio.id)));
    await expect.poll(() => tradeCells(page)).toEqual(expectedTradeCells((await apiTrades(portfolio.id)).items));
    const targets = await tableRows(page, 'Portfolio targets');
    expect(targets.map((row) => row.map(plain))).toEqual([['AAPL', '200', '140', 'Active']]);
    for (const name of ['Add trade', 'Edit', 'Delete', 'Add balance'])
      await expect(page.getByRole('button', { name }).count(), name).resolves.toBe(0);
    await expectAccessible(page);
  });

  it('never scrolls sideways on a phone', async () => {
    const portfolio = (await apiPortfolios()).find((p) => p.name === 'Trading');
    expect(portfolio).toBeDefined();
    const page = await web.open({ viewport: PHONE });
    await openPortfolios(page);
    await page.getByRole('table', { name: 'Portfolios' }).waitFor();
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'portfolios');

    await page.goto(`/portfolios/${portfolio?.id}`);
    await page.getByRole('heading', { name: 'Trading', level: 1 }).waitFor();
    await page.getByRole('table', { name: 'Holdings' }).waitFor();
    await page.getByRole('table', { name: 'Transactions' }).waitFor();
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'portfolio');

    await page.getByRole('button', { name: 'Add trade' }).click();
    await page.getByRole('dialog', { name: 'Add trade' }).waitFor();
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'portfolio-add-trade');
    expect(page.viewportSize()).not.toEqual(DESKTOP);
  });
});
