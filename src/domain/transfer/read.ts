import { DEFAULT_BASE_CURRENCY } from '../currency/currencies.js';
import { checkFxRate } from '../currency/fx-input.js';
import { parseDecimal } from '../decimal.js';
import { FieldErrors, ValidationError } from '../errors.js';
import { applyJournalPatch, type JournalValues, tradeLinkProblem } from '../journal.js';
import { applyBalancePatch } from '../portfolio/balances.js';
import { isDay, toDay } from '../portfolio/dates.js';
import { sellRefusal, validateHistory } from '../portfolio/holdings.js';
import { applyPortfolioPatch, DEFAULT_PORTFOLIO } from '../portfolio/portfolio.js';
import { checkClose, PRICE_SOURCES, type PriceSource } from '../portfolio/prices.js';
import { applyTargetPatch } from '../portfolio/target-fields.js';
import { isTargetStatus } from '../portfolio/targets.js';
import { toTradeRecord, validateTrade } from '../portfolio/trades.js';
import { baseCurrency, concentrationLimit } from '../settings.js';
import { createStock } from '../stock.js';
import {
  checkDecimalTexts,
  FileIds,
  type FileObject,
  fieldPath,
  fileList,
  fileObject,
  optionalBoolean,
  optionalText,
  optionalTimestamp,
  Problems,
  requiredText,
} from './fields.js';
import {
  type FileBalance,
  type FileFxRate,
  type FileJournalEntry,
  type FilePortfolio,
  type FilePrice,
  type FileStock,
  type FileTarget,
  type FileTrade,
  HOUSEHOLD_FILE_FORMAT,
  HOUSEHOLD_FILE_VERSION,
  type HouseholdFileContents,
} from './household-file.js';

const FILE_KEYS = [
  'format',
  'version',
  'exported_at',
  'household',
  'members',
  'stocks',
  'prices',
  'fx_rates',
  'portfolios',
  'targets',
  'journal',
];
const HOUSEHOLD_KEYS = ['name', 'base_currency', 'concentration_limit'];
const STOCK_KEYS = [
  'id',
  'symbol',
  'company_name',
  'sector',
  'industry_group',
  'grade',
  'notes',
  'provider_symbol',
  'currency',
  'created_at',
  'updated_at',
];
const PRICE_KEYS = ['stock_id', 'date', 'close', 'source'];
const FX_RATE_KEYS = ['base', 'quote', 'date', 'rate', 'source'];
const PORTFOLIO_KEYS = [
  'id',
  'name',
  'description',
  'currency',
  'cost_basis_method',
  'is_active',
  'created_at',
  'updated_at',
  'transactions',
  'balances',
];
const TRADE_KEYS = [
  'id',
  'portfolio_id',
  'stock_id',
  'symbol',
  'type',
  'quantity',
  'price',
  'fee',
  'amount',
  'ratio',
  'trade_date',
  'notes',
  'created_at',
];
const BALANCE_KEYS = [
  'id',
  'portfolio_id',
  'date',
  'final_balance',
  'deposits',
  'withdrawals',
  'index_change',
  'created_at',
  'updated_at',
];
const TARGET_KEYS = [
  'id',
  'portfolio_id',
  'stock_id',
  'symbol',
  'pivot_price',
  'failure_price',
  'status',
  'notes',
  'triggered_price',
  'triggered_on',
  'created_at',
  'updated_at',
];
const JOURNAL_KEYS = [
  'id',
  'content',
  'entry_date',
  'portfolio_id',
  'stock_id',
  'transaction_id',
  'tags',
  'sentiment',
  'created_at',
  'updated_at',
];

/** Where a trade of the file belongs, for the journal's links to it. */
interface TradeLink {
  portfolioId: string;
  stockId: string;
}

/** The ids of the file's objects, by kind: references must name an object of the right kind in the file. */
interface FileIndex {
  stocks: FileIds<FileStock | null>;
  portfolios: FileIds<null>;
  trades: FileIds<TradeLink | null>;
  balances: FileIds<null>;
  targets: FileIds<null>;
  journal: FileIds<null>;
}

/**
 * Reads a household file, checking all of it before anything is written: the format and version first (a
 * file of an unknown version is not read further), then every object with the API's own rules, every
 * reference (it must name an object of the file) and every portfolio's history (no holding may go below zero
 * at any date). Throws one ValidationError naming each problem by its path in the file.
 */
export function readHouseholdFile(input: unknown): HouseholdFileContents {
  const file = checkHeader(input);
  const problems = new Problems();
  fileObject(file, '', FILE_KEYS, problems);
  optionalTimestamp(file, 'exported_at', '', problems);
  // Members are listed for information only: an import never creates users.
  fileList(file.members, 'members', problems);
  const household = fileObject(file.household, 'household', HOUSEHOLD_KEYS, problems);
  if (household !== null) {
    optionalText(household, 'name', 'household', problems);
    checkDecimalTexts(household, ['concentration_limit'], 'household', problems);
  }
  const limit = problems.rule('household', () => concentrationLimit(household?.concentration_limit));
  const baseCurrency = readBaseCurrency(household, problems);

  const index: FileIndex = {
    stocks: new FileIds(),
    portfolios: new FileIds(),
    trades: new FileIds(),
    balances: new FileIds(),
    targets: new FileIds(),
    journal: new FileIds(),
  };
  const contents: HouseholdFileContents = {
    concentrationLimit: limit ?? '',
    baseCurrency,
    stocks: readStocks(fileList(file.stocks, 'stocks', problems), baseCurrency, index, problems),
    prices: readPrices(fileList(file.prices, 'prices', problems), index, problems),
    fxRates: readFxRates(fileList(file.fx_rates, 'fx_rates', problems), problems),
    portfolios: readPortfolios(fileList(file.portfolios, 'portfolios', problems), index, problems),
    targets: readTargets(fileList(file.targets, 'targets', problems), index, problems),
    journal: readJournal(fileList(file.journal, 'journal', problems), index, problems),
  };
  problems.throwIfAny();
  return contents;
}

function checkHeader(input: unknown): FileObject {
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    throw ValidationError.field('body', 'must be a StockBook household file (a JSON object)');
  const file = input as FileObject;
  if (file.format !== HOUSEHOLD_FILE_FORMAT) {
    const message = `Not a StockBook household file: format must be "${HOUSEHOLD_FILE_FORMAT}"`;
    throw new ValidationError([{ field: 'format', message: `must be "${HOUSEHOLD_FILE_FORMAT}"` }], message);
  }
  const version = file.version;
  if (version !== HOUSEHOLD_FILE_VERSION) {
    const shown = typeof version === 'number' || typeof version === 'string' ? JSON.stringify(version) : null;
    const message =
      version === undefined
        ? `The household file has no version: this StockBook reads version ${HOUSEHOLD_FILE_VERSION}`
        : `Unknown household file version ${shown?.slice(0, 40) ?? `(${typeof version})`}: this StockBook reads version ${HOUSEHOLD_FILE_VERSION}`;
    throw new ValidationError([{ field: 'version', message }], message);
  }
  return file;
}

/** Remembers where each key was first seen, so a second one is reported with the first's path. */
class FirstSeen {
  private readonly paths = new Map<string, string>();

  check(key: string, path: string, problems: Problems, message: (firstPath: string) => string): void {
    const first = this.paths.get(key);
    if (first === undefined) this.paths.set(key, path);
    else problems.add(path, message(first));
  }
}

/** A file of before section 14 has no base currency: its household was one of dollars, the default. */
function readBaseCurrency(household: FileObject | null, problems: Problems): string {
  const value = household?.base_currency;
  if (value === undefined) return DEFAULT_BASE_CURRENCY;
  return problems.rule('household', () => baseCurrency(value)) ?? DEFAULT_BASE_CURRENCY;
}

/** A stock without a currency (a file of before section 14) trades in the file's base currency. */
function readStocks(items: unknown[], baseCurrency: string, index: FileIndex, problems: Problems): FileStock[] {
  const stocks: FileStock[] = [];
  const symbols = new FirstSeen();
  items.forEach((value, i) => {
    const path = `stocks[${i}]`;
    const o = fileObject(value, path, STOCK_KEYS, problems);
    if (o === null) return;
    const text = (key: string) => optionalText(o, key, path, problems);
    const fields = problems.rule(path, () =>
      createStock(
        {
          symbol: text('symbol'),
          companyName: text('company_name'),
          sector: text('sector'),
          industryGroup: text('industry_group'),
          grade: text('grade'),
          notes: text('notes'),
          providerSymbol: text('provider_symbol'),
          currency: text('currency'),
        },
        baseCurrency,
      ),
    );
    const createdAt = optionalTimestamp(o, 'created_at', path, problems);
    const updatedAt = optionalTimestamp(o, 'updated_at', path, problems);
    const stock = fields === null ? null : { id: '', ...fields, createdAt, updatedAt };
    const id = index.stocks.claim(o, path, problems, stock);
    if (stock === null || id === null) return;
    symbols.check(stock.symbol, `${path}.symbol`, problems, (first) => `${stock.symbol} is also at ${first}`);
    stock.id = id;
    stocks.push(stock);
  });
  return stocks;
}

function readPrices(items: unknown[], index: FileIndex, problems: Problems): FilePrice[] {
  const prices: FilePrice[] = [];
  const days = new FirstSeen();
  items.forEach((value, i) => {
    const path = `prices[${i}]`;
    const o = fileObject(value, path, PRICE_KEYS, problems);
    if (o === null) return;
    const stock = index.stocks.resolve(o, 'stock_id', path, problems, 'stock', true);
    checkDecimalTexts(o, ['close'], path, problems);
    const date = optionalText(o, 'date', path, problems);
    const close = checkClose({ date: date ?? '', close: o.close }, problems, path);
    const source = o.source ?? 'manual';
    if (!(PRICE_SOURCES as readonly unknown[]).includes(source))
      problems.add(`${path}.source`, `must be one of ${PRICE_SOURCES.join(', ')}`);
    if (stock === null || close === null) return;
    days.check(
      `${stock.id}\u0000${close.date}`,
      `${path}.date`,
      problems,
      (first) => `${close.date} is also at ${first}`,
    );
    prices.push({
      stockId: stock.id,
      date: close.date,
      close: close.close.toFixed(),
      source: source as PriceSource,
    });
  });
  return prices;
}

/** The household's exchange rates with the rules of POST /fx-rates, and a source as stored. */
function readFxRates(items: unknown[], problems: Problems): FileFxRate[] {
  const rates: FileFxRate[] = [];
  const days = new FirstSeen();
  items.forEach((value, i) => {
    const path = `fx_rates[${i}]`;
    const o = fileObject(value, path, FX_RATE_KEYS, problems);
    if (o === null) return;
    const base = requiredText(o, 'base', path, problems);
    const quote = requiredText(o, 'quote', path, problems);
    const date = requiredText(o, 'date', path, problems);
    checkDecimalTexts(o, ['rate'], path, problems);
    const source = o.source ?? 'manual';
    if (!(PRICE_SOURCES as readonly unknown[]).includes(source))
      problems.add(`${path}.source`, `must be one of ${PRICE_SOURCES.join(', ')}`);
    if (base === null || quote === null || date === null) return;
    // The rules of POST /fx-rates, so that a file holds only rates the API could have stored.
    const errors = new FieldErrors();
    const rate = checkFxRate({ base, quote, date, rate: o.rate }, errors, path);
    for (const e of errors.items) problems.add(e.field, e.message);
    if (rate === null) return;
    days.check(
      `${rate.base}\u0000${rate.quote}\u0000${rate.date}`,
      `${path}.date`,
      problems,
      (first) => `${rate.base}/${rate.quote} on ${rate.date} is also at ${first}`,
    );
    rates.push({ ...rate, rate: rate.rate.toFixed(), source: source as PriceSource });
  });
  return rates;
}

function readPortfolios(items: unknown[], index: FileIndex, problems: Problems): FilePortfolio[] {
  const portfolios: FilePortfolio[] = [];
  const names = new FirstSeen();
  items.forEach((value, i) => {
    const path = `portfolios[${i}]`;
    const o = fileObject(value, path, PORTFOLIO_KEYS, problems);
    if (o === null) return;
    const text = (key: string) => optionalText(o, key, path, problems) ?? undefined;
    const fields = problems.rule(path, () =>
      applyPortfolioPatch(
        DEFAULT_PORTFOLIO,
        {
          name: text('name'),
          description: optionalText(o, 'description', path, problems),
          currency: text('currency'),
          costBasisMethod: text('cost_basis_method'),
          isActive: optionalBoolean(o, 'is_active', path, problems),
        },
        true,
      ),
    );
    const createdAt = optionalTimestamp(o, 'created_at', path, problems);
    const updatedAt = optionalTimestamp(o, 'updated_at', path, problems);
    const id = index.portfolios.claim(o, path, problems, null);
    if (fields !== null)
      names.check(
        fields.name.toLowerCase(),
        `${path}.name`,
        problems,
        (first) => `'${fields.name}' is also at ${first}`,
      );
    const trades = readTrades(o, path, id, index, problems);
    const balances = readBalances(o, path, id, index, problems);
    if (fields !== null && id !== null) portfolios.push({ id, ...fields, createdAt, updatedAt, trades, balances });
  });
  return portfolios;
}

/** A trade or balance lists its portfolio's id as the API does; in the file it can only be the enclosing one. */
function checkOwnPortfolio(o: FileObject, path: string, portfolioId: string | null, problems: Problems): void {
  if (o.portfolio_id !== undefined && portfolioId !== null && o.portfolio_id !== portfolioId)
    problems.add(`${path}.portfolio_id`, 'must be the id of the portfolio that lists it');
}

/** A symbol given beside a stock_id (as the API answers it) must be that stock's. */
function checkSymbol(o: FileObject, path: string, stock: FileStock | null, problems: Problems): void {
  if (o.symbol !== undefined && stock !== null && o.symbol !== stock.symbol)
    problems.add(`${path}.symbol`, `must be the symbol of the stock it names (${stock.symbol})`);
}

function readTrades(
  portfolio: FileObject,
  portfolioPath: string,
  portfolioId: string | null,
  index: FileIndex,
  problems: Problems,
): FileTrade[] {
  const listPath = `${portfolioPath}.transactions`;
  const before = problems.count;
  const trades: Array<FileTrade & { path: string; symbol: string }> = [];
  fileList(portfolio.transactions, listPath, problems).forEach((value, j) => {
    const path = `${listPath}[${j}]`;
    const o = fileObject(value, path, TRADE_KEYS, problems);
    if (o === null) return;
    checkOwnPortfolio(o, path, portfolioId, problems);
    const stock = index.stocks.resolve(o, 'stock_id', path, problems, 'stock', true);
    checkSymbol(o, path, stock?.value ?? null, problems);
    checkDecimalTexts(o, ['quantity', 'price', 'fee', 'amount'], path, problems);
    const result = validateTrade({
      type: typeof o.type === 'string' ? o.type.trim().toLowerCase() : o.type,
      quantity: o.quantity,
      price: o.price,
      fee: o.fee,
      amount: o.amount,
      ratio: o.ratio,
      tradeDate: o.trade_date,
      notes: o.notes,
    });
    if (!result.ok) for (const e of result.errors) problems.add(fieldPath(path, e.field), e.message);
    const createdAt = optionalTimestamp(o, 'created_at', path, problems);
    const link = portfolioId === null || stock === null ? null : { portfolioId, stockId: stock.id };
    const id = index.trades.claim(o, path, problems, link);
    if (result.ok && id !== null && stock?.value)
      trades.push({ id, stockId: stock.id, trade: result.trade, createdAt, path, symbol: stock.value.symbol });
  });
  if (problems.count > before) return [];
  checkHistory(trades, problems);
  // Same-day trades apply in the order the file lists them.
  const ordered = trades.map((t, i) => ({ t, day: toDay(t.trade.tradeDate), i }));
  ordered.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.i - b.i));
  return ordered.map(({ t }) => ({ id: t.id, stockId: t.stockId, trade: t.trade, createdAt: t.createdAt }));
}

/** The portfolio's history, replayed in the order listed: no sell may take more shares than are held then. */
function checkHistory(trades: ReadonlyArray<FileTrade & { path: string; symbol: string }>, problems: Problems): void {
  const violation = validateHistory(
    trades.map((t, seq) => toTradeRecord({ id: t.id, stockId: t.stockId, ...t.trade, seq })),
  );
  if (violation === null) return;
  const sell = trades.find((t) => t.id === violation.tradeId);
  if (sell !== undefined) problems.add(`${sell.path}.quantity`, sellRefusal(violation, sell.symbol));
}

function readBalances(
  portfolio: FileObject,
  portfolioPath: string,
  portfolioId: string | null,
  index: FileIndex,
  problems: Problems,
): FileBalance[] {
  const listPath = `${portfolioPath}.balances`;
  const balances: FileBalance[] = [];
  const dates = new FirstSeen();
  fileList(portfolio.balances, listPath, problems).forEach((value, j) => {
    const path = `${listPath}[${j}]`;
    const o = fileObject(value, path, BALANCE_KEYS, problems);
    if (o === null) return;
    checkOwnPortfolio(o, path, portfolioId, problems);
    checkDecimalTexts(o, ['final_balance', 'deposits', 'withdrawals', 'index_change'], path, problems);
    const fields = problems.rule(path, () =>
      applyBalancePatch(null, {
        date: optionalText(o, 'date', path, problems) ?? undefined,
        finalBalance: o.final_balance,
        deposits: o.deposits,
        withdrawals: o.withdrawals,
        indexChange: o.index_change,
      }),
    );
    const createdAt = optionalTimestamp(o, 'created_at', path, problems);
    const updatedAt = optionalTimestamp(o, 'updated_at', path, problems);
    const id = index.balances.claim(o, path, problems, null);
    if (fields === null || id === null) return;
    dates.check(fields.date, `${path}.date`, problems, (first) => `${fields.date} is also at ${first}`);
    balances.push({ id, ...fields, createdAt, updatedAt });
  });
  return balances;
}

/**
 * A target's status and the close that decided it. The API sets the triggering close itself, so the file
 * can only hold what it produces: both or neither, and only on a target that is hit or failed.
 */
function readTargetState(o: FileObject, path: string, problems: Problems) {
  const status = o.status ?? 'active';
  if (!isTargetStatus(status)) problems.add(`${path}.status`, 'must be one of active, hit, failed, cancelled');
  let triggeredPrice: string | null = null;
  if (o.triggered_price !== undefined && o.triggered_price !== null) {
    const price = parseDecimal(o.triggered_price);
    if (price === null || (price.isNegative() && !price.isZero()))
      problems.add(`${path}.triggered_price`, 'must be a decimal number, 0 or more');
    else triggeredPrice = price.abs().toFixed();
  }
  let triggeredOn: string | null = null;
  if (o.triggered_on !== undefined && o.triggered_on !== null) {
    if (typeof o.triggered_on === 'string' && isDay(o.triggered_on)) triggeredOn = o.triggered_on;
    else problems.add(`${path}.triggered_on`, 'must be a date YYYY-MM-DD');
  }
  const triggered = (o.triggered_price ?? null) !== null || (o.triggered_on ?? null) !== null;
  if (triggered && (triggeredPrice === null) !== (triggeredOn === null))
    problems.add(`${path}.triggered_on`, 'triggered_price and triggered_on are given together, or neither');
  if (triggered && status !== 'hit' && status !== 'failed')
    problems.add(`${path}.status`, `a ${String(status)} target has no triggering close`);
  return { status: isTargetStatus(status) ? status : 'active', triggeredPrice, triggeredOn } as const;
}

function readTargets(items: unknown[], index: FileIndex, problems: Problems): FileTarget[] {
  const targets: FileTarget[] = [];
  items.forEach((value, i) => {
    const path = `targets[${i}]`;
    const o = fileObject(value, path, TARGET_KEYS, problems);
    if (o === null) return;
    const portfolio = index.portfolios.resolve(o, 'portfolio_id', path, problems, 'portfolio', true);
    const stock = index.stocks.resolve(o, 'stock_id', path, problems, 'stock', true);
    checkSymbol(o, path, stock?.value ?? null, problems);
    checkDecimalTexts(o, ['pivot_price', 'failure_price', 'triggered_price'], path, problems);
    const notes = optionalText(o, 'notes', path, problems);
    const values = problems.rule(path, () =>
      applyTargetPatch(null, { pivotPrice: o.pivot_price, failurePrice: o.failure_price, notes }),
    );
    const state = readTargetState(o, path, problems);
    const createdAt = optionalTimestamp(o, 'created_at', path, problems);
    const updatedAt = optionalTimestamp(o, 'updated_at', path, problems);
    const id = index.targets.claim(o, path, problems, null);
    if (portfolio === null || stock === null || values === null || id === null) return;
    targets.push({ id, portfolioId: portfolio.id, stockId: stock.id, ...values, ...state, createdAt, updatedAt });
  });
  return targets;
}

/** What a journal entry of the file is read onto: every value comes from the file. */
const NO_JOURNAL_ENTRY: JournalValues = {
  content: '',
  entryDate: '',
  portfolioId: null,
  stockId: null,
  transactionId: null,
  tags: [],
  sentiment: null,
};

function readJournal(items: unknown[], index: FileIndex, problems: Problems): FileJournalEntry[] {
  const entries: FileJournalEntry[] = [];
  items.forEach((value, i) => {
    const path = `journal[${i}]`;
    const o = fileObject(value, path, JOURNAL_KEYS, problems);
    if (o === null) return;
    const portfolio = index.portfolios.resolve(o, 'portfolio_id', path, problems, 'portfolio', false);
    const stock = index.stocks.resolve(o, 'stock_id', path, problems, 'stock', false);
    const trade = index.trades.resolve(o, 'transaction_id', path, problems, 'transaction', false);
    const links = { portfolioId: portfolio?.id ?? null, stockId: stock?.id ?? null };
    const problem = trade?.value ? tradeLinkProblem(links, trade.value) : null;
    if (problem !== null) problems.add(`${path}.transaction_id`, problem);

    const entryDate = requiredText(o, 'entry_date', path, problems);
    const tags = o.tags ?? null;
    const tagList = tags === null || (Array.isArray(tags) && tags.every((t) => typeof t === 'string')) ? tags : null;
    if (tagList !== tags) problems.add(`${path}.tags`, 'must be a list of text');
    const fields = problems.rule(path, () =>
      applyJournalPatch(
        NO_JOURNAL_ENTRY,
        {
          content: optionalText(o, 'content', path, problems) ?? '',
          entryDate: entryDate ?? undefined,
          ...links,
          transactionId: trade?.id ?? null,
          tags: tagList as string[] | null,
          sentiment: optionalText(o, 'sentiment', path, problems) ?? null,
        },
        true,
      ),
    );
    const createdAt = optionalTimestamp(o, 'created_at', path, problems);
    const updatedAt = optionalTimestamp(o, 'updated_at', path, problems);
    const id = index.journal.claim(o, path, problems, null);
    if (fields === null || id === null || entryDate === null) return;
    entries.push({ id, ...fields, createdAt, updatedAt });
  });
  return entries;
}
