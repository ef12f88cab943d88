import type { Kysely } from 'kysely';
import type { SessionRepository } from '../../application/ports.js';
import type { Database } from '../database/schema.js';

export function sessionRepository(db: Kysely<Database>): SessionRepository {
  return {
    async create(session) {
      await db
        .insertInto('sessions')
        .values({ token_hash: session.tokenHash, user_id: session.userId, expires_at: session.expiresAt })
        .execute();
    },
    async getByTokenHash(tokenHash) {
      const row = await db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return row ? { tokenHash: row.token_hash, userId: row.user_id, expiresAt: row.expires_at } : null;
    },
    async deleteByTokenHash(tokenHash) {
      await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    },
    async deleteByUser(userId) {
      const rows = await db.deleteFrom('sessions').where('user_id', '=', userId).returning('token_hash').execute();
      return rows.map((r) => r.token_hash);
    },
    async getTokenHashesByUser(userId) {
      const rows = await db.selectFrom('sessions').select('token_hash').where('user_id', '=', userId).execute();
      return rows.map((r) => r.token_hash);
    },
    async deleteExpired(now) {
      const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
