import { describe, expect, it } from 'vitest';
import { type KnownStock, planImport } from '../../../src/domain/import/plan.js';
import { parseImportRow } from '../../../src/domain/import/rows.js';

/** Rows of `symbol,currency` buys, one a line from line 2, planned into an empty portfolio. */
function plan(lines: Array<[string, string]>, stocks: KnownStock[] = [], defaultCurrency = 'EUR') {
  let n = 0;
  return planImport({
    rows: lines.map(([symbol, currency], i) =>
      parseImportRow({ line: i + 2, date: '2024-01-02', symbol, type: 'buy', quantity: '1', price: '10', currency }),
    ),
    existing: [],
    stocks: new Map(stocks.map((s) => [s.symbol, s])),
    createStocks: true,
    defaultCurrency,
    costBasisMethod: 'average',
    newId: () => `id-${++n}`,
  });
}

const outcome = (planned: ReturnType<typeof plan>) => planned.rows.map((r) => [r.status, r.message]);

describe("an import's currencies", () => {
  const vod: KnownStock = { id: 'vod', symbol: 'VOD.L', currency: 'GBp' };
  const aapl: KnownStock = { id: 'aapl', symbol: 'AAPL', currency: 'USD' };

  it("takes a known stock's rows in its own currency, by canonical code, or naming none", () => {
    const planned = plan(
      [
        ['VOD.L', 'GBp'],
        ['VOD.L', 'GBX'],
        ['vod.l', 'gbx'],
        ['VOD.L', ''],
        ['AAPL', 'usd'],
      ],
      [vod, aapl],
    );
    expect(planned.refused).toBe(false);
    expect(planned.rows.map((r) => r.status)).toEqual(['create', 'create', 'create', 'create', 'create']);
    expect(planned.newStocks).toEqual([]);
  });

  it("refuses a known stock's row in another currency, naming both; pounds are not pence", () => {
    const planned = plan(
      [
        ['VOD.L', 'GBP'],
        ['AAPL', 'EUR'],
        ['AAPL', 'USD'],
      ],
      [vod, aapl],
    );
    expect(planned.refused).toBe(true);
    expect(outcome(planned)).toEqual([
      ['error', "Currency GBP is not VOD.L's currency GBp"],
      ['error', "Currency EUR is not AAPL's currency USD"],
      ['create', null],
    ]);
  });

  it('refuses a currency that is none', () => {
    expect(outcome(plan([['AAPL', 'XYZ']], [aapl]))).toEqual([
      [
        'error',
        "Currency 'XYZ' must be an ISO 4217 currency code such as USD or EUR, or a minor unit: GBp (pence), ZAc (cents) or ILA (agorot)",
      ],
    ]);
  });

  it('gives a new stock the currency of its first row that names one, else the portfolio currency', () => {
    const planned = plan([
      ['SAP', ''],
      ['SAP', 'eur'],
      ['SHEL.L', 'GBX'],
      ['SHEL.L', 'GBp'],
      ['NEW', ''],
      ['SAP', ''],
    ]);
    expect(planned.refused).toBe(false);
    expect(planned.newStocks.map((s) => [s.symbol, s.currency])).toEqual([
      ['SAP', 'EUR'],
      ['SHEL.L', 'GBp'],
      ['NEW', 'EUR'],
    ]);
    expect(plan([['NEW', '']], [], 'JPY').newStocks.map((s) => s.currency)).toEqual(['JPY']);
    expect(plan([['USONLY', 'USD']]).newStocks.map((s) => s.currency)).toEqual(['USD']);
  });

  it("refuses a new stock's later row in another currency, naming the row that decided it", () => {
    const planned = plan([
      ['SAP', ''],
      ['SAP', 'USD'],
      ['SAP', 'EUR'],
      ['SAP', 'usd'],
    ]);
    expect(planned.refused).toBe(true);
    expect(outcome(planned)).toEqual([
      ['create', null],
      ['create', null],
      ['error', "Currency EUR is not SAP's currency USD (named by line 3, which creates the stock)"],
      ['create', null],
    ]);
  });
});
