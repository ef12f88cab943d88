import { FieldErrors } from './errors.js';
import { isDay } from './portfolio/dates.js';
import { textLength } from './text.js';

/** The rules of a journal entry (product.md section 5 "Journal"): content, tags and sentiment. */

export const SENTIMENTS = ['bullish', 'bearish', 'neutral'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

const MAX_JOURNAL_CONTENT = 10_000;
export const MAX_TAGS = 10;
const MAX_TAG_LENGTH = 50;

/** Content is trimmed, then must be 1-10,000 characters (code points). */
export function journalContent(value: string, errors: FieldErrors): string {
  const content = value.trim();
  if (content === '') errors.add('content', 'Content is required');
  else if (textLength(content) > MAX_JOURNAL_CONTENT)
    errors.add('content', `Content must be at most ${MAX_JOURNAL_CONTENT} characters`);
  return content;
}

/**
 * Tags are trimmed and lower-cased (so "Earnings" and " earnings " are one tag), each 1-50 characters, kept in
 * the order first given; at most 10 distinct tags. `null` means no tags.
 */
export function journalTags(values: readonly string[] | null, errors: FieldErrors): string[] {
  const tags: string[] = [];
  if (values === null) return tags;
  values.forEach((value, i) => {
    const tag = value.trim().toLowerCase();
    if (tag === '') errors.add(`tags.${i}`, 'A tag must not be blank');
    else if (textLength(tag) > MAX_TAG_LENGTH)
      errors.add(`tags.${i}`, `A tag must be at most ${MAX_TAG_LENGTH} characters`);
    else if (!tags.includes(tag)) tags.push(tag);
  });
  if (tags.length > MAX_TAGS) errors.add('tags', `At most ${MAX_TAGS} tags`);
  return tags;
}

/** A sentiment filter or field: case-insensitive, stored lower-case; blank or `null` is none. */
export function journalSentiment(value: string | null, errors: FieldErrors, field = 'sentiment'): Sentiment | null {
  if (value === null) return null;
  const sentiment = value.trim().toLowerCase();
  if (sentiment === '') return null;
  if (!(SENTIMENTS as readonly string[]).includes(sentiment)) {
    errors.add(field, `Sentiment must be one of ${SENTIMENTS.join(', ')}`);
    return null;
  }
  return sentiment as Sentiment;
}

/** An entry's values, as stored. */
export interface JournalValues {
  content: string;
  /** YYYY-MM-DD */
  entryDate: string;
  portfolioId: string | null;
  stockId: string | null;
  transactionId: string | null;
  tags: string[];
  sentiment: Sentiment | null;
}

/** A create or update as received: `undefined` = omitted (unchanged), `null` clears. */
export interface JournalPatch {
  content?: string;
  entryDate?: string;
  portfolioId?: string | null;
  stockId?: string | null;
  transactionId?: string | null;
  tags?: string[] | null;
  sentiment?: string | null;
}

/**
 * The entry after a patch, every value checked (content is required when `creating`); throws a ValidationError
 * naming each bad field. Links are taken as given: whether they name the household's objects is the caller's to
 * check.
 */
export function applyJournalPatch(current: JournalValues, patch: JournalPatch, creating: boolean): JournalValues {
  const errors = new FieldErrors();
  const next: JournalValues = { ...current };
  if (patch.content !== undefined || creating) next.content = journalContent(patch.content ?? '', errors);
  if (patch.entryDate !== undefined) {
    const date = patch.entryDate.trim();
    if (isDay(date)) next.entryDate = date;
    else errors.add('entry_date', 'must be a date YYYY-MM-DD');
  }
  if (patch.portfolioId !== undefined) next.portfolioId = patch.portfolioId;
  if (patch.stockId !== undefined) next.stockId = patch.stockId;
  if (patch.transactionId !== undefined) next.transactionId = patch.transactionId;
  if (patch.tags !== undefined) next.tags = journalTags(patch.tags, errors);
  if (patch.sentiment !== undefined) next.sentiment = journalSentiment(patch.sentiment, errors);
  errors.throwIfAny();
  return next;
}

/**
 * Why an entry may not link this trade, or null: a linked trade must agree with the entry's other links (be in its
 * portfolio, of its stock).
 */
export function tradeLinkProblem(
  links: { portfolioId: string | null; stockId: string | null },
  trade: { portfolioId: string; stockId: string },
): string | null {
  if (links.portfolioId !== null && trade.portfolioId !== links.portfolioId)
    return 'The transaction is not in the linked portfolio';
  if (links.stockId !== null && trade.stockId !== links.stockId) return 'The transaction is not of the linked stock';
  return null;
}

/** A tag filter, normalized the way tags are stored. */
export function normalizeTag(value: string): string {
  return value.trim().toLowerCase();
}

/** Free text of a query (a search or a tag filter): trimmed; blank is unset. */
export function queryText(value: string | undefined): string | undefined {
  const text = value?.trim();
  if (text === undefined || text === '') return undefined;
  return text;
}
