import { readFileSync } from 'node:fs';
import { Cron } from 'croner';

/** The whole configuration, read from the environment once at start (product.md section 7). */
export interface Config {
  port: number;
  host: string;
  nodeEnv: 'development' | 'production' | 'test';
  databaseUrl: string | null;
  dataDir: string;
  redisUrl: string | null;
  redisKeyPrefix: string;
  secretKey: string;
  logLevel: string;
  corsOrigins: string[];
  trustProxy: boolean | string | number;
  dbWaitTimeoutSeconds: number;
  migrateOnStart: boolean;
  allowSignup: boolean;
  rateLimitPerMinute: number;
  bodyLimitBytes: number;
  marketData: MarketDataConfig;
  backup: BackupConfig;
  metrics: MetricsConfig;
}

/** `/metrics` for Prometheus (README "Metrics"). */
export interface MetricsConfig {
  enabled: boolean;
  /** When set, `/metrics` answers only `Authorization: Bearer <token>`. Never logged. */
  token: string | null;
}

/** Scheduled backups of the whole instance (README "Backups"). */
export interface BackupConfig {
  /** Cron expression, in UTC; null: no scheduled backups. */
  schedule: string | null;
  dir: string;
  /** How many of the newest scheduled backup files are kept. */
  keep: number;
}

export const MARKET_DATA_PROVIDERS = ['none', 'yahoo', 'twelvedata', 'alphavantage'] as const;
export type MarketDataProviderName = (typeof MARKET_DATA_PROVIDERS)[number];

/** Where closing prices are fetched from (product.md section 13). */
export interface MarketDataConfig {
  provider: MarketDataProviderName;
  /** Never logged. */
  apiKey: string | null;
  /** Replaces the provider's scheme, host and port (a mirror or a test double); its paths are kept. */
  baseUrl: string | null;
  /** Cron expression, in UTC. */
  schedule: string;
  timeoutSeconds: number;
  /** Pacing of requests to the provider; null: the provider's free-tier default. */
  requestsPerMinute: number | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const WEAK_SECRETS = ['changeme', 'secret', 'password', 'development', 'stockbook'];
const DEV_SECRET = 'development-only-secret-not-for-production-use';

type Env = Record<string, string | undefined>;

/** `NAME` or the content of the file named by `NAME_FILE` (Docker secrets). */
function readVar(env: Env, name: string, problems: string[]): string | undefined {
  const file = env[`${name}_FILE`];
  if (file !== undefined && file !== '') {
    if (env[name] !== undefined && env[name] !== '')
      problems.push(`${name} and ${name}_FILE are both set; set only one`);
    try {
      return readFileSync(file, 'utf8').trim();
    } catch {
      problems.push(`${name}_FILE: cannot read ${file}`);
      return undefined;
    }
  }
  const value = env[name];
  return value === '' ? undefined : value;
}

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const get = (name: string) => readVar(env, name, problems);

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got '${raw}'`);
      return fallback;
    }
    return value;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = get(name)?.trim().toLowerCase();
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes', 'on'].includes(raw)) return true;
    if (['false', '0', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name} must be true or false, got '${raw}'`);
    return fallback;
  };

  const nodeEnvRaw = get('NODE_ENV') ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnvRaw))
    problems.push(`NODE_ENV must be development, production or test, got '${nodeEnvRaw}'`);
  const nodeEnv = nodeEnvRaw as Config['nodeEnv'];

  const databaseUrl = get('DATABASE_URL') ?? null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl))
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  const redisUrl = get('REDIS_URL') ?? null;
  if (redisUrl !== null && !/^rediss?:\/\//.test(redisUrl))
    problems.push('REDIS_URL must be a redis:// or rediss:// URL');

  let secretKey = get('SECRET_KEY');
  if (nodeEnv === 'production') {
    if (secretKey === undefined) problems.push('SECRET_KEY is required in production (at least 32 characters)');
    else if (secretKey.length < 32) problems.push('SECRET_KEY must be at least 32 characters in production');
    else if (WEAK_SECRETS.some((w) => secretKey?.toLowerCase().includes(w)) || new Set(secretKey).size < 8)
      problems.push('SECRET_KEY is too weak for production: use a long random value');
  }
  secretKey ??= DEV_SECRET;

  const logLevel = get('LOG_LEVEL') ?? (nodeEnv === 'test' ? 'silent' : 'info');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel))
    problems.push(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got '${logLevel}'`);

  const corsOrigins = (get('CORS_ORIGINS') ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin))
      problems.push(`CORS_ORIGINS: '${origin}' is not an origin like https://example.com`);
  }

  const trustProxyRaw = get('TRUST_PROXY')?.trim();
  let trustProxy: Config['trustProxy'] = false;
  if (trustProxyRaw !== undefined) {
    if (trustProxyRaw === 'true' || trustProxyRaw === 'false') trustProxy = trustProxyRaw === 'true';
    else if (/^\d+$/.test(trustProxyRaw)) trustProxy = Number(trustProxyRaw);
    else trustProxy = trustProxyRaw;
  }

  const marketData = readMarketData(get, int, problems);

  const config: Config = {
    port: int('PORT', 8000, 0, 65535),
    host: get('HOST') ?? '0.0.0.0',
    nodeEnv,
    databaseUrl,
    dataDir: get('DATA_DIR') ?? './data',
    redisUrl,
    redisKeyPrefix: get('REDIS_KEY_PREFIX') ?? 'stockbook:',
    secretKey,
    logLevel,
    corsOrigins,
    trustProxy,
    dbWaitTimeoutSeconds: int('DB_WAIT_TIMEOUT', 60, 0, 3600),
    migrateOnStart: bool('MIGRATE_ON_START', true),
    allowSignup: bool('ALLOW_SIGNUP', false),
    rateLimitPerMinute: int('RATE_LIMIT_PER_MINUTE', 1200, 0, 1_000_000),
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 1_048_576, 1024, 100 * 1_048_576),
    marketData,
    backup: readBackup(get, int, problems, databaseUrl, get('DATA_DIR')),
    metrics: { enabled: bool('METRICS_ENABLED', false), token: get('METRICS_TOKEN')?.trim() || null },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

const KEYED_PROVIDERS: readonly MarketDataProviderName[] = ['twelvedata', 'alphavantage'];

function readMarketData(
  get: (name: string) => string | undefined,
  int: (name: string, fallback: number, min: number, max: number) => number,
  problems: string[],
): MarketDataConfig {
  const providerRaw = get('MARKET_DATA_PROVIDER')?.trim().toLowerCase() ?? 'none';
  const provider = (MARKET_DATA_PROVIDERS as readonly string[]).includes(providerRaw)
    ? (providerRaw as MarketDataProviderName)
    : 'none';
  if (provider !== providerRaw)
    problems.push(`MARKET_DATA_PROVIDER must be one of ${MARKET_DATA_PROVIDERS.join(', ')}, got '${providerRaw}'`);

  const apiKey = get('MARKET_DATA_API_KEY')?.trim() || null;
  if (apiKey === null && KEYED_PROVIDERS.includes(provider))
    problems.push(`MARKET_DATA_API_KEY is required with MARKET_DATA_PROVIDER=${provider}`);

  const baseUrl = get('MARKET_DATA_BASE_URL')?.trim() || null;
  if (baseUrl !== null && !/^https?:\/\/[^/\s?#]+\/?$/.test(baseUrl))
    problems.push(
      `MARKET_DATA_BASE_URL must be a scheme, host and port like https://mirror.example:8443, got '${baseUrl}'`,
    );

  const schedule = get('PRICE_REFRESH_SCHEDULE')?.trim() || '30 22 * * 1-5';
  try {
    new Cron(schedule, { timezone: 'UTC', paused: true }).stop();
  } catch (error) {
    problems.push(`PRICE_REFRESH_SCHEDULE is not a valid cron expression ('${schedule}'): ${(error as Error).message}`);
  }

  const perMinute = get('MARKET_DATA_REQUESTS_PER_MINUTE');
  return {
    provider,
    apiKey,
    baseUrl: baseUrl?.replace(/\/$/, '') ?? null,
    schedule,
    timeoutSeconds: int('MARKET_DATA_TIMEOUT', 10, 1, 300),
    requestsPerMinute: perMinute === undefined ? null : int('MARKET_DATA_REQUESTS_PER_MINUTE', 0, 1, 600_000),
  };
}

function readBackup(
  get: (name: string) => string | undefined,
  int: (name: string, fallback: number, min: number, max: number) => number,
  problems: string[],
  databaseUrl: string | null,
  dataDir: string | undefined,
): BackupConfig {
  const schedule = get('BACKUP_SCHEDULE')?.trim() || null;
  if (schedule !== null) {
    try {
      new Cron(schedule, { timezone: 'UTC', paused: true }).stop();
    } catch (error) {
      problems.push(`BACKUP_SCHEDULE is not a valid cron expression ('${schedule}'): ${(error as Error).message}`);
    }
  }
  // Beside the embedded database's files when there are some; else in the working directory.
  const fallbackDir =
    databaseUrl === null || dataDir !== undefined
      ? `${(dataDir ?? './data').replace(/\/+$/, '')}/backups`
      : './backups';
  return { schedule, dir: get('BACKUP_DIR')?.trim() || fallbackDir, keep: int('BACKUP_KEEP', 7, 1, 100_000) };
}
