import { type ExpressionBuilder, type Kysely, type Selectable, sql } from 'kysely';
import type { Trade, TradeFields, TradeRepository, TradeWithSymbol } from '../../application/ports.js';
import type { Database, TransactionsTable } from '../database/schema.js';
import { inBatches } from './batches.js';
import { fetchPage, sorted } from './paging.js';
import { isUuid } from './sql-errors.js';

function toTrade(row: Selectable<TransactionsTable>): Trade {
  return {
    id: row.id,
    householdId: row.household_id,
    portfolioId: row.portfolio_id,
    stockId: row.stock_id,
    seq: Number(row.seq),
    type: row.type,
    quantity: row.quantity,
    price: row.price,
    fee: row.fee,
    amount: row.amount,
    ratio: row.ratio,
    tradeDate: row.trade_date,
    tradeTime: row.trade_time,
    notes: row.notes,
    createdAt: row.created_at,
  };
}

function toTradeWithSymbol(row: Selectable<TransactionsTable> & { symbol: string }): TradeWithSymbol {
  return { ...toTrade(row), symbol: row.symbol };
}

/**
 * The trade's stock's symbol, as a column of the trade's own query (a primary-key probe of stocks). Never
 * null: a stock cannot be deleted while a trade references it (ON DELETE RESTRICT).
 */
const stockSymbol = (eb: ExpressionBuilder<Database, 'transactions'>) =>
  eb
    .selectFrom('stocks')
    .select('stocks.symbol')
    .whereRef('stocks.id', '=', 'transactions.stock_id')
    .$asScalar()
    .$notNull()
    .as('symbol');

const columns = (t: TradeFields) => ({
  stock_id: t.stockId,
  type: t.type,
  quantity: t.quantity,
  price: t.price,
  fee: t.fee,
  amount: t.amount,
  ratio: t.ratio,
  trade_date: t.tradeDate,
  trade_time: t.tradeTime,
  notes: t.notes,
});

export function tradeRepository(db: Kysely<Database>): TradeRepository {
  return {
    async create(trade) {
      const row = await db
        .insertInto('transactions')
        .values({ id: trade.id, household_id: trade.householdId, portfolio_id: trade.portfolioId, ...columns(trade) })
        .returningAll()
        .returning(stockSymbol)
        .executeTakeFirstOrThrow();
      return toTradeWithSymbol(row);
    },
    async getById(portfolioId, id) {
      if (!isUuid(id)) return null;
      const row = await db
        .selectFrom('transactions')
        .selectAll()
        .select(stockSymbol)
        .where('portfolio_id', '=', portfolioId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toTradeWithSymbol(row) : null;
    },
    async getPage(portfolioId, filter, request) {
      let base = db.selectFrom('transactions').where('portfolio_id', '=', portfolioId);
      if (filter.stockId !== undefined) base = base.where('stock_id', '=', filter.stockId);
      if (filter.type !== undefined) base = base.where('type', '=', filter.type);
      if (filter.from !== undefined) base = base.where('trade_date', '>=', filter.from);
      if (filter.to !== undefined) base = base.where('trade_date', '<=', filter.to);
      // Same-day trades keep the order they apply in (creation order), in the direction of the first sort.
      const rows = sorted(base.selectAll().select(stockSymbol), request).orderBy(
        'seq',
        request.sort[0]?.direction ?? 'asc',
      );
      return fetchPage(rows, base, request, toTradeWithSymbol);
    },
    async getStockHistory(portfolioId, stockId) {
      const rows = await db
        .selectFrom('transactions')
        .selectAll()
        .where('portfolio_id', '=', portfolioId)
        .where('stock_id', '=', stockId)
        .orderBy('trade_date')
        .orderBy('seq')
        .execute();
      return rows.map(toTrade);
    },
    async getDailyCashFlows(portfolioIds, excludeStockIds = []) {
      if (portfolioIds.length === 0) return [];
      let query = db
        .selectFrom('transactions')
        .select([
          'trade_date as date',
          sql<string>`sum(CASE type
            WHEN 'buy' THEN -(quantity * price + coalesce(fee, 0))
            WHEN 'sell' THEN quantity * price - coalesce(fee, 0)
            WHEN 'dividend' THEN amount
            ELSE 0 END)`.as('amount'),
        ])
        .where('portfolio_id', 'in', portfolioIds);
      if (excludeStockIds.length > 0) query = query.where('stock_id', 'not in', excludeStockIds);
      const rows = await query.groupBy('trade_date').orderBy('trade_date').execute();
      return rows.map((r) => ({ date: r.date, amount: r.amount }));
    },
    async getHistory(portfolioIds, stockIds) {
      if (portfolioIds.length === 0 || stockIds?.length === 0) return [];
      let query = db.selectFrom('transactions').selectAll().where('portfolio_id', 'in', portfolioIds);
      if (stockIds !== undefined) query = query.where('stock_id', 'in', stockIds);
      const rows = await query.orderBy('trade_date').orderBy('seq').execute();
      return rows.map(toTrade);
    },
    async update(id, fields) {
      const row = await db
        .updateTable('transactions')
        .set({ ...columns(fields), updated_at: sql`now()` })
        .where('id', '=', id)
        .returningAll()
        .returning(stockSymbol)
        .executeTakeFirstOrThrow();
      return toTradeWithSymbol(row);
    },
    async delete(id) {
      await db.deleteFrom('transactions').where('id', '=', id).execute();
    },
    async insertMany(trades) {
      // A multi-row VALUES list takes its seq defaults row by row, in the order given.
      await inBatches(trades, 14, (batch) =>
        db
          .insertInto('transactions')
          .values(
            batch.map((t) => ({
              id: t.id,
              household_id: t.householdId,
              portfolio_id: t.portfolioId,
              ...columns(t),
              created_at: t.createdAt,
            })),
          )
          .execute(),
      );
    },
  };
}
