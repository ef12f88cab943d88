import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { AppContext } from '../application/context.js';
import { noMetrics } from '../application/metrics.js';
import type { Cache, DatabaseProbe } from '../application/ports.js';
import { viewCache } from '../application/view-cache.js';
import { memoryCache } from '../infrastructure/cache/memory.js';
import type { Config } from '../infrastructure/config.js';
import { type DatabaseHandle, openDatabase } from '../infrastructure/database/connection.js';
import { migrateToLatest } from '../infrastructure/database/migrator.js';
import { describeDatabase, waitForDatabase } from '../infrastructure/database/wait.js';
import { marketDataProvider } from '../infrastructure/market-data/providers.js';
import { nextRunOf } from '../infrastructure/market-data/schedule.js';
import { createMetrics } from '../infrastructure/metrics.js';
import { repositories, unitOfWork } from '../infrastructure/repositories/index.js';
import { argon2Hasher } from '../infrastructure/security/passwords.js';
import { sessionTokens } from '../infrastructure/security/tokens.js';
import { valuationPool } from '../infrastructure/valuation-pool.js';
import { packageInfo } from '../infrastructure/version.js';

export const SESSION_TTL_SECONDS = 24 * 60 * 60;

/** Opens the database named by the config, waiting for PostgreSQL and migrating when asked to. */
export async function connectDatabase(
  config: Config,
  logger: Logger,
  options: { migrate: boolean },
): Promise<DatabaseHandle> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onPoolError: (error) => logger.warn({ err: error }, 'database connection lost'),
  });
  try {
    if (config.databaseUrl !== null) {
      const target = describeDatabase(config.databaseUrl);
      try {
        await waitForDatabase(
          () => sql`SELECT 1`.execute(database.db),
          config.dbWaitTimeoutSeconds,
          (attempt, error) => logger.info({ attempt, reason: error.message }, `waiting for the database at ${target}`),
        );
      } catch (error) {
        throw new Error(
          `database at ${target} not reachable after ${config.dbWaitTimeoutSeconds}s (DB_WAIT_TIMEOUT): ${(error as Error).message}`,
        );
      }
    }
    if (options.migrate) {
      const { applied } = await migrateToLatest(database.db);
      logger.info({ applied }, applied.length > 0 ? 'migrations applied' : 'schema up to date');
    }
    return database;
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}

export async function createCache(config: Config, logger: Logger): Promise<Cache> {
  if (config.redisUrl === null) return memoryCache();
  // ioredis is loaded only when Redis is configured.
  const { redisCache } = await import('../infrastructure/cache/redis.js');
  return redisCache({
    url: config.redisUrl,
    keyPrefix: config.redisKeyPrefix,
    onError: (error) => logger.warn({ err: error }, 'redis unavailable'),
  });
}

/** The one place where StockBook is assembled: every dependency is built here and passed down. */
export async function buildService(config: Config, logger: Logger, database: DatabaseHandle, cache: Cache) {
  // Built only when enabled: off, nothing is measured and no hook runs per request.
  const metrics = config.metrics.enabled ? createMetrics({ poolStats: () => database.poolStats?.() ?? null }) : null;
  const valuations = valuationPool();
  const ctx: AppContext = {
    repos: repositories(database.db),
    unitOfWork: unitOfWork(database.db),
    cache,
    views: viewCache(cache, metrics ?? noMetrics),
    valuations,
    passwords: argon2Hasher(),
    tokens: sessionTokens(config.secretKey),
    marketData: {
      provider: marketDataProvider(config.marketData),
      schedule: config.marketData.schedule,
      nextRunAt: config.marketData.provider === 'none' ? () => null : nextRunOf(config.marketData.schedule),
    },
    metrics: metrics ?? noMetrics,
    settings: { allowSignup: config.allowSignup, sessionTtlSeconds: SESSION_TTL_SECONDS },
    newId: randomUUID,
    now: () => new Date(),
  };
  const probe: DatabaseProbe = {
    async ping() {
      const start = performance.now();
      await sql`SELECT 1`.execute(database.db);
      return performance.now() - start;
    },
  };
  // Loaded here, not at the top: `serve` starts loading it while the database opens (see serve.ts).
  const { buildHttpApp } = await import('../http/app.js');
  const app = await buildHttpApp({
    ctx,
    database: probe,
    cache,
    logger,
    settings: config,
    metrics: metrics === null ? null : { metrics, token: config.metrics.token },
    service: { name: 'StockBook', version: packageInfo.version },
  });
  app.addHook('onClose', () => valuations.close());
  return { app, ctx };
}
