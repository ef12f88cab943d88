import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the tables; NUMERIC and DATE come back as strings (see connection.ts). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface HouseholdsTable {
  id: string;
  name: string;
  concentration_limit: ColumnType<string, string | undefined, string>;
  base_currency: ColumnType<string, string | undefined, string>;
  data_version: ColumnType<number, never, never>;
  price_version: ColumnType<number, never, never>;
  created_at: Timestamp;
}

export interface UsersTable {
  id: string;
  household_id: string;
  email: string;
  display_name: string;
  password_hash: string;
  role: 'owner' | 'member' | 'viewer';
  is_admin: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface StocksTable {
  id: string;
  household_id: string;
  symbol: string;
  company_name: string | null;
  sector: string | null;
  industry_group: string | null;
  grade: string | null;
  notes: string;
  provider_symbol: ColumnType<string | null, string | null | undefined, string | null>;
  currency: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

type Numeric = ColumnType<string, string, string>;
type NullableNumeric = ColumnType<string | null, string | null | undefined, string | null>;
/** DATE columns come back as 'YYYY-MM-DD' text (see connection.ts). */
type Day = ColumnType<string, string, string>;

export interface PortfoliosTable {
  id: string;
  household_id: string;
  name: string;
  description: string;
  currency: string;
  cost_basis_method: 'average' | 'fifo';
  is_active: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TransactionsTable {
  id: string;
  household_id: string;
  portfolio_id: string;
  stock_id: string;
  seq: Generated<number>;
  type: 'buy' | 'sell' | 'dividend' | 'split';
  quantity: NullableNumeric;
  price: NullableNumeric;
  fee: NullableNumeric;
  amount: NullableNumeric;
  ratio: string | null;
  trade_date: Day;
  trade_time: ColumnType<Date | null, Date | string | null, Date | string | null>;
  notes: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface IdempotencyKeysTable {
  household_id: string;
  key: string;
  request_hash: string;
  status_code: number;
  response: ColumnType<unknown, string, string>;
  created_at: Timestamp;
}

export interface PricesTable {
  stock_id: string;
  date: Day;
  close: Numeric;
  source: ColumnType<'manual' | 'provider', 'manual' | 'provider' | undefined, 'manual' | 'provider'>;
  created_at: Timestamp;
}

export interface TargetsTable {
  id: string;
  household_id: string;
  portfolio_id: string;
  stock_id: string;
  pivot_price: Numeric;
  failure_price: Numeric;
  status: 'active' | 'hit' | 'failed' | 'cancelled';
  notes: string;
  triggered_price: NullableNumeric;
  triggered_on: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface JournalEntriesTable {
  id: string;
  household_id: string;
  content: string;
  entry_date: Day;
  portfolio_id: string | null;
  stock_id: string | null;
  transaction_id: string | null;
  tags: string[];
  sentiment: 'bullish' | 'bearish' | 'neutral' | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface BalancesTable {
  id: string;
  household_id: string;
  portfolio_id: string;
  date: Day;
  final_balance: Numeric;
  deposits: ColumnType<string, string | undefined, string>;
  withdrawals: ColumnType<string, string | undefined, string>;
  index_change: NullableNumeric;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PositionsTable {
  portfolio_id: string;
  stock_id: string;
  quantity: Numeric;
  average_cost: Numeric;
  cost_basis: Numeric;
  realized_pnl: Numeric;
  dividends: Numeric;
  lots: ColumnType<LotRow[] | null, string | null, string | null>;
  updated_at: Timestamp;
}

export interface LotRow {
  trade_id: string;
  trade_date: string;
  quantity: string;
  cost_basis: string;
  unit_cost: string;
}

export interface MarketDataRunsTable {
  id: string;
  trigger: 'schedule' | 'manual';
  scheduled_for: ColumnType<Date | null, Date | null, never>;
  household_id: ColumnType<string | null, string | null, never>;
  status: ColumnType<'running' | 'finished' | 'abandoned', undefined, 'finished' | 'abandoned'>;
  started_at: ColumnType<Date, undefined, never>;
  heartbeat_at: ColumnType<Date, undefined, Date | string>;
  finished_at: ColumnType<Date | null, undefined, Date | string>;
}

export interface MarketDataRunStocksTable {
  run_id: string;
  stock_id: string;
  household_id: string;
  symbol: string;
  outcome: ColumnType<'pending' | 'stored' | 'failed', undefined, 'stored' | 'failed'>;
  prices_stored: ColumnType<number, undefined, number>;
  error: ColumnType<string | null, undefined, string | null>;
}

export interface MarketDataRunRatesTable {
  run_id: string;
  household_id: string;
  base: string;
  quote: string;
  outcome: ColumnType<'pending' | 'stored' | 'failed', undefined, 'stored' | 'failed'>;
  rates_stored: ColumnType<number, undefined, number>;
  error: ColumnType<string | null, undefined, string | null>;
}

export interface FxRatesTable {
  household_id: string;
  base: string;
  quote: string;
  date: Day;
  rate: Numeric;
  source: ColumnType<'manual' | 'provider', 'manual' | 'provider' | undefined, 'manual' | 'provider'>;
  created_at: Timestamp;
}

/** One claimed slot of the backup schedule (see migration 0008). */
export interface BackupRunsTable {
  scheduled_for: ColumnType<Date, Date, never>;
  started_at: ColumnType<Date, undefined, never>;
  finished_at: ColumnType<Date | null, undefined, Date>;
  file: ColumnType<string | null, undefined, string | null>;
  bytes: ColumnType<number | null, undefined, number | null>;
  error: ColumnType<string | null, undefined, string | null>;
}

export interface Database {
  households: HouseholdsTable;
  users: UsersTable;
  sessions: SessionsTable;
  stocks: StocksTable;
  portfolios: PortfoliosTable;
  transactions: TransactionsTable;
  idempotency_keys: IdempotencyKeysTable;
  prices: PricesTable;
  targets: TargetsTable;
  journal_entries: JournalEntriesTable;
  balances: BalancesTable;
  positions: PositionsTable;
  market_data_runs: MarketDataRunsTable;
  market_data_run_stocks: MarketDataRunStocksTable;
  market_data_run_rates: MarketDataRunRatesTable;
  fx_rates: FxRatesTable;
  backup_runs: BackupRunsTable;
}
