import { type Kysely, sql } from 'kysely';
import type { IdempotencyRepository } from '../../application/ports.js';
import type { Database } from '../database/schema.js';

export function idempotencyRepository(db: Kysely<Database>): IdempotencyRepository {
  return {
    async lock(householdId, key) {
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`${householdId}:${key}`}, 0))`.execute(db);
    },
    async get(householdId, key) {
      const row = await db
        .selectFrom('idempotency_keys')
        .select(['request_hash', 'status_code', 'response'])
        .where('household_id', '=', householdId)
        .where('key', '=', key)
        .executeTakeFirst();
      return row ? { requestHash: row.request_hash, statusCode: row.status_code, body: row.response } : null;
    },
    async save(householdId, key, response) {
      await db
        .insertInto('idempotency_keys')
        .values({
          household_id: householdId,
          key,
          request_hash: response.requestHash,
          status_code: response.statusCode,
          response: JSON.stringify(response.body),
        })
        .execute();
    },
    async deleteOlderThan(cutoff) {
      const result = await db.deleteFrom('idempotency_keys').where('created_at', '<', cutoff).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
