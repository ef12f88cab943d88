import { FieldErrors, NotFoundError, ValidationError } from '../domain/errors.js';
import { assertCanWrite } from '../domain/household.js';
import {
  applyJournalPatch,
  type JournalPatch,
  journalSentiment,
  normalizeTag,
  queryText,
  tradeLinkProblem,
} from '../domain/journal.js';
import type { AppContext } from './context.js';
import { dayRange, requireOwnLinks } from './filters.js';
import { pageRequest } from './pagination.js';
import {
  JOURNAL_SORT_FIELDS,
  type JournalEntry,
  type JournalFields,
  type JournalFilter,
  type Page,
  type Repositories,
} from './ports.js';
import type { Principal } from './principal.js';

export type { JournalPatch } from '../domain/journal.js';

type Links = Pick<JournalFields, 'portfolioId' | 'stockId' | 'transactionId'>;

/**
 * Links must name the household's own portfolio, stock and trade (else 404). A linked trade must also agree with
 * the entry's other links: in its portfolio, of its stock (else 400 on transaction_id).
 */
async function checkLinks(repos: Repositories, householdId: string, links: Links, changed: Links): Promise<void> {
  if (changed.portfolioId && (await repos.portfolios.getById(householdId, changed.portfolioId)) === null)
    throw new NotFoundError('Portfolio');
  if (changed.stockId && (await repos.stocks.getById(householdId, changed.stockId)) === null)
    throw new NotFoundError('Stock');
  if (links.transactionId === null) return;
  const trade = await repos.journal.getTradeLink(householdId, links.transactionId);
  if (trade === null) throw new NotFoundError('Transaction');
  const problem = tradeLinkProblem(links, trade);
  if (problem !== null) throw ValidationError.field('transaction_id', problem);
}

const linksOf = (patch: JournalPatch): Links => ({
  portfolioId: patch.portfolioId ?? null,
  stockId: patch.stockId ?? null,
  transactionId: patch.transactionId ?? null,
});

export async function createJournalEntry(
  ctx: AppContext,
  caller: Principal,
  input: JournalPatch,
): Promise<JournalEntry> {
  assertCanWrite(caller.role);
  const empty: JournalFields = {
    content: '',
    entryDate: ctx.now().toISOString().slice(0, 10),
    portfolioId: null,
    stockId: null,
    transactionId: null,
    tags: [],
    sentiment: null,
  };
  const fields = applyJournalPatch(empty, input, true);
  return ctx.unitOfWork(async (repos) => {
    await checkLinks(repos, caller.householdId, fields, linksOf(input));
    return repos.journal.create({ id: ctx.newId(), householdId: caller.householdId, ...fields });
  });
}

export async function getJournalEntry(ctx: AppContext, caller: Principal, id: string): Promise<JournalEntry> {
  const entry = await ctx.repos.journal.getById(caller.householdId, id);
  if (entry === null) throw new NotFoundError('Journal entry');
  return entry;
}

interface JournalQuery {
  page?: number;
  size?: number;
  sort?: string;
  search?: string;
  tag?: string;
  sentiment?: string;
  stock_id?: string;
  portfolio_id?: string;
  from?: string;
  to?: string;
}

/** Filters and pages entries; with `search`, the best matches (ts_rank) come first, then the sort. */
export async function listJournalEntries(
  ctx: AppContext,
  caller: Principal,
  query: JournalQuery,
): Promise<Page<JournalEntry & { rank?: number }>> {
  const request = pageRequest(query, JOURNAL_SORT_FIELDS, [{ field: 'entry_date', direction: 'desc' }]);
  const errors = new FieldErrors();
  const filter: JournalFilter = {};
  try {
    Object.assign(filter, dayRange(query));
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    errors.items.push(...error.details);
  }
  const search = queryText(query.search);
  if (search !== undefined) filter.search = search;
  const tag = queryText(query.tag);
  if (tag !== undefined) filter.tag = normalizeTag(tag);
  const sentiment = query.sentiment === undefined ? null : journalSentiment(query.sentiment, errors);
  if (sentiment !== null) filter.sentiment = sentiment;
  errors.throwIfAny();
  if (query.portfolio_id !== undefined) filter.portfolioId = query.portfolio_id;
  if (query.stock_id !== undefined) filter.stockId = query.stock_id;
  await requireOwnLinks(ctx.repos, caller.householdId, filter);
  return ctx.repos.journal.getPage(caller.householdId, filter, request);
}

export async function updateJournalEntry(
  ctx: AppContext,
  caller: Principal,
  id: string,
  patch: JournalPatch,
): Promise<JournalEntry> {
  assertCanWrite(caller.role);
  return ctx.unitOfWork(async (repos) => {
    const current = await repos.journal.getById(caller.householdId, id);
    if (current === null) throw new NotFoundError('Journal entry');
    const fields = applyJournalPatch(current, patch, false);
    const changed = linksOf(patch);
    const relinked =
      patch.portfolioId !== undefined || patch.stockId !== undefined || patch.transactionId !== undefined;
    if (relinked) await checkLinks(repos, caller.householdId, fields, changed);
    return repos.journal.update(caller.householdId, current.id, fields);
  });
}

export async function deleteJournalEntry(ctx: AppContext, caller: Principal, id: string): Promise<void> {
  assertCanWrite(caller.role);
  await ctx.repos.journal.delete(caller.householdId, id);
}
