import { type Kysely, type Selectable, type SelectQueryBuilder, sql } from 'kysely';
import type { PricedStock, Stock, StockFilter, StockRepository } from '../../application/ports.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import { duplicateSymbol } from '../../domain/stock.js';
import type { Database, StocksTable } from '../database/schema.js';
import { inBatches } from './batches.js';
import { fetchDecoratedPage, sorted } from './paging.js';
import { isForeignKeyViolation, isUniqueViolation, isUuid } from './sql-errors.js';

type StockRow = Selectable<StocksTable>;

function toStock(row: StockRow): Stock {
  return {
    id: row.id,
    householdId: row.household_id,
    symbol: row.symbol,
    companyName: row.company_name,
    sector: row.sector,
    industryGroup: row.industry_group,
    grade: row.grade,
    notes: row.notes,
    providerSymbol: row.provider_symbol,
    currency: row.currency,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function rowOf(stock: Omit<Stock, 'createdAt' | 'updatedAt'>) {
  return {
    id: stock.id,
    household_id: stock.householdId,
    symbol: stock.symbol,
    company_name: stock.companyName,
    sector: stock.sector,
    industry_group: stock.industryGroup,
    grade: stock.grade,
    notes: stock.notes,
    provider_symbol: stock.providerSymbol,
    currency: stock.currency,
  };
}

type PricedStockRow = StockRow & { current_price: string | null; price_date: string | null };

function toPricedStock(row: PricedStockRow): PricedStock {
  return { ...toStock(row), currentPrice: row.current_price, priceDate: row.price_date };
}

/**
 * The stocks that `stocks` selects (all their columns, perhaps more), each with its latest close: a LEFT JOIN
 * LATERAL that probes the prices primary key (stock_id, date) backwards once per stock. Applied to a page
 * that is already cut, so it costs one probe per row shown.
 */
function withLatestPrice<O extends StockRow>(db: Kysely<Database>, stocks: SelectQueryBuilder<Database, 'stocks', O>) {
  return db
    .selectFrom(stocks.as('s'))
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('prices')
          .select(['prices.close as current_price', 'prices.date as price_date'])
          .whereRef('prices.stock_id', '=', 's.id')
          .orderBy('prices.date', 'desc')
          .limit(1)
          .as('latest'),
      (join) => join.onTrue(),
    )
    .selectAll('s')
    .select(['latest.current_price', 'latest.price_date']);
}

/** `%`, `_` and `\` in a search are literal characters, not patterns. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function stockRepository(db: Kysely<Database>): StockRepository {
  const filtered = (householdId: string, filter: StockFilter) => {
    let query = db.selectFrom('stocks').where('household_id', '=', householdId);
    if (filter.search !== undefined) {
      const pattern = likePattern(filter.search);
      query = query.where((eb) => eb.or([eb('symbol', 'ilike', pattern), eb('company_name', 'ilike', pattern)]));
    }
    if (filter.sector !== undefined) query = query.where('sector', '=', filter.sector);
    if (filter.grade !== undefined) query = query.where('grade', '=', filter.grade);
    return query;
  };

  return {
    async create(stock) {
      try {
        const row = await db.insertInto('stocks').values(rowOf(stock)).returningAll().executeTakeFirstOrThrow();
        return toStock(row);
      } catch (error) {
        if (isUniqueViolation(error, 'stocks_household_symbol_key')) throw duplicateSymbol(stock.symbol);
        throw error;
      }
    },
    async getById(householdId, id) {
      if (!isUuid(id)) return null;
      const row = await db
        .selectFrom('stocks')
        .selectAll()
        .where('household_id', '=', householdId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toStock(row) : null;
    },
    async getPricedById(householdId, id) {
      if (!isUuid(id)) return null;
      const stock = db.selectFrom('stocks').selectAll().where('household_id', '=', householdId).where('id', '=', id);
      const row = await withLatestPrice(db, stock).executeTakeFirst();
      return row ? toPricedStock(row) : null;
    },
    async getByIds(householdId, ids) {
      const valid = ids.filter(isUuid);
      if (valid.length === 0) return [];
      const rows = await db
        .selectFrom('stocks')
        .selectAll()
        .where('household_id', '=', householdId)
        .where('id', 'in', valid)
        .execute();
      return rows.map(toStock);
    },
    async getPageByHousehold(householdId, filter, request) {
      const rows = sorted(filtered(householdId, filter).selectAll(), request).orderBy('id');
      return fetchDecoratedPage(
        rows,
        (page) => sorted(withLatestPrice(db, page), request).orderBy('s.id'),
        filtered(householdId, filter),
        request,
        toPricedStock,
      );
    },
    async update(householdId, id, fields) {
      try {
        const row = await db
          .updateTable('stocks')
          .set({
            symbol: fields.symbol,
            company_name: fields.companyName,
            sector: fields.sector,
            industry_group: fields.industryGroup,
            grade: fields.grade,
            notes: fields.notes,
            provider_symbol: fields.providerSymbol,
            currency: fields.currency,
            updated_at: sql`now()`,
          })
          .where('household_id', '=', householdId)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        if (row === undefined) throw new NotFoundError('Stock');
        return toStock(row);
      } catch (error) {
        if (isUniqueViolation(error, 'stocks_household_symbol_key')) throw duplicateSymbol(fields.symbol);
        throw error;
      }
    },
    async getAllByHousehold(householdId) {
      const rows = await db
        .selectFrom('stocks')
        .selectAll()
        .where('household_id', '=', householdId)
        .orderBy('symbol')
        .execute();
      return rows.map(toStock);
    },
    async insertMany(stocks) {
      try {
        await inBatches(stocks, 11, (batch) =>
          db
            .insertInto('stocks')
            .values(
              batch.map((stock) => ({ ...rowOf(stock), created_at: stock.createdAt, updated_at: stock.updatedAt })),
            )
            .execute(),
        );
      } catch (error) {
        // A trade import creating a stock that someone else added a moment before: a conflict, not a fault.
        if (isUniqueViolation(error, 'stocks_household_symbol_key'))
          throw new ConflictError('A stock with one of these symbols was just added to the household: try again');
        throw error;
      }
    },
    async delete(householdId, id) {
      if (!isUuid(id)) throw new NotFoundError('Stock');
      try {
        const result = await db
          .deleteFrom('stocks')
          .where('household_id', '=', householdId)
          .where('id', '=', id)
          .executeTakeFirst();
        if (result.numDeletedRows === 0n) throw new NotFoundError('Stock');
      } catch (error) {
        if (isForeignKeyViolation(error)) throw new ConflictError('The stock has trades; delete them first');
        throw error;
      }
    },
  };
}
