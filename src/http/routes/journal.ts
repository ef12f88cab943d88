import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../application/context.js';
import {
  createJournalEntry,
  deleteJournalEntry,
  getJournalEntry,
  type JournalPatch,
  listJournalEntries,
  updateJournalEntry,
} from '../../application/journal.js';
import type { JournalEntry } from '../../application/ports.js';
import { principalOf } from '../auth.js';
import { IdParams, NoContent, NullableString, PageQuery, pageOf, responses, Timestamp } from '../schemas.js';

const NullableId = () => Type.Optional(NullableString({ maxLength: 100 }));

export const JournalView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  content: Type.String(),
  entry_date: Type.String({ description: 'YYYY-MM-DD' }),
  portfolio_id: NullableString(),
  stock_id: NullableString(),
  transaction_id: NullableString(),
  tags: Type.Array(Type.String()),
  sentiment: Type.Union([Type.String({ enum: ['bullish', 'bearish', 'neutral'] }), Type.Null()]),
  created_at: Timestamp,
  updated_at: Timestamp,
});
const JournalSearchItem = Type.Object({
  ...JournalView.properties,
  rank: Type.Optional(Type.Number({ description: 'Full-text rank (ts_rank) when searching; higher is better' })),
});

const journalFields = {
  content: Type.String({ maxLength: 20_000, description: '1-10,000 characters after trimming' }),
  entry_date: Type.Optional(Type.String({ maxLength: 40, description: 'YYYY-MM-DD; default today (UTC)' })),
  portfolio_id: NullableId(),
  stock_id: NullableId(),
  transaction_id: NullableId(),
  tags: Type.Optional(
    Type.Union([Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 }), Type.Null()], {
      description: 'Up to 10 tags of 1-50 characters, stored lower-case',
    }),
  ),
  sentiment: Type.Optional(NullableString({ maxLength: 50 })),
};
const CreateJournalBody = Type.Object(journalFields, { additionalProperties: false });
const UpdateJournalBody = Type.Object(
  { ...journalFields, content: Type.Optional(journalFields.content) },
  { additionalProperties: false },
);
const JournalListQuery = Type.Object(
  {
    ...PageQuery,
    search: Type.Optional(
      Type.String({ maxLength: 500, description: 'Full-text search (English stemming, web search syntax), ranked' }),
    ),
    tag: Type.Optional(Type.String({ maxLength: 200 })),
    sentiment: Type.Optional(Type.String({ maxLength: 50 })),
    stock_id: Type.Optional(Type.String({ maxLength: 100 })),
    portfolio_id: Type.Optional(Type.String({ maxLength: 100 })),
    from: Type.Optional(Type.String({ maxLength: 40, description: 'first entry date, YYYY-MM-DD' })),
    to: Type.Optional(Type.String({ maxLength: 40, description: 'last entry date, YYYY-MM-DD' })),
  },
  { additionalProperties: false },
);

type JournalBody = {
  content?: string;
  entry_date?: string;
  portfolio_id?: string | null;
  stock_id?: string | null;
  transaction_id?: string | null;
  tags?: string[] | null;
  sentiment?: string | null;
};

/** Ids are trimmed; a blank id is no link. */
const id = (value: string | null | undefined) => (value === undefined || value === null ? value : value.trim() || null);

function toPatch(body: JournalBody): JournalPatch {
  return {
    content: body.content,
    entryDate: body.entry_date,
    portfolioId: id(body.portfolio_id),
    stockId: id(body.stock_id),
    transactionId: id(body.transaction_id),
    tags: body.tags,
    sentiment: body.sentiment,
  };
}

export function journalView(entry: JournalEntry & { rank?: number }) {
  return {
    id: entry.id,
    content: entry.content,
    entry_date: entry.entryDate,
    portfolio_id: entry.portfolioId,
    stock_id: entry.stockId,
    transaction_id: entry.transactionId,
    tags: entry.tags,
    sentiment: entry.sentiment,
    created_at: entry.createdAt.toISOString(),
    updated_at: entry.updatedAt.toISOString(),
    ...(entry.rank === undefined ? {} : { rank: Math.round(entry.rank * 1e6) / 1e6 }),
  };
}

export const journalRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['journal'];
    const config = { access: 'authenticated' as const };

    app.post(
      '/journal',
      {
        config,
        schema: {
          tags,
          summary: 'Write a journal entry, optionally linked to a portfolio, a stock and a trade',
          body: CreateJournalBody,
          response: responses({ 201: JournalView }),
        },
      },
      async (request, reply) =>
        reply.code(201).send(journalView(await createJournalEntry(ctx, principalOf(request), toPatch(request.body)))),
    );

    app.get(
      '/journal',
      {
        config,
        schema: {
          tags,
          summary:
            'List journal entries (sort fields: entry_date, created_at, updated_at); with search, best matches first',
          querystring: JournalListQuery,
          response: responses({ 200: pageOf(JournalSearchItem) }),
        },
      },
      async (request) => {
        const page = await listJournalEntries(ctx, principalOf(request), request.query);
        return { ...page, items: page.items.map(journalView) };
      },
    );

    app.get(
      '/journal/:id',
      {
        config,
        schema: { tags, summary: 'Get a journal entry', params: IdParams, response: responses({ 200: JournalView }) },
      },
      async (request) => journalView(await getJournalEntry(ctx, principalOf(request), request.params.id)),
    );

    app.patch(
      '/journal/:id',
      {
        config,
        schema: {
          tags,
          summary: 'Update a journal entry: omitted fields stay, null clears a link, tags or sentiment',
          params: IdParams,
          body: UpdateJournalBody,
          response: responses({ 200: JournalView }),
        },
      },
      async (request) =>
        journalView(await updateJournalEntry(ctx, principalOf(request), request.params.id, toPatch(request.body))),
    );

    app.delete(
      '/journal/:id',
      {
        config,
        schema: { tags, summary: 'Delete a journal entry', params: IdParams, response: responses({ 204: NoContent }) },
      },
      async (request, reply) => {
        await deleteJournalEntry(ctx, principalOf(request), request.params.id);
        return reply.code(204).send();
      },
    );
  };
