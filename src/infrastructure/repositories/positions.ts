import type { Kysely, Selectable } from 'kysely';
import type { PositionRepository, StoredHolding } from '../../application/ports.js';
import type { Holding } from '../../domain/portfolio/holdings.js';
import type { Database, LotRow, PositionsTable } from '../database/schema.js';

// Decimals are stored as exact text (NUMERIC and JSON strings), so a position reads back exactly as replayed.
function toRow(portfolioId: string, h: Holding) {
  const lots: LotRow[] | null =
    h.lots?.map((lot) => ({
      trade_id: lot.tradeId,
      trade_date: lot.tradeDate,
      quantity: lot.quantity.toFixed(),
      cost_basis: lot.costBasis.toFixed(),
      unit_cost: lot.unitCost.toFixed(),
    })) ?? null;
  return {
    portfolio_id: portfolioId,
    stock_id: h.stockId,
    quantity: h.quantity.toFixed(),
    average_cost: h.averageCost.toFixed(),
    cost_basis: h.costBasis.toFixed(),
    realized_pnl: h.realizedPnl.toFixed(),
    dividends: h.dividends.toFixed(),
    lots: lots === null ? null : JSON.stringify(lots),
  };
}

function toStoredHolding(row: Selectable<PositionsTable>): StoredHolding {
  return {
    stockId: row.stock_id,
    quantity: row.quantity,
    averageCost: row.average_cost,
    costBasis: row.cost_basis,
    realizedPnl: row.realized_pnl,
    dividends: row.dividends,
    lots:
      row.lots?.map((lot) => ({
        tradeId: lot.trade_id,
        tradeDate: lot.trade_date,
        quantity: lot.quantity,
        costBasis: lot.cost_basis,
        unitCost: lot.unit_cost,
      })) ?? null,
  };
}

export function positionRepository(db: Kysely<Database>): PositionRepository {
  return {
    async replace(portfolioId, stockIds, holdings) {
      let stale = db.deleteFrom('positions').where('portfolio_id', '=', portfolioId);
      if (stockIds !== null) {
        if (stockIds.length === 0) return;
        stale = stale.where('stock_id', 'in', stockIds);
      }
      await stale.execute();
      if (holdings.length > 0)
        await db
          .insertInto('positions')
          .values(holdings.map((h) => toRow(portfolioId, h)))
          .execute();
    },
    async getByPortfolios(portfolioIds) {
      if (portfolioIds.length === 0) return [];
      const rows = await db
        .selectFrom('positions')
        .selectAll()
        .where('portfolio_id', 'in', portfolioIds)
        .orderBy('portfolio_id')
        .orderBy('stock_id')
        .execute();
      return rows.map((row) => ({ portfolioId: row.portfolio_id, holding: toStoredHolding(row) }));
    },
  };
}
