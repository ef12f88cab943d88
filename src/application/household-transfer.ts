import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import { assertOwner } from '../domain/household.js';
import type { HouseholdFileContents } from '../domain/transfer/household-file.js';
import { readHouseholdFile } from '../domain/transfer/read.js';
import { withNewIds } from '../domain/transfer/remap.js';
import type { AppContext } from './context.js';
import type {
  Balance,
  Household,
  JournalEntry,
  Portfolio,
  Repositories,
  Stock,
  StockPriceRecord,
  StoredFxRate,
  Target,
  TradeWithSymbol,
  User,
} from './ports.js';
import { rebuildPositions } from './positions.js';
import type { Principal } from './principal.js';
import { tradeFields } from './trades.js';

/**
 * The household file of product.md section 12: the whole household out (export) and into an empty household
 * (import). Objects come in a fixed order that does not depend on ids or on the database's collation, so two
 * exports of the same data are the same file.
 */

export interface HouseholdSnapshot {
  exportedAt: Date;
  household: Household;
  /** By email. */
  members: User[];
  /** By symbol. */
  stocks: Stock[];
  /** By stock (in the order of `stocks`), then date. */
  prices: StockPriceRecord[];
  /** Every exchange rate of the household, by pair (base, then quote), then date. */
  fxRates: StoredFxRate[];
  /** By name; each with its trades in the order they apply and its balances by date. */
  portfolios: Array<{ portfolio: Portfolio; trades: TradeWithSymbol[]; balances: Balance[] }>;
  /** By creation, then portfolio and symbol. */
  targets: Target[];
  /** By entry date, then creation. */
  journal: JournalEntry[];
}

export interface ImportSummary {
  stocks: number;
  prices: number;
  fxRates: number;
  portfolios: number;
  transactions: number;
  balances: number;
  targets: number;
  journal: number;
}

type SortKey = string | number;

/** Orders by the keys `of` gives, compared left to right (text by code unit, not by locale). */
function sortedBy<T>(items: readonly T[], of: (item: T) => SortKey[]): T[] {
  const keyed = items.map((item) => ({ item, key: of(item) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) {
      const x = a.key[i] as SortKey;
      const y = b.key[i] as SortKey;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  });
  return keyed.map((k) => k.item);
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group === undefined) groups.set(key(item), [item]);
    else group.push(item);
  }
  return groups;
}

/** Everything the household holds, read in one snapshot so that every reference resolves (owners only). */
export function exportHousehold(ctx: AppContext, caller: Principal): Promise<HouseholdSnapshot> {
  assertOwner(caller.role);
  const exportedAt = ctx.now();
  return ctx.unitOfWork(
    async (repos) => {
      const household = await repos.households.getById(caller.householdId);
      if (household === null) throw new NotFoundError('Household');
      const members = await repos.users.getAllByHousehold(household.id);
      const stocks = sortedBy(await repos.stocks.getAllByHousehold(household.id), (s) => [s.symbol]);
      const stockOrder = new Map(stocks.map((s, i) => [s.id, i]));
      const symbolOf = new Map(stocks.map((s) => [s.id, s.symbol]));
      const prices = await repos.prices.getAllByStocks(stocks.map((s) => s.id));
      const fxRates = await repos.fxRates.getAll(household.id);
      const portfolios = sortedBy(await repos.portfolios.getAllByHousehold(household.id), (p) => [p.name]);
      const portfolioIds = portfolios.map((p) => p.id);
      const trades = groupBy(await repos.trades.getHistory(portfolioIds), (t) => t.portfolioId);
      const balances = groupBy(await repos.balances.getHistory(portfolioIds), (b) => b.portfolioId);
      const portfolioOrder = new Map(portfolios.map((p, i) => [p.id, i]));
      const targets = await repos.targets.getAllByHousehold(household.id);
      const journal = await repos.journal.getAllByHousehold(household.id);
      return {
        exportedAt,
        household,
        members: sortedBy(members, (m) => [m.email]),
        stocks,
        prices: sortedBy(prices, (p) => [stockOrder.get(p.stockId) ?? -1, p.date]),
        fxRates: sortedBy(fxRates, (r) => [r.base, r.quote, r.date]),
        portfolios: portfolios.map((portfolio) => ({
          portfolio,
          trades: (trades.get(portfolio.id) ?? []).map((t) => ({ ...t, symbol: symbolOf.get(t.stockId) ?? '' })),
          balances: balances.get(portfolio.id) ?? [],
        })),
        targets: sortedBy(targets, (t) => [
          t.createdAt.getTime(),
          portfolioOrder.get(t.portfolioId) ?? -1,
          t.symbol,
          t.pivotPrice,
          t.failurePrice,
        ]),
        journal: sortedBy(journal, (e) => [e.entryDate, e.createdAt.getTime(), e.content]),
      };
    },
    { snapshot: true },
  );
}

/**
 * Loads a household file into the caller's household, which must have no stock and no portfolio yet (else
 * 409). The file is checked as a whole first (so a malformed file is 400 even into a household that is not
 * empty), every object gets a new id, and everything is written in one transaction; members are not
 * imported. Owners only.
 */
export async function importHousehold(ctx: AppContext, caller: Principal, file: unknown): Promise<ImportSummary> {
  assertOwner(caller.role);
  const contents = withNewIds(readHouseholdFile(file), ctx.newId);
  const now = ctx.now();
  const notEmpty = (what: string) =>
    new ConflictError(`${what}: a household file is loaded only into an empty household`);
  await ctx.unitOfWork(async (repos) => {
    await repos.households.lock(caller.householdId);
    if (await repos.households.hasStocksOrPortfolios(caller.householdId))
      throw notEmpty('The household already has stocks or portfolios');
    try {
      await store(repos, caller.householdId, contents, now);
    } catch (error) {
      // A stock or portfolio created meanwhile (creating one does not wait for the lock) whose symbol or name
      // the file also has: the household is no longer empty.
      if (error instanceof ConflictError)
        throw notEmpty('A stock or portfolio the file also has was added to the household while the file was loading');
      throw error;
    }
  });
  return {
    stocks: contents.stocks.length,
    prices: contents.prices.length,
    fxRates: contents.fxRates.length,
    portfolios: contents.portfolios.length,
    transactions: contents.portfolios.reduce((n, p) => n + p.trades.length, 0),
    balances: contents.portfolios.reduce((n, p) => n + p.balances.length, 0),
    targets: contents.targets.length,
    journal: contents.journal.length,
  };
}

/** Writes the contents (already given new ids); timestamps missing from the file are the import's. */
async function store(repos: Repositories, householdId: string, contents: HouseholdFileContents, now: Date) {
  const stamps = (o: { createdAt: Date | null; updatedAt: Date | null }) => ({
    createdAt: o.createdAt ?? now,
    updatedAt: o.updatedAt ?? now,
  });
  await repos.households.updateConcentrationLimit(householdId, contents.concentrationLimit);
  await repos.households.updateBaseCurrency(householdId, contents.baseCurrency);
  await repos.stocks.insertMany(contents.stocks.map((s) => ({ ...s, householdId, ...stamps(s) })));
  await repos.prices.insertMany(contents.prices);
  await storeFxRates(repos, householdId, contents.fxRates);
  const portfolios: Portfolio[] = contents.portfolios.map((p) => ({
    id: p.id,
    householdId,
    name: p.name,
    description: p.description,
    currency: p.currency,
    costBasisMethod: p.costBasisMethod,
    isActive: p.isActive,
    ...stamps(p),
  }));
  await repos.portfolios.insertMany(portfolios);
  await repos.trades.insertMany(
    contents.portfolios.flatMap((p) =>
      p.trades.map((t) => ({
        ...tradeFields(t.stockId, t.trade),
        id: t.id,
        householdId,
        portfolioId: p.id,
        createdAt: t.createdAt ?? now,
      })),
    ),
  );
  await repos.balances.insertMany(
    contents.portfolios.flatMap((p) => p.balances.map((b) => ({ ...b, householdId, portfolioId: p.id, ...stamps(b) }))),
  );
  await repos.targets.insertMany(contents.targets.map((t) => ({ ...t, householdId, ...stamps(t) })));
  await repos.journal.insertMany(contents.journal.map((e) => ({ ...e, householdId, ...stamps(e) })));
  for (const portfolio of portfolios) await rebuildPositions(repos, portfolio);
  await repos.households.bumpDataVersion(householdId);
}

/** Rates written per statement when they meet rates the household already has. */
const FX_RATE_BATCH = 1000;

/**
 * The file's exchange rates. Rates are the household's, not its stocks', so a household without stocks and
 * portfolios may already have some (entered before the import): those of other days stay, and one of the same
 * pair and day is decided by the rule of every rate write, the file's manual rate replacing it and the file's
 * provider rate replacing only a provider one, never a rate entered by hand.
 */
async function storeFxRates(repos: Repositories, householdId: string, rates: StoredFxRate[]): Promise<void> {
  if (rates.length === 0) return;
  if ((await repos.fxRates.getPage(householdId, {}, { page: 1, size: 1, sort: [] })).total === 0) {
    await repos.fxRates.insertMany(householdId, rates);
    return;
  }
  for (const source of ['manual', 'provider'] as const) {
    const ofSource = rates.filter((r) => r.source === source);
    for (let from = 0; from < ofSource.length; from += FX_RATE_BATCH)
      await repos.fxRates.upsert(householdId, ofSource.slice(from, from + FX_RATE_BATCH), source);
  }
}

/**
 * The owner of the household named by `nameOrId` (its id, or its exact name when no other household has it),
 * for the command line, which acts as that owner.
 */
export async function householdOwner(ctx: AppContext, nameOrId: string): Promise<Principal> {
  const byId = await ctx.repos.households.getById(nameOrId);
  const matches = byId === null ? await ctx.repos.households.getAllByName(nameOrId) : [byId];
  const household = matches[0];
  if (household === undefined) throw new NotFoundError(`Household '${nameOrId}'`);
  if (matches.length > 1) {
    const message = `${matches.length} households are named '${nameOrId}': give the id of one (${matches.map((h) => h.id).join(', ')})`;
    throw new ValidationError([{ field: 'household', message }], message);
  }
  const owner = (await ctx.repos.users.getAllByHousehold(household.id)).find((u) => u.role === 'owner');
  if (owner === undefined) throw new NotFoundError(`An owner of household '${household.name}'`);
  return { userId: owner.id, householdId: household.id, role: 'owner', isAdmin: owner.isAdmin, tokenHash: '' };
}
