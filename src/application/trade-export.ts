import type { Readable } from 'node:stream';
import { NotFoundError } from '../domain/errors.js';
import { EXPORT_COLUMNS, exportRow } from '../domain/import/export.js';
import type { AppContext } from './context.js';
import { writeCsv } from './import/csv-writer.js';
import type { Stock } from './ports.js';
import type { Principal } from './principal.js';

/** Stocks read per query (each id a bind parameter). */
const STOCK_BATCH = 1000;

export interface TradeExport {
  portfolioName: string;
  csv: Readable;
}

/**
 * Every trade of a portfolio, in the order history applies them, as CSV in the columns of product.md §12
 * (which the import reads back), each in its stock's currency. Any role of the household may export.
 */
export async function exportTrades(ctx: AppContext, caller: Principal, portfolioId: string): Promise<TradeExport> {
  const portfolio = await ctx.repos.portfolios.getById(caller.householdId, portfolioId);
  if (portfolio === null) throw new NotFoundError('Portfolio');
  const trades = await ctx.repos.trades.getHistory([portfolio.id]);
  const ids = [...new Set(trades.map((t) => t.stockId))];
  const stocks: Stock[] = [];
  for (let from = 0; from < ids.length; from += STOCK_BATCH)
    stocks.push(...(await ctx.repos.stocks.getByIds(caller.householdId, ids.slice(from, from + STOCK_BATCH))));
  const byId = new Map(stocks.map((s) => [s.id, s]));
  function* rows(): Generator<string[]> {
    for (const t of trades) {
      const stock = byId.get(t.stockId);
      // A trade's price, fee and amount are in its stock's currency (product.md §14), not the portfolio's.
      yield exportRow(
        { ...t, tradeDate: t.tradeTime?.toISOString() ?? t.tradeDate, symbol: stock?.symbol ?? '' },
        stock?.currency ?? '',
      );
    }
  }
  return { portfolioName: portfolio.name, csv: writeCsv(EXPORT_COLUMNS, rows()) };
}
