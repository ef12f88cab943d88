import type { Logger } from 'pino';
import { runScheduledBackup } from '../application/backup.js';
import { runScheduledRefresh } from '../application/market-data/refresh.js';
import type { Config } from '../infrastructure/config.js';
import { startSchedule } from '../infrastructure/market-data/schedule.js';
import { backupDirectory, backupStore } from '../infrastructure/repositories/backup.js';
import { buildService, connectDatabase, createCache } from './composition-root.js';

const SHUTDOWN_GRACE_MS = 9000;
const SWEEP_MS = 60 * 60 * 1000;
const IDEMPOTENCY_KEEP_MS = 48 * 60 * 60 * 1000;

/** Serves until SIGTERM or SIGINT, then drains in-flight requests and closes the pools. */
export async function serve(config: Config, logger: Logger): Promise<void> {
  // The HTTP stack loads while the database opens: both take a good part of a second at start.
  const http = import('../http/app.js');
  const database = await connectDatabase(config, logger, { migrate: config.migrateOnStart });
  await http;
  const cache = await createCache(config, logger);
  const { app, ctx } = await buildService(config, logger, database, cache);

  // Expired sessions and idempotency keys older than their 24-hour promise (kept 48 h) are swept hourly.
  const sweeper = setInterval(() => {
    const now = Date.now();
    Promise.all([
      ctx.repos.sessions.deleteExpired(new Date(now)),
      ctx.repos.idempotency.deleteOlderThan(new Date(now - IDEMPOTENCY_KEEP_MS)),
    ]).catch((error) => logger.warn({ err: error }, 'sweep failed'));
  }, SWEEP_MS);
  sweeper.unref();

  // Every replica keeps the schedule; only the one that claims a slot runs it (see runScheduledRefresh).
  const prices =
    ctx.marketData.provider === null
      ? null
      : startSchedule(config.marketData.schedule, async (slot) => {
          try {
            const summary = await runScheduledRefresh(ctx, slot);
            if (summary !== null) logger.info({ market_data_run: summary }, 'scheduled market-data refresh finished');
          } catch (error) {
            logger.error({ err: error }, 'scheduled market-data refresh failed');
          }
        });

  // The same once-per-slot mechanism as the prices: every replica fires, the one that claims the slot writes.
  const backupConfig = config.backup;
  const backups =
    backupConfig.schedule === null
      ? null
      : startSchedule(backupConfig.schedule, async (slot) => {
          const started = performance.now();
          try {
            const run = await runScheduledBackup(
              {
                store: backupStore(database.db),
                directory: backupDirectory(backupConfig.dir),
                keep: backupConfig.keep,
                now: ctx.now,
              },
              slot,
            );
            if (run !== null) {
              ctx.metrics.backupRun('success', (performance.now() - started) / 1000);
              logger.info({ backup: run }, 'scheduled backup written');
            }
          } catch (error) {
            ctx.metrics.backupRun('failure', (performance.now() - started) / 1000);
            logger.error({ err: error }, 'scheduled backup failed');
          }
        });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining in-flight requests');
    const force = setTimeout(() => {
      logger.error('shutdown grace period over; exiting with requests still open');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    clearInterval(sweeper);
    prices?.stop();
    backups?.stop();
    await app.close();
    await Promise.allSettled([database.close(), cache.close()]);
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  logger.info(
    { database: database.kind, cache: cache.kind, port: config.port },
    `StockBook listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`,
  );
}
