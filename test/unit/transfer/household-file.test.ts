import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/domain/errors.js';
import { MAX_REPORTED_PROBLEMS } from '../../../src/domain/transfer/fields.js';
import { readHouseholdFile } from '../../../src/domain/transfer/read.js';
import { withNewIds } from '../../../src/domain/transfer/remap.js';

const trade = (id: string, stock: string, type: string, quantity: string, tradeDate: string) => ({
  id,
  stock_id: stock,
  type,
  quantity,
  price: '10',
  trade_date: tradeDate,
});

function file(change: (f: Record<string, any>) => void = () => {}) {
  const f: Record<string, any> = {
    format: 'stockbook',
    version: 1,
    household: { name: 'Ours', concentration_limit: '30' },
    stocks: [
      { id: 's1', symbol: 'aapl' },
      { id: 's2', symbol: 'MSFT' },
    ],
    prices: [{ stock_id: 's1', date: '2024-01-05', close: '12.5' }],
    portfolios: [
      {
        id: 'p1',
        name: 'Main',
        transactions: [
          trade('t3', 's1', 'sell', '5', '2024-01-03'),
          trade('t1', 's1', 'buy', '5', '2024-01-02'),
          trade('t2', 's1', 'buy', '5', '2024-01-03'),
        ],
        balances: [{ id: 'b1', date: '2024-01-31', final_balance: '100' }],
      },
      { id: 'p2', name: 'Other', transactions: [trade('t4', 's2', 'buy', '1', '2024-01-02')] },
    ],
    targets: [{ id: 'g1', portfolio_id: 'p1', stock_id: 's1', pivot_price: '20', failure_price: '8' }],
    journal: [{ id: 'j1', content: 'Why', entry_date: '2024-01-02', portfolio_id: 'p1', transaction_id: 't1' }],
  };
  change(f);
  return f;
}

function problems(input: unknown): Array<{ field: string; message: string }> {
  try {
    readHouseholdFile(input);
  } catch (error) {
    if (error instanceof ValidationError) return error.details;
    throw error;
  }
  throw new Error('the file was accepted');
}

describe('readHouseholdFile', () => {
  it('reads a file with the API rules and orders each history by day, then as listed', () => {
    const contents = readHouseholdFile(file());
    expect(contents.concentrationLimit).toBe('30.00');
    expect(contents.stocks.map((s) => s.symbol)).toEqual(['AAPL', 'MSFT']);
    expect(contents.portfolios[0]?.trades.map((t) => t.id)).toEqual(['t1', 't3', 't2']);
    expect(contents.portfolios[0]?.costBasisMethod).toBe('average');
    expect(contents.targets[0]?.status).toBe('active');
  });

  it('reads journal entries with the rules of the journal API (trimmed date, normalised tags)', () => {
    const contents = readHouseholdFile(
      file((f) => {
        Object.assign(f.journal[0], {
          entry_date: ' 2024-01-02 ',
          tags: [' Earnings', 'earnings '],
          sentiment: 'BULLISH',
        });
      }),
    );
    expect(contents.journal[0]).toMatchObject({
      entryDate: '2024-01-02',
      tags: ['earnings'],
      sentiment: 'bullish',
      portfolioId: 'p1',
      transactionId: 't1',
    });
    expect(problems(file((f) => Object.assign(f.journal[0], { entry_date: '2024-13-01', tags: [''] })))).toEqual([
      { field: 'journal[0].entry_date', message: 'must be a date YYYY-MM-DD' },
      { field: 'journal[0].tags[0]', message: 'A tag must not be blank' },
    ]);
  });

  it('refuses a sell that the history as listed cannot cover, naming it', () => {
    const f = file((f) => {
      f.portfolios[0].transactions[0].quantity = '6';
    });
    expect(problems(f)).toEqual([
      {
        field: 'portfolios[0].transactions[0].quantity',
        message: 'Selling 6 AAPL on 2024-01-03 would leave -1: only 5 are held then',
      },
    ]);
  });

  it('refuses a journal link to a trade of another portfolio, and a triggering close on an active target', () => {
    const f = file((f) => {
      f.journal[0].transaction_id = 't4';
      f.targets[0].triggered_price = '21';
      f.targets[0].triggered_on = '2024-01-05';
    });
    expect(problems(f).map((p) => p.field)).toEqual(['targets[0].status', 'journal[0].transaction_id']);
  });

  it('lists the first problems of a file with very many', () => {
    const f = file((f) => {
      f.prices = Array.from({ length: 500 }, () => ({ stock_id: 'nothing', date: '2024-01-01', close: '1' }));
    });
    let error: unknown;
    try {
      readHouseholdFile(f);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details).toHaveLength(MAX_REPORTED_PROBLEMS);
    expect((error as ValidationError).message).toContain('500 problems');
  });
});

describe('readHouseholdFile: currencies and exchange rates', () => {
  const rate = (base: string, quote: string, date: string, value: unknown, source?: string) => ({
    base,
    quote,
    date,
    rate: value,
    ...(source === undefined ? {} : { source }),
  });

  it('reads a file of before currencies as a dollar household: stocks in USD, no rates', () => {
    const contents = readHouseholdFile(file());
    expect(contents.baseCurrency).toBe('USD');
    expect(contents.stocks.map((s) => s.currency)).toEqual(['USD', 'USD']);
    expect(contents.fxRates).toEqual([]);
  });

  it("reads the base currency, each stock's own currency, and gives a stock without one the base", () => {
    const contents = readHouseholdFile(
      file((f) => {
        f.household.base_currency = 'gbp';
        f.stocks[0].currency = 'GBX';
        f.stocks.push({ id: 's3', symbol: 'SAP', currency: 'eur' }, { id: 's4', symbol: 'HSBA.L', currency: 'GBp' });
      }),
    );
    expect(contents.baseCurrency).toBe('GBP');
    expect(contents.stocks.map((s) => [s.symbol, s.currency])).toEqual([
      ['AAPL', 'GBp'],
      ['MSFT', 'GBP'],
      ['SAP', 'EUR'],
      ['HSBA.L', 'GBp'],
    ]);
  });

  it('reads rates exactly, in major currencies, with their source (manual when absent)', () => {
    const contents = readHouseholdFile(
      file((f) => {
        f.fx_rates = [
          rate('eur', 'USD', '2024-01-02', '1.10', 'manual'),
          rate('USD', 'EUR', '2024-01-02', 0.9, 'provider'),
          rate('GBP', 'USD', ' 2024-01-03 ', '1.270000000001'),
        ];
      }),
    );
    expect(contents.fxRates).toEqual([
      { base: 'EUR', quote: 'USD', date: '2024-01-02', rate: '1.1', source: 'manual' },
      { base: 'USD', quote: 'EUR', date: '2024-01-02', rate: '0.9', source: 'provider' },
      { base: 'GBP', quote: 'USD', date: '2024-01-03', rate: '1.270000000001', source: 'manual' },
    ]);
    let n = 0;
    expect(withNewIds(contents, () => `new-${++n}`)).toMatchObject({
      baseCurrency: 'USD',
      fxRates: contents.fxRates,
    });
  });

  it('names every bad currency, rate and duplicate day by its path', () => {
    const f = file((f) => {
      f.household.base_currency = 'GBp';
      f.stocks[0].currency = 'XYZ';
      f.stocks[1].currency = null;
      f.fx_rates = [
        rate('GBp', 'dollar', '2024-01-02', '1'),
        rate('EUR', 'eur', '2024-01-02', '1'),
        rate('EUR', 'USD', '2024-02-30', '1'),
        rate('EUR', 'USD', '2024-01-02', '0'),
        rate('EUR', 'USD', '2024-01-03', '-1.5'),
        rate('EUR', 'USD', '2024-01-04', 'one'),
        rate('EUR', 'USD', '2024-01-05', '1', 'guess'),
        rate('EUR', 'USD', '2024-01-06', '1.1'),
        rate('EUR', 'USD', '2024-01-06', '1.2', 'provider'),
        { ...rate('EUR', 'USD', '2024-01-07', '1'), colour: 'blue' },
        'not a rate',
        rate('USD', 'gbx', '2024-01-08', '1'),
        { base: 'USD', date: 20240109, rate: '1' },
      ];
    });
    // The messages are the API's own (POST /fx-rates, PATCH /household, POST /stocks); the paths are the file's.
    const message = (pattern: RegExp) => expect.stringMatching(pattern);
    expect(problems(f)).toEqual([
      { field: 'household.base_currency', message: message(/^Base currency GBp is pence.*major currency/) },
      { field: 'stocks[0].currency', message: message(/^Currency must be an ISO 4217 currency code/) },
      { field: 'stocks[1].currency', message: message(/^Currency must be an ISO 4217 currency code/) },
      { field: 'fx_rates[0].base', message: message(/^GBp is pence.*major currencies/) },
      { field: 'fx_rates[0].quote', message: message(/ISO 4217/) },
      { field: 'fx_rates[1].quote', message: message(/differ from the base currency EUR/) },
      { field: 'fx_rates[2].date', message: 'must be a date YYYY-MM-DD' },
      { field: 'fx_rates[3].rate', message: message(/greater than 0/) },
      { field: 'fx_rates[4].rate', message: message(/greater than 0/) },
      { field: 'fx_rates[5].rate', message: message(/decimal number/) },
      { field: 'fx_rates[6].source', message: 'must be one of manual, provider' },
      { field: 'fx_rates[8].date', message: 'EUR/USD on 2024-01-06 is also at fx_rates[7].date' },
      { field: 'fx_rates[9].colour', message: 'Unknown field' },
      { field: 'fx_rates[10]', message: 'must be an object' },
      { field: 'fx_rates[11].quote', message: message(/^GBp is pence/) },
      { field: 'fx_rates[12].quote', message: 'is required' },
      { field: 'fx_rates[12].date', message: 'must be text' },
    ]);
    expect(problems(file((f) => Object.assign(f, { fx_rates: {} })))).toEqual([
      { field: 'fx_rates', message: 'must be an array' },
    ]);
    expect(problems(file((f) => Object.assign(f.household, { currency: 'EUR' })))).toEqual([
      { field: 'household.currency', message: 'Unknown field' },
    ]);
  });
});

describe('withNewIds', () => {
  it('gives every object a new id and every reference follows it', () => {
    let n = 0;
    const renamed = withNewIds(readHouseholdFile(file()), () => `new-${++n}`);
    const ids = [
      ...renamed.stocks.map((s) => s.id),
      ...renamed.portfolios.flatMap((p) => [p.id, ...p.trades.map((t) => t.id), ...p.balances.map((b) => b.id)]),
      ...renamed.targets.map((t) => t.id),
      ...renamed.journal.map((e) => e.id),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id.startsWith('new-'))).toBe(true);
    const [aapl, msft] = renamed.stocks;
    const [main, other] = renamed.portfolios;
    expect(renamed.prices[0]?.stockId).toBe(aapl?.id);
    expect(main?.trades.map((t) => t.stockId)).toEqual([aapl?.id, aapl?.id, aapl?.id]);
    expect(other?.trades[0]?.stockId).toBe(msft?.id);
    expect(renamed.targets[0]).toMatchObject({ portfolioId: main?.id, stockId: aapl?.id });
    expect(renamed.journal[0]).toMatchObject({
      portfolioId: main?.id,
      stockId: null,
      transactionId: main?.trades[0]?.id,
    });
  });
});
