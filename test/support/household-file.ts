import { expect } from 'vitest';
import { fxRateRepository } from '../../src/infrastructure/repositories/fx-rates.js';
import type { Client, Household, Json, TestApp } from './app.js';

/**
 * Helpers for household files (GET /api/v1/export): a household with something of every kind, and a
 * normal form in which two files of the same data are equal whatever their ids.
 */

async function created(client: Client, url: string, body: unknown): Promise<Json> {
  const res = await client.post(url, body);
  expect(res.status, `${url} ${JSON.stringify(res.body)}`).toBe(201);
  return res.body;
}

/**
 * Stocks in several currencies (USD, JPY, pence), prices, portfolios of both methods (one inactive, one in
 * euros holding dollar stocks), every trade type, balances, targets, journal, exchange rates entered by hand and
 * fetched from a provider, and a base currency other than the default.
 */
export async function seedHousehold({ owner, householdId }: Household, testApp: TestApp): Promise<void> {
  const stock = async (body: Json) => (await created(owner, '/api/v1/stocks', body)).id as string;
  const aapl = await stock({
    symbol: 'AAPL',
    currency: 'USD',
    company_name: 'Apple Inc.',
    sector: 'Information Technology',
    industry_group: 'Technology Hardware & Equipment',
    grade: 'A',
    notes: 'Core holding',
  });
  const brk = await stock({ symbol: 'BRK.B', company_name: 'Berkshire Hathaway', sector: 'Financials', grade: 'b' });
  const toyota = await stock({ symbol: '7203.T', provider_symbol: '7203.T', notes: '', currency: 'jpy' });
  const msft = await stock({ symbol: 'MSFT' });
  await stock({ symbol: 'IDLE' });
  const vod = await stock({ symbol: 'VOD.L', company_name: 'Vodafone', currency: 'GBX' });

  const prices = (id: string, items: Array<[string, string]>) =>
    created(owner, `/api/v1/stocks/${id}/prices`, { prices: items.map(([date, close]) => ({ date, close })) });
  await prices(aapl, [
    ['2024-01-02', '185.64'],
    ['2024-02-01', '186.86'],
    ['2024-03-01', '179.66'],
  ]);
  await prices(brk, [['2024-03-01', '410.5']]);
  await prices(msft, [['2024-02-15', '406.56']]);
  await prices(vod, [['2024-03-01', '69.86']]);

  const portfolio = async (body: Json) => (await created(owner, '/api/v1/portfolios', body)).id as string;
  const growth = await portfolio({ name: 'Growth', description: 'Long term', currency: 'EUR' });
  const income = await portfolio({ name: 'income', cost_basis_method: 'fifo' });
  const closed = await portfolio({ name: 'Closed' });

  const trade = async (portfolioId: string, body: Json) =>
    (await created(owner, `/api/v1/portfolios/${portfolioId}/transactions`, body)).id as string;
  const firstBuy = await trade(growth, {
    stock_id: aapl,
    type: 'buy',
    quantity: '10',
    price: '150.5',
    fee: '1.25',
    trade_date: '2024-01-02',
    notes: 'First buy',
  });
  await trade(growth, { stock_id: aapl, type: 'buy', quantity: 5, price: 160, trade_date: '2024-01-02' });
  await trade(growth, {
    stock_id: aapl,
    type: 'sell',
    quantity: '3',
    price: '170',
    fee: '1',
    trade_date: '2024-01-02',
  });
  await trade(growth, { stock_id: aapl, type: 'split', ratio: '4:1', trade_date: '2024-02-01' });
  await trade(growth, { stock_id: aapl, type: 'dividend', amount: '12.34', trade_date: '2024-02-10T15:30:00Z' });
  // Back-dated: recorded last, applies first.
  await trade(growth, { stock_id: brk, type: 'buy', quantity: '2.5', price: '300', trade_date: '2023-12-01' });
  await trade(growth, { stock_id: toyota, type: 'buy', quantity: '100', price: '0', trade_date: '2024-01-05' });

  await trade(income, { stock_id: msft, type: 'buy', quantity: '4', price: '370', trade_date: '2024-01-03' });
  await trade(income, { stock_id: msft, type: 'buy', quantity: '6', price: '390', fee: '2', trade_date: '2024-01-20' });
  await trade(income, { stock_id: msft, type: 'sell', quantity: '5', price: '400', trade_date: '2024-02-05' });
  await trade(income, { stock_id: msft, type: 'split', ratio: '3:2', trade_date: '2024-02-06' });
  // Pence: 1,000 shares at 71.52p, a fee of 995p.
  await trade(income, {
    stock_id: vod,
    type: 'buy',
    quantity: '1000',
    price: '71.52',
    fee: '995',
    trade_date: '2024-02-20',
  });
  await trade(closed, { stock_id: brk, type: 'buy', quantity: '1', price: '350', trade_date: '2024-01-10' });
  expect((await owner.patch(`/api/v1/portfolios/${closed}`, { is_active: false })).status).toBe(200);

  for (const [date, final, deposits, withdrawals, index] of [
    ['2024-01-31', '2000', '1500', undefined, '1.5'],
    ['2024-02-29', '2100.55', undefined, '50', '-0.25'],
    ['2024-03-31', '2050', undefined, undefined, undefined],
  ] as const)
    await created(owner, `/api/v1/portfolios/${growth}/balances`, {
      date,
      final_balance: final,
      ...(deposits ? { deposits } : {}),
      ...(withdrawals ? { withdrawals } : {}),
      ...(index ? { index_change: index } : {}),
    });

  const target = async (body: Json) => (await created(owner, '/api/v1/targets', body)).id as string;
  await target({ portfolio_id: growth, stock_id: aapl, pivot_price: '200', failure_price: '150', notes: 'Watch' });
  await target({ portfolio_id: income, stock_id: msft, pivot_price: '420', failure_price: '380' });
  const cancelled = await target({ portfolio_id: growth, stock_id: brk, pivot_price: '500', failure_price: '400' });
  expect((await owner.patch(`/api/v1/targets/${cancelled}`, { status: 'cancelled' })).status).toBe(200);
  // A close above the pivot marks the MSFT target hit, with its triggering close.
  await prices(msft, [['2024-03-01', '421.5']]);

  const entry = (body: Json) => created(owner, '/api/v1/journal', body);
  await entry({
    content: 'Bought the dip',
    entry_date: '2024-01-02',
    transaction_id: firstBuy,
    tags: ['Entry', 'tech'],
  });
  await entry({ content: 'Income plan', entry_date: '2024-01-03', portfolio_id: income, sentiment: 'bullish' });
  await entry({ content: 'Watching Berkshire', entry_date: '2024-01-03', stock_id: brk, sentiment: 'NEUTRAL' });
  await entry({ content: 'A note of no link', entry_date: '2023-12-31' });

  await created(owner, '/api/v1/fx-rates', {
    rates: [
      { base: 'EUR', quote: 'USD', date: '2024-01-02', rate: '1.0956' },
      { base: 'EUR', quote: 'USD', date: '2024-03-01', rate: '1.08385' },
      { base: 'USD', quote: 'JPY', date: '2024-01-05', rate: '144.62' },
      { base: 'GBP', quote: 'USD', date: '2024-02-20', rate: '1.2624' },
    ],
  });
  // The API takes only rates entered by hand; fetched ones are stored as the market-data refresh stores them.
  await fxRateRepository(testApp.database.db).upsert(
    householdId,
    [
      { base: 'EUR', quote: 'USD', date: '2023-12-01', rate: '1.0885000' },
      { base: 'GBP', quote: 'EUR', date: '2024-03-01', rate: '1.1679' },
      { base: 'USD', quote: 'JPY', date: '2024-03-01', rate: '150.04' },
    ],
    'provider',
  );

  const settings = await owner.patch('/api/v1/household', { concentration_limit: '25', base_currency: 'GBP' });
  expect(settings.status, JSON.stringify(settings.body)).toBe(200);
}

/** Every id of the file, labelled by its kind and position: a reference becomes the label of what it names. */
export function idLabels(file: Json): Map<string, string> {
  const labels = new Map<string, string>();
  const label = (objects: Json[], kind: string) => {
    for (const [i, o] of objects.entries()) labels.set(o.id, `${kind} ${i}`);
  };
  label(file.stocks, 'stock');
  label(file.portfolios, 'portfolio');
  for (const [i, p] of (file.portfolios as Json[]).entries()) {
    label(p.transactions, `trade ${i}.`);
    label(p.balances, `balance ${i}.`);
  }
  label(file.targets, 'target');
  label(file.journal, 'journal');
  return labels;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `value` with every id in `labels` replaced by its label; an id it does not know is an error. */
export function relabel(value: unknown, labels: Map<string, string>): unknown {
  return JSON.parse(JSON.stringify(value), (_key, v) => {
    if (typeof v !== 'string' || !UUID.test(v)) return v;
    const label = labels.get(v);
    if (label === undefined) throw new Error(`${v} names nothing of the household file`);
    return label;
  });
}

/** The file without what may differ between two households holding the same data. */
export function normalise(file: Json): Json {
  const { exported_at: _exportedAt, members: _members, ...rest } = relabel(file, idLabels(file)) as Json;
  const { name: _name, ...household } = rest.household;
  return { ...rest, household };
}
