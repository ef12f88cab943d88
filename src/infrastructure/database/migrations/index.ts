import type { Migration } from 'kysely';
import * as foundation from './0001_foundation.js';
import * as trading from './0002_trading.js';
import * as positions from './0003_positions.js';
import * as priceSources from './0004_price_sources.js';
import * as marketData from './0005_market_data.js';
import * as currencies from './0006_currencies.js';
import * as marketDataRates from './0007_market_data_rates.js';
import * as backupRuns from './0008_backup_runs.js';
import * as priceVersion from './0009_price_version.js';

/** Every migration in order; the same files run on PostgreSQL and on PGlite. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': foundation,
  '0002_trading': trading,
  '0003_positions': positions,
  '0004_price_sources': priceSources,
  '0005_market_data': marketData,
  '0006_currencies': currencies,
  '0007_market_data_rates': marketDataRates,
  '0008_backup_runs': backupRuns,
  '0009_price_version': priceVersion,
};
