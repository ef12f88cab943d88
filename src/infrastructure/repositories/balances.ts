import type { Kysely, Selectable } from 'kysely';
import type { Balance, BalanceRepository } from '../../application/ports.js';
import type { BalancesTable, Database } from '../database/schema.js';

export function toBalance(row: Selectable<BalancesTable>): Balance {
  return {
    id: row.id,
    householdId: row.household_id,
    portfolioId: row.portfolio_id,
    date: row.date,
    finalBalance: row.final_balance,
    deposits: row.deposits,
    withdrawals: row.withdrawals,
    indexChange: row.index_change,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function balanceRepository(db: Kysely<Database>): BalanceRepository {
  return {
    async getHistory(portfolioIds) {
      if (portfolioIds.length === 0) return [];
      const rows = await db
        .selectFrom('balances')
        .selectAll()
        .where('portfolio_id', 'in', portfolioIds)
        .orderBy('date')
        .execute();
      return rows.map(toBalance);
    },
  };
}
