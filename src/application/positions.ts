import { BusinessRuleError, InvariantError } from '../domain/errors.js';
import { replay, sellRefusal } from '../domain/portfolio/holdings.js';
import { type TradeRecord, toTradeRecord } from '../domain/portfolio/trades.js';
import type { AppContext } from './context.js';
import type { Portfolio, Repositories, Stock } from './ports.js';

/**
 * Positions are the holdings each portfolio's trades leave, stored per stock and kept current by every
 * trade write. Holdings of different stocks never interact, so a write replays only its stock's history.
 */

/**
 * Applies `edit` to one stock's history in the portfolio, refuses (422) a history in which the holding goes
 * below zero at any date, naming the stock by its symbol, and stores the stock's new position. Call with the
 * portfolio locked.
 */
export async function settleStock(
  repos: Repositories,
  portfolio: Portfolio,
  stock: Pick<Stock, 'id' | 'symbol'>,
  edit: (history: TradeRecord[]) => TradeRecord[],
): Promise<void> {
  const history = edit((await repos.trades.getStockHistory(portfolio.id, stock.id)).map(toTradeRecord));
  const result = replay(history, portfolio.costBasisMethod, { lots: portfolio.costBasisMethod === 'fifo' });
  if (!result.ok) {
    const message = sellRefusal(result.violation, stock.symbol);
    throw new BusinessRuleError(message, [{ field: 'quantity', message }]);
  }
  await repos.positions.replace(portfolio.id, [stock.id], result.holdings);
}

/** Recomputes every position of a portfolio from its trades (after a change of cost-basis method). */
export async function rebuildPositions(repos: Repositories, portfolio: Portfolio): Promise<void> {
  const history = (await repos.trades.getHistory([portfolio.id])).map(toTradeRecord);
  const result = replay(history, portfolio.costBasisMethod, { lots: portfolio.costBasisMethod === 'fifo' });
  if (!result.ok) throw new InvariantError(`stored history of portfolio ${portfolio.id} is invalid`);
  await repos.positions.replace(portfolio.id, null, result.holdings);
}

/** `stockbook rebuild-positions`: every portfolio, each in its own transaction with its row locked. */
export async function rebuildAllPositions(ctx: AppContext): Promise<number> {
  const portfolios = await ctx.repos.portfolios.getAll();
  for (const p of portfolios) {
    await ctx.unitOfWork(async (repos) => {
      const locked = await repos.portfolios.lockById(p.householdId, p.id);
      if (locked !== null) {
        await rebuildPositions(repos, locked);
        await repos.households.bumpDataVersion(p.householdId);
      }
    });
  }
  return portfolios.length;
}
