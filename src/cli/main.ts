#!/usr/bin/env node
// Each command loads only what it needs: the container health check runs every few seconds and must not
// pay for loading the whole service.
import type { AppContext } from '../application/context.js';
import { ConfigError, loadConfig } from '../infrastructure/config.js';
import { healthcheck } from './healthcheck.js';

const USAGE = `usage: stockbook [command]
  serve         wait for the database, migrate (unless MIGRATE_ON_START=false) and serve (default)
  migrate       wait for the database and apply pending migrations, then exit
  healthcheck   exit 0 when this instance's /health answers 2xx (container health check)
  rebuild-positions
                recompute every portfolio's positions from its trades (after importing trades by SQL)
  export --household <name|id> [--output FILE]
                write the household's file (all its data, as GET /api/v1/export) to FILE or standard output
  import --household <name|id> FILE
                load a household file into that household while it has no stocks and no portfolios
  backup [--output FILE]
                write a consistent backup of the whole instance (every household, users included) to FILE
                (gzip-compressed when it ends in .gz) or standard output
  restore FILE  migrate an empty database and load a backup into it (refused when a household exists)
  help          this text`;

function fail(message: string): never {
  process.stderr.write(`stockbook: ${message}\n`);
  process.exit(1);
}

async function main(command: string): Promise<void> {
  if (command === 'help' || command === '--help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (command === 'healthcheck') {
    const port = Number(process.env.PORT ?? 8000);
    process.exit(await healthcheck(Number.isInteger(port) ? port : 8000));
  }
  const config = loadConfig();
  // The household file commands write data to standard output: their logs go to standard error.
  const logTo = ['export', 'import', 'backup', 'restore'].includes(command) ? process.stderr : undefined;
  const logger = (await import('../infrastructure/logger.js')).createLogger(config.logLevel, logTo);
  const { buildService, connectDatabase, createCache } = await import('./composition-root.js');
  /** Runs `work` with the service's use cases on the configured database, then closes it. */
  const withContext = async (work: (ctx: AppContext) => Promise<void>) => {
    const database = await connectDatabase(config, logger, { migrate: config.migrateOnStart });
    const cache = await createCache(config, logger);
    try {
      await work((await buildService(config, logger, database, cache)).ctx);
    } finally {
      await Promise.allSettled([database.close(), cache.close()]);
    }
  };
  switch (command) {
    case 'serve':
      await (await import('./serve.js')).serve(config, logger);
      return;
    case 'migrate': {
      const database = await connectDatabase(config, logger, { migrate: true });
      await database.close();
      return;
    }
    case 'rebuild-positions':
      await withContext(async (ctx) => {
        const count = await (await import('../application/positions.js')).rebuildAllPositions(ctx);
        process.stdout.write(`rebuilt the positions of ${count} portfolios\n`);
      });
      return;
    case 'export':
    case 'import':
      await withContext(async (ctx) =>
        (await import('./household-file.js')).householdFileCommand(ctx, command, process.argv.slice(3)),
      );
      return;
    case 'backup':
    case 'restore': {
      // A backup reads the schema as it is; a restore migrates the empty database first.
      const database = await connectDatabase(config, logger, { migrate: command === 'restore' });
      try {
        const { backupCommand, restoreCommand } = await import('./backup-file.js');
        await (command === 'backup' ? backupCommand : restoreCommand)(database, process.argv.slice(3));
      } finally {
        await database.close();
      }
      return;
    }
    default:
      fail(`unknown command '${command}'\n${USAGE}`);
  }
}

main(process.argv[2] ?? 'serve').catch((error: unknown) => {
  if (error instanceof ConfigError) fail(error.message);
  fail((error as Error).message);
});
