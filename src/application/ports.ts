import type { FxRate } from '../domain/currency/rates.js';
import type { Role } from '../domain/household.js';
import type { Holding } from '../domain/portfolio/holdings.js';
import type { PriceSource } from '../domain/portfolio/prices.js';
import type { StockFields } from '../domain/stock.js';

/**
 * What the use cases need from the outside world. Infrastructure implements these; the use cases
 * never see Kysely, Redis or argon2.
 */

export interface Cache {
  get(key: string): Promise<string | null>;
  /**
   * `get` that may be answered from a copy in this process (at most 30 s old) without a round trip. A `delete`
   * on any replica drops that copy at once; a `set` on another replica may not be seen for up to 30 s, so use it
   * only for values that are replaced by deleting them (sessions).
   */
  getNear(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  delete(...keys: string[]): Promise<void>;
  /** Adds one to a counter that expires `windowSeconds` after its first hit; returns the count and seconds left. */
  increment(key: string, windowSeconds: number): Promise<{ count: number; ttlSeconds: number }>;
  /** Reads a counter without changing it. */
  peekCounter(key: string): Promise<{ count: number; ttlSeconds: number }>;
  /** Round-trip time in ms; throws when the cache is unreachable. */
  ping(): Promise<number>;
  readonly kind: 'redis' | 'memory';
  close(): Promise<void>;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** With a null hash it still spends the time of a real check, so unknown emails cannot be told apart. */
  verify(hash: string | null, password: string): Promise<boolean>;
}

export interface TokenService {
  /** A new random session token, to be given to the client once. */
  generate(): string;
  /** The form stored at rest; the token itself is never stored. */
  digest(token: string): string;
}

export interface Household {
  id: string;
  name: string;
  concentrationLimit: string;
  /** What household analytics and the dashboard are reported in (product.md §14). */
  baseCurrency: string;
}

export interface User {
  id: string;
  householdId: string;
  email: string;
  displayName: string;
  role: Role;
  isAdmin: boolean;
  createdAt: Date;
}

export interface UserWithPassword extends User {
  passwordHash: string;
}

export interface Stock extends StockFields {
  id: string;
  householdId: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A stock with its current price: the close of its latest dated price, or null while it has none. */
export interface PricedStock extends Stock {
  currentPrice: string | null;
  /** The day of that close, YYYY-MM-DD. */
  priceDate: string | null;
}

export interface PageRequest<S extends string = string> {
  page: number;
  size: number;
  sort: Array<{ field: S; direction: 'asc' | 'desc' }>;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  size: number;
  pages: number;
}

export interface HouseholdRepository {
  create(household: { id: string; name: string }): Promise<Household>;
  getById(id: string): Promise<Household | null>;
  /** The households of exactly this name (names need not be unique). */
  getAllByName(name: string): Promise<Household[]>;
  /** Whether the household has any stock or portfolio (a household file loads only into one without). */
  hasStocksOrPortfolios(id: string): Promise<boolean>;
  /** Locks the household's row until the unit of work ends: whole-household writes (an import) queue here. */
  lock(id: string): Promise<void>;
  /** Serializes first-run setup: holds a transaction-scoped lock until the unit of work ends. */
  lockSetup(): Promise<void>;
}

export interface UserRepository {
  /** Whether any user exists at all (first-run setup is done once one does). */
  anyExists(): Promise<boolean>;
  create(user: Omit<UserWithPassword, 'createdAt'>): Promise<User>;
  getById(householdId: string | null, id: string): Promise<User | null>;
  getByEmailWithPassword(email: string): Promise<UserWithPassword | null>;
  getPageByHousehold(householdId: string, page: PageRequest<MemberSortField>): Promise<Page<User>>;
  /** Every member, by email. */
  getAllByHousehold(householdId: string): Promise<User[]>;
  countOwners(householdId: string): Promise<number>;
  /** Locks the household's members so that two owners cannot demote each other at once. */
  lockHouseholdMembers(householdId: string): Promise<void>;
  updateRole(id: string, role: Role): Promise<User>;
  delete(id: string): Promise<void>;
}

export const MEMBER_SORT_FIELDS = ['email', 'display_name', 'role', 'created_at'] as const;
export type MemberSortField = (typeof MEMBER_SORT_FIELDS)[number];

export interface SessionRecord {
  tokenHash: string;
  userId: string;
  expiresAt: Date;
}

export interface SessionRepository {
  create(session: SessionRecord): Promise<void>;
  getByTokenHash(tokenHash: string): Promise<SessionRecord | null>;
  deleteByTokenHash(tokenHash: string): Promise<void>;
  /** Removes a user's sessions and returns their hashes so cached copies can be dropped too. */
  deleteByUser(userId: string): Promise<string[]>;
  getTokenHashesByUser(userId: string): Promise<string[]>;
  deleteExpired(now: Date): Promise<number>;
}

export const STOCK_SORT_FIELDS = [
  'symbol',
  'company_name',
  'sector',
  'grade',
  'currency',
  'created_at',
  'updated_at',
] as const;
export type StockSortField = (typeof STOCK_SORT_FIELDS)[number];

export interface StockFilter {
  search?: string;
  sector?: string;
  grade?: string;
}

export interface StockRepository {
  create(stock: Omit<Stock, 'createdAt' | 'updatedAt'>): Promise<Stock>;
  getById(householdId: string, id: string): Promise<Stock | null>;
  /** The stock with its latest price, read in the same query. */
  getPricedById(householdId: string, id: string): Promise<PricedStock | null>;
  getByIds(householdId: string, ids: string[]): Promise<Stock[]>;
  /** A page of stocks, each with its latest price, read in the page's own query. */
  getPageByHousehold(
    householdId: string,
    filter: StockFilter,
    page: PageRequest<StockSortField>,
  ): Promise<Page<PricedStock>>;
  update(householdId: string, id: string, fields: StockFields): Promise<Stock>;
  delete(householdId: string, id: string): Promise<void>;
  /** Every stock of the household, by symbol. */
  getAllByHousehold(householdId: string): Promise<Stock[]>;
  /** Stores many stocks at once, timestamps as given (an import). */
  insertMany(stocks: Stock[]): Promise<void>;
}

/** Every repository, bound to one transaction. */
export interface Repositories {
  households: HouseholdRepository & HouseholdSettingsRepository;
  users: UserRepository;
  sessions: SessionRepository;
  stocks: StockRepository;
  portfolios: PortfolioRepository;
  trades: TradeRepository;
  positions: PositionRepository;
  idempotency: IdempotencyRepository;
  prices: PriceRepository;
  balances: BalanceRepository;
  targets: TargetRepository;
  journal: JournalRepository;
  marketData: MarketDataRepository;
  fxRates: FxRateRepository;
}

/** Runs `work` in one database transaction: all of it commits, or none of it. */
export type UnitOfWork = <T>(work: (repos: Repositories) => Promise<T>, options?: UnitOfWorkOptions) => Promise<T>;

export interface UnitOfWorkOptions {
  /** Every read sees the database as it was at the first (REPEATABLE READ): a consistent copy of many tables. */
  snapshot?: boolean;
}

export interface DatabaseProbe {
  /** Round-trip time in ms; throws when the database is unreachable. */
  ping(): Promise<number>;
}

// ---------------------------------------------------------------- trading (issue 4)

export interface HouseholdSettingsRepository {
  /**
   * Every write that changes holdings or analytics bumps one of the two versions, in its own transaction (cache keys
   * use them): a write of prices or exchange rates the price version, every other one the data version.
   */
  bumpDataVersion(householdId: string): Promise<void>;
  bumpPriceVersion(householdId: string): Promise<void>;
  getVersions(householdId: string): Promise<{ data: number; prices: number }>;
  updateConcentrationLimit(householdId: string, limit: string): Promise<Household>;
  updateBaseCurrency(householdId: string, currency: string): Promise<Household>;
}

export type CostBasisMethod = 'average' | 'fifo';

export interface Portfolio {
  id: string;
  householdId: string;
  name: string;
  description: string;
  currency: string;
  costBasisMethod: CostBasisMethod;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type PortfolioFields = Pick<Portfolio, 'name' | 'description' | 'currency' | 'costBasisMethod' | 'isActive'>;

export const PORTFOLIO_SORT_FIELDS = ['name', 'currency', 'created_at', 'updated_at'] as const;
export type PortfolioSortField = (typeof PORTFOLIO_SORT_FIELDS)[number];

export interface PortfolioRepository {
  create(portfolio: PortfolioFields & { id: string; householdId: string }): Promise<Portfolio>;
  getById(householdId: string, id: string): Promise<Portfolio | null>;
  /** Reads the portfolio and locks its row until the transaction ends: writes to one portfolio queue here. */
  lockById(householdId: string, id: string): Promise<Portfolio | null>;
  getPageByHousehold(householdId: string, page: PageRequest<PortfolioSortField>): Promise<Page<Portfolio>>;
  getAllByHousehold(householdId: string): Promise<Portfolio[]>;
  /** Every portfolio of every household (maintenance commands only). */
  getAll(): Promise<Portfolio[]>;
  update(householdId: string, id: string, fields: PortfolioFields): Promise<Portfolio>;
  delete(householdId: string, id: string): Promise<void>;
  /** Stores many portfolios at once, timestamps as given (an import). */
  insertMany(portfolios: Portfolio[]): Promise<void>;
}

export type TradeType = 'buy' | 'sell' | 'dividend' | 'split';

export interface Trade {
  id: string;
  householdId: string;
  portfolioId: string;
  stockId: string;
  seq: number;
  type: TradeType;
  quantity: string | null;
  price: string | null;
  fee: string | null;
  amount: string | null;
  ratio: string | null;
  /** The trade's day, YYYY-MM-DD. */
  tradeDate: string;
  /** The full timestamp when one was given. */
  tradeTime: Date | null;
  notes: string;
  createdAt: Date;
}

/** A trade with its stock's symbol, read in the same query: how trades are answered. */
export interface TradeWithSymbol extends Trade {
  symbol: string;
}

export type TradeFields = Pick<
  Trade,
  'stockId' | 'type' | 'quantity' | 'price' | 'fee' | 'amount' | 'ratio' | 'tradeDate' | 'tradeTime' | 'notes'
>;

export const TRADE_SORT_FIELDS = ['trade_date', 'type', 'quantity', 'price', 'created_at'] as const;
export type TradeSortField = (typeof TRADE_SORT_FIELDS)[number];

export interface TradeFilter {
  stockId?: string;
  type?: TradeType;
  from?: string;
  to?: string;
}

export interface TradeRepository {
  /** One stock's history in a portfolio, in the order it applies. */
  getStockHistory(portfolioId: string, stockId: string): Promise<Trade[]>;
  /**
   * Net cash of the trades per day (buys and fees out, sells and dividends in), summed in SQL, leaving out the
   * trades of `excludeStockIds` (stocks in another currency, whose flows are converted trade by trade).
   */
  getDailyCashFlows(
    portfolioIds: string[],
    excludeStockIds?: string[],
  ): Promise<Array<{ date: string; amount: string }>>;
  create(trade: TradeFields & { id: string; householdId: string; portfolioId: string }): Promise<TradeWithSymbol>;
  getById(portfolioId: string, id: string): Promise<TradeWithSymbol | null>;
  getPage(portfolioId: string, filter: TradeFilter, page: PageRequest<TradeSortField>): Promise<Page<TradeWithSymbol>>;
  /** The whole history (of these stocks only, when given), in the order it applies: trade date, then creation. */
  getHistory(portfolioIds: string[], stockIds?: string[]): Promise<Trade[]>;
  update(id: string, fields: TradeFields): Promise<TradeWithSymbol>;
  delete(id: string): Promise<void>;
  /**
   * Stores many trades at once (an import), creation times as given; they take their `seq` in the order given,
   * so same-day trades apply in that order.
   */
  insertMany(
    trades: Array<TradeFields & { id: string; householdId: string; portfolioId: string; createdAt: Date }>,
  ): Promise<void>;
}

/** A stored position with its decimals as their exact stored text (read as it is stored, valued elsewhere). */
export interface StoredHolding {
  stockId: string;
  quantity: string;
  averageCost: string;
  costBasis: string;
  realizedPnl: string;
  dividends: string;
  lots: Array<{ tradeId: string; tradeDate: string; quantity: string; costBasis: string; unitCost: string }> | null;
}

export interface PositionRepository {
  /**
   * Replaces a portfolio's positions by those of `holdings`: for the stocks named (a stock without a holding
   * loses its row), or for the whole portfolio when `stockIds` is null.
   */
  replace(portfolioId: string, stockIds: string[] | null, holdings: Holding[]): Promise<void>;
  /** As stored: the valuation reads them on a worker thread, where only plain data can go. */
  getByPortfolios(portfolioIds: string[]): Promise<Array<{ portfolioId: string; holding: StoredHolding }>>;
}

export interface StoredResponse {
  requestHash: string;
  statusCode: number;
  body: unknown;
}

export interface IdempotencyRepository {
  /** Claims a key for this unit of work; null when it was free, the stored answer when it was used. */
  get(householdId: string, key: string): Promise<StoredResponse | null>;
  save(householdId: string, key: string, response: StoredResponse): Promise<void>;
  /** Takes a transaction-scoped lock on the key so that concurrent retries queue behind the first. */
  lock(householdId: string, key: string): Promise<void>;
  deleteOlderThan(cutoff: Date): Promise<number>;
}

export interface PriceQuoteRecord {
  stockId: string;
  date: string;
  close: string;
}

/** Where a close came from: entered by hand (or imported), or fetched from the market-data provider. */
export type { PriceSource };

export interface StoredPrice {
  date: string;
  close: string;
  source: PriceSource;
}

/** A stored close with its stock. */
export interface StockPriceRecord extends StoredPrice {
  stockId: string;
}

export interface PriceRepository {
  /**
   * Stores closes by date. Manual closes insert or replace any close of their date; provider closes insert or
   * replace only provider closes, never one entered by hand. Returns how many rows were written.
   */
  upsert(stockId: string, prices: Array<{ date: string; close: string }>, source: PriceSource): Promise<number>;
  getPage(stockId: string, page: PageRequest<'date'>): Promise<Page<StoredPrice>>;
  /** The latest close of each stock that has one. */
  getLatest(stockIds: string[]): Promise<PriceQuoteRecord[]>;
  /** Every close of these stocks, by stock, then date. */
  getAllByStocks(stockIds: string[]): Promise<StockPriceRecord[]>;
  /** Stores many closes at once, each with its source (an import into stocks without closes). */
  insertMany(prices: StockPriceRecord[]): Promise<void>;
  /** The days from `from` (YYYY-MM-DD) on that hold a close entered by hand: provider closes never replace them. */
  getManualDates(stockId: string, from: string): Promise<string[]>;
}

export type TargetStatus = 'active' | 'hit' | 'failed' | 'cancelled';

export interface Target {
  id: string;
  householdId: string;
  portfolioId: string;
  stockId: string;
  /** The stock's symbol, read with the target. */
  symbol: string;
  pivotPrice: string;
  failurePrice: string;
  status: TargetStatus;
  notes: string;
  triggeredPrice: string | null;
  triggeredOn: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface Balance {
  id: string;
  householdId: string;
  portfolioId: string;
  date: string;
  finalBalance: string;
  deposits: string;
  withdrawals: string;
  indexChange: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type BalanceFields = Pick<Balance, 'date' | 'finalBalance' | 'deposits' | 'withdrawals' | 'indexChange'>;

export const BALANCE_SORT_FIELDS = ['date', 'final_balance', 'created_at', 'updated_at'] as const;
export type BalanceSortField = (typeof BALANCE_SORT_FIELDS)[number];

export interface BalanceFilter {
  from?: string;
  to?: string;
}

export interface BalanceRepository {
  /** Every balance row of these portfolios, by date ascending. */
  getHistory(portfolioIds: string[]): Promise<Balance[]>;
  /** Throws ConflictError when the portfolio already has a row for that date. */
  create(balance: BalanceFields & { id: string; householdId: string; portfolioId: string }): Promise<Balance>;
  getById(portfolioId: string, id: string): Promise<Balance | null>;
  getPage(portfolioId: string, filter: BalanceFilter, page: PageRequest<BalanceSortField>): Promise<Page<Balance>>;
  update(portfolioId: string, id: string, fields: BalanceFields): Promise<Balance>;
  delete(portfolioId: string, id: string): Promise<void>;
  /** Stores many balances at once, timestamps as given (an import). */
  insertMany(balances: Balance[]): Promise<void>;
}

export type TargetFields = Pick<
  Target,
  'pivotPrice' | 'failurePrice' | 'status' | 'notes' | 'triggeredPrice' | 'triggeredOn'
>;

export const TARGET_SORT_FIELDS = ['created_at', 'updated_at', 'status', 'pivot_price', 'failure_price'] as const;
export type TargetSortField = (typeof TARGET_SORT_FIELDS)[number];

export interface TargetFilter {
  status?: TargetStatus;
  portfolioId?: string;
  stockId?: string;
}

export interface TargetRepository {
  create(
    target: Pick<Target, 'id' | 'householdId' | 'portfolioId' | 'stockId' | 'pivotPrice' | 'failurePrice' | 'notes'>,
  ): Promise<Target>;
  getById(householdId: string, id: string): Promise<Target | null>;
  /** Reads the target and locks its row until the transaction ends. */
  lockById(householdId: string, id: string): Promise<Target | null>;
  /** The active targets of a stock, locked until the transaction ends (price posts evaluate them). */
  lockActiveByStock(householdId: string, stockId: string): Promise<Target[]>;
  getPage(householdId: string, filter: TargetFilter, page: PageRequest<TargetSortField>): Promise<Page<Target>>;
  update(householdId: string, id: string, fields: TargetFields): Promise<Target>;
  delete(householdId: string, id: string): Promise<void>;
  /** Every target of the household, by creation. */
  getAllByHousehold(householdId: string): Promise<Target[]>;
  /** Stores many targets at once, status, triggering close and timestamps as given (an import). */
  insertMany(targets: Array<Omit<Target, 'symbol'>>): Promise<void>;
}

export type Sentiment = 'bullish' | 'bearish' | 'neutral';

export interface JournalEntry {
  id: string;
  householdId: string;
  content: string;
  /** YYYY-MM-DD */
  entryDate: string;
  portfolioId: string | null;
  stockId: string | null;
  transactionId: string | null;
  tags: string[];
  sentiment: Sentiment | null;
  createdAt: Date;
  updatedAt: Date;
}

export type JournalFields = Pick<
  JournalEntry,
  'content' | 'entryDate' | 'portfolioId' | 'stockId' | 'transactionId' | 'tags' | 'sentiment'
>;

export const JOURNAL_SORT_FIELDS = ['entry_date', 'created_at', 'updated_at'] as const;
export type JournalSortField = (typeof JOURNAL_SORT_FIELDS)[number];

export interface JournalFilter {
  /** PostgreSQL full-text search (websearch syntax, English stemming); results are ranked. */
  search?: string;
  tag?: string;
  sentiment?: Sentiment;
  portfolioId?: string;
  stockId?: string;
  from?: string;
  to?: string;
}

export interface JournalRepository {
  create(entry: JournalFields & { id: string; householdId: string }): Promise<JournalEntry>;
  getById(householdId: string, id: string): Promise<JournalEntry | null>;
  /** With a search: ranked best first (`rank` set), then by the requested sort. */
  getPage(
    householdId: string,
    filter: JournalFilter,
    page: PageRequest<JournalSortField>,
  ): Promise<Page<JournalEntry & { rank?: number }>>;
  update(householdId: string, id: string, fields: JournalFields): Promise<JournalEntry>;
  delete(householdId: string, id: string): Promise<void>;
  /** Every entry of the household, by entry date, then creation. */
  getAllByHousehold(householdId: string): Promise<JournalEntry[]>;
  /** Stores many entries at once, timestamps as given (an import). */
  insertMany(entries: JournalEntry[]): Promise<void>;
  /** Where a trade of the household belongs, for linking an entry to it; null when there is no such trade. */
  getTradeLink(householdId: string, transactionId: string): Promise<{ portfolioId: string; stockId: string } | null>;
}

// ---------------------------------------------------------------- market data (product.md section 13)

export type MarketDataTrigger = 'schedule' | 'manual';

/** A stock that a refresh fetches closes for: one that is held (has trades) or watched (has an active target). */
export interface RefreshCandidate {
  stockId: string;
  householdId: string;
  symbol: string;
  providerSymbol: string | null;
  /** The latest close fetched from the provider (YYYY-MM-DD); closes entered by hand do not count. */
  latestProviderDate: string | null;
}

export interface NewMarketDataRun {
  id: string;
  trigger: MarketDataTrigger;
  /** The cron slot a scheduled run belongs to (each slot is claimed once); null for a manual run. */
  scheduledFor: Date | null;
  /** The household a manual run is for; null for a scheduled run (every household). */
  householdId: string | null;
}

/**
 * claimed: this caller runs it; slot_taken: another replica claimed the slot; busy: a run that rules this one out
 * is unfinished (for a manual run: its household's own manual run or a scheduled run; for a scheduled run: the
 * previous scheduled run).
 */
export type RunClaim = 'claimed' | 'slot_taken' | 'busy';

export type MarketDataRunStatus = 'running' | 'finished' | 'abandoned';

export interface StockRefreshOutcome {
  stockId: string;
  pricesStored: number;
  /** Why the stock got no closes; null when it was fetched. */
  error: string | null;
}

/** One combination of currencies a household trades in (the inputs of domain/currency/needs.ts). */
export interface HouseholdCurrencies {
  householdId: string;
  baseCurrency: string;
  stockCurrency: string;
  portfolioCurrency: string;
  /** The earliest trade of a stock of that currency in a portfolio of that currency. */
  firstTradeDate: string;
}

/** An exchange rate a run fetches for a household: one `base` in `quote`. */
export interface RateRefreshTarget {
  householdId: string;
  base: string;
  quote: string;
}

export interface RateRefreshOutcome extends RateRefreshTarget {
  ratesStored: number;
  /** Why the pair got no rates; null when it was fetched. */
  error: string | null;
}

/** A run as one household sees it: only its own stocks and exchange rates. */
export interface HouseholdRun {
  id: string;
  startedAt: Date;
  finishedAt: Date | null;
  status: MarketDataRunStatus;
  stocks: Array<{ symbol: string; pricesStored: number; error: string | null }>;
  rates: Array<{ base: string; quote: string; ratesStored: number; error: string | null }>;
}

/** The last finished run over every household, for /health. */
export interface FinishedRunSummary {
  startedAt: Date;
  status: Exclude<MarketDataRunStatus, 'running'>;
  stocks: number;
  failed: number;
  /** The own symbols of the stocks that failed, each once, in order. */
  failedSymbols: string[];
  /** The exchange rates asked for (one per household and pair) and those that failed. */
  rates: number;
  failedRates: number;
  /** The failed pairs as `EUR/USD`, each once, in order. */
  failedPairs: string[];
}

export interface MarketDataRepository {
  /**
   * Marks unfinished runs without a heartbeat for that long (database clock) abandoned, their pending stocks and
   * exchange rates failed.
   */
  abandonStale(staleAfterSeconds: number, message: string): Promise<void>;
  /** Inserts the run unless its slot is already claimed or a run that rules it out is unfinished (see RunClaim). */
  claim(run: NewMarketDataRun): Promise<RunClaim>;
  /** Held or watched stocks, of one household or of all; ordered by symbol. */
  getRefreshCandidates(householdId: string | null): Promise<RefreshCandidate[]>;
  /** Lists the stocks the run asks for, each pending until its outcome is recorded. */
  addStocks(runId: string, candidates: RefreshCandidate[]): Promise<void>;
  /** One stock's outcome (in the unit of work that stores its closes); refreshes the run's heartbeat. */
  recordStock(runId: string, outcome: StockRefreshOutcome): Promise<void>;
  /** The currencies each household trades in, of one household or of all (which exchange rates they need). */
  getHouseholdCurrencies(householdId: string | null): Promise<HouseholdCurrencies[]>;
  /** Lists the exchange rates the run asks for, each pending until its outcome is recorded. */
  addRates(runId: string, targets: RateRefreshTarget[]): Promise<void>;
  /** One household's pair's outcome (in the unit of work that stores its rates); refreshes the run's heartbeat. */
  recordRate(runId: string, outcome: RateRefreshOutcome): Promise<void>;
  heartbeat(runId: string): Promise<void>;
  /**
   * Marks the run finished unless another replica abandoned it; stocks and exchange rates still pending fail with
   * `pendingMessage`.
   */
  finish(runId: string, pendingMessage: string): Promise<void>;
  /** The latest run that covered the household: every scheduled run and the household's own manual runs. */
  getLatestForHousehold(householdId: string): Promise<HouseholdRun | null>;
  getLastFinished(): Promise<FinishedRunSummary | null>;
}

// ---------------------------------------------------------------- currencies (issue 10)

/** A stored exchange rate (product.md §14): one `base` costs `rate` `quote`, on `date`. */
export interface StoredFxRate extends FxRate {
  rate: string;
  source: PriceSource;
}

export interface FxRateFilter {
  base?: string;
  quote?: string;
  from?: string;
  to?: string;
}

export const FX_RATE_SORT_FIELDS = ['date', 'base', 'quote'] as const;
export type FxRateSortField = (typeof FX_RATE_SORT_FIELDS)[number];

export interface FxRateRepository {
  /**
   * Stores a household's rates by (base, quote, date). Manual rates insert or replace any rate of their day;
   * provider rates insert or replace only provider rates, never one entered by hand. Returns the rows written.
   */
  upsert(
    householdId: string,
    rates: Array<{ base: string; quote: string; date: string; rate: string }>,
    source: PriceSource,
  ): Promise<number>;
  getPage(householdId: string, filter: FxRateFilter, page: PageRequest<FxRateSortField>): Promise<Page<StoredFxRate>>;
  /** Every rate of the household, by pair, then date (conversions and the household file read them all). */
  getAll(householdId: string): Promise<StoredFxRate[]>;
  /** The latest day of a pair that holds a provider rate (where the next fetch starts), or null. */
  getLatestProviderDate(householdId: string, base: string, quote: string): Promise<string | null>;
  /** Stores many rates at once, each with its source (an import into an empty household). */
  insertMany(householdId: string, rates: StoredFxRate[]): Promise<void>;
}
