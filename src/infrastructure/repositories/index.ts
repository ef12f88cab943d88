import type { Kysely } from 'kysely';
import type { Repositories, UnitOfWork } from '../../application/ports.js';
import type { Database } from '../database/schema.js';
import { householdRepository } from './households.js';
import { sessionRepository } from './sessions.js';
import { stockRepository } from './stocks.js';
import { userRepository } from './users.js';

export function repositories(db: Kysely<Database>): Repositories {
  return {
    households: householdRepository(db),
    users: userRepository(db),
    sessions: sessionRepository(db),
    stocks: stockRepository(db),
  };
}

export function unitOfWork(db: Kysely<Database>): UnitOfWork {
  return (work) => db.transaction().execute((trx) => work(repositories(trx)));
}
