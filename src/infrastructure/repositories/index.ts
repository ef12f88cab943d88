import type { Kysely } from 'kysely';
import type { Repositories, UnitOfWork } from '../../application/ports.js';
import type { Database } from '../database/schema.js';
import { balanceRepository } from './balances.js';
import { fxRateRepository } from './fx-rates.js';
import { householdRepository } from './households.js';
import { idempotencyRepository } from './idempotency.js';
import { journalRepository } from './journal.js';
import { marketDataRepository } from './market-data.js';
import { portfolioRepository } from './portfolios.js';
import { positionRepository } from './positions.js';
import { priceRepository } from './prices.js';
import { sessionRepository } from './sessions.js';
import { stockRepository } from './stocks.js';
import { targetRepository } from './targets.js';
import { tradeRepository } from './trades.js';
import { userRepository } from './users.js';

export function repositories(db: Kysely<Database>): Repositories {
  return {
    households: householdRepository(db),
    users: userRepository(db),
    sessions: sessionRepository(db),
    stocks: stockRepository(db),
    portfolios: portfolioRepository(db),
    trades: tradeRepository(db),
    positions: positionRepository(db),
    idempotency: idempotencyRepository(db),
    prices: priceRepository(db),
    balances: balanceRepository(db),
    targets: targetRepository(db),
    journal: journalRepository(db),
    marketData: marketDataRepository(db),
    fxRates: fxRateRepository(db),
  };
}

export function unitOfWork(db: Kysely<Database>): UnitOfWork {
  return (work, options) => {
    const transaction = db.transaction();
    return (options?.snapshot ? transaction.setIsolationLevel('repeatable read') : transaction).execute((trx) =>
      work(repositories(trx)),
    );
  };
}
