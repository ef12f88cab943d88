import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../application/context.js';
import type { TradeWithSymbol } from '../../application/ports.js';
import {
  createTrade,
  deleteTrade,
  getTrade,
  listTrades,
  type TradeInput,
  updateTrade,
} from '../../application/trades.js';
import { formatMoney, formatPrice, formatQuantity, parseDecimal } from '../../domain/decimal.js';
import { principalOf } from '../auth.js';
import { DecimalInput, NoContent, NullableString, PageQuery, pageOf, responses, Timestamp } from '../schemas.js';

const nullableDecimal = Type.Optional(Type.Union([DecimalInput, Type.Null()]));
const tradeFields = {
  stock_id: Type.String({ maxLength: 100 }),
  type: Type.String({ maxLength: 20, description: 'buy | sell | dividend | split' }),
  quantity: nullableDecimal,
  price: nullableDecimal,
  fee: nullableDecimal,
  amount: nullableDecimal,
  ratio: Type.Optional(Type.Union([Type.String({ maxLength: 50 }), Type.Null()], { description: 'e.g. "4:1"' })),
  trade_date: Type.String({ maxLength: 40, description: 'YYYY-MM-DD or an ISO 8601 timestamp' }),
  notes: Type.Optional(NullableString({ maxLength: 5000 })),
};
const CreateTradeBody = Type.Object(tradeFields, { additionalProperties: false });
const UpdateTradeBody = Type.Object(
  {
    ...tradeFields,
    stock_id: Type.Optional(tradeFields.stock_id),
    type: Type.Optional(tradeFields.type),
    trade_date: Type.Optional(tradeFields.trade_date),
  },
  { additionalProperties: false },
);
export const TradeView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  portfolio_id: Type.String({ format: 'uuid' }),
  stock_id: Type.String({ format: 'uuid' }),
  symbol: Type.String({ description: "The stock's symbol" }),
  type: Type.String({ enum: ['buy', 'sell', 'dividend', 'split'] }),
  quantity: NullableString(),
  price: NullableString(),
  fee: NullableString(),
  amount: NullableString(),
  ratio: NullableString(),
  trade_date: Type.String(),
  notes: Type.String(),
  created_at: Timestamp,
});
const TradeParams = Type.Object({ id: Type.String(), transaction_id: Type.String() });
const PortfolioParams = Type.Object({ id: Type.String() });
const TradeListQuery = Type.Object(
  {
    ...PageQuery,
    stock_id: Type.Optional(Type.String({ maxLength: 100 })),
    type: Type.Optional(Type.String({ maxLength: 20 })),
    from: Type.Optional(Type.String({ maxLength: 40, description: 'first trade date, YYYY-MM-DD' })),
    to: Type.Optional(Type.String({ maxLength: 40, description: 'last trade date, YYYY-MM-DD' })),
  },
  { additionalProperties: false },
);

type TradeBody = { [K in keyof typeof tradeFields]?: unknown };

function toInput(body: TradeBody): TradeInput {
  return {
    stockId: body.stock_id,
    type: typeof body.type === 'string' ? body.type.trim().toLowerCase() : body.type,
    quantity: body.quantity,
    price: body.price,
    fee: body.fee,
    amount: body.amount,
    ratio: body.ratio,
    tradeDate: body.trade_date,
    notes: body.notes,
  };
}

const decimal = (value: string | null, format: (d: NonNullable<ReturnType<typeof parseDecimal>>) => string) => {
  const parsed = value === null ? null : parseDecimal(value);
  return parsed === null ? null : format(parsed);
};

export function tradeView(t: TradeWithSymbol) {
  return {
    id: t.id,
    portfolio_id: t.portfolioId,
    stock_id: t.stockId,
    symbol: t.symbol,
    type: t.type,
    quantity: decimal(t.quantity, formatQuantity),
    price: decimal(t.price, formatPrice),
    fee: decimal(t.fee, formatMoney),
    amount: decimal(t.amount, formatMoney),
    ratio: t.ratio,
    trade_date: t.tradeTime?.toISOString() ?? t.tradeDate,
    notes: t.notes,
    created_at: t.createdAt.toISOString(),
  };
}

/**
 * A stored first answer, given again as the schema would send it (its fields in TradeView's order), but only
 * with the fields it has: an answer stored by an earlier version, before a field was added, stays valid.
 */
function storedAnswer(body: unknown): string {
  const stored = body as Record<string, unknown>;
  const fields = Object.keys(TradeView.properties).filter((field) => field in stored);
  return JSON.stringify(Object.fromEntries(fields.map((field) => [field, stored[field]])));
}

export const tradeRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['transactions'];
    const config = { access: 'authenticated' as const };

    app.post(
      '/portfolios/:id/transactions',
      {
        config,
        schema: {
          tags,
          summary: 'Record a trade (buy, sell, dividend, split); Idempotency-Key makes retries safe',
          params: PortfolioParams,
          headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
          body: CreateTradeBody,
          response: responses({ 201: TradeView }),
        },
      },
      async (request, reply) => {
        const key = request.headers['idempotency-key'];
        const result = await createTrade(
          ctx,
          principalOf(request),
          request.params.id,
          toInput(request.body),
          request.body,
          typeof key === 'string' ? key : undefined,
          tradeView,
        );
        if (result.replayed)
          return reply.code(result.status).type('application/json; charset=utf-8').send(storedAnswer(result.body));
        return reply.code(result.status).send(result.body as ReturnType<typeof tradeView>);
      },
    );

    app.get(
      '/portfolios/:id/transactions',
      {
        config,
        schema: {
          tags,
          summary:
            'List trades (sort: trade_date, type, quantity, price, created_at; filters stock_id, type, from, to)',
          params: PortfolioParams,
          querystring: TradeListQuery,
          response: responses({ 200: pageOf(TradeView) }),
        },
      },
      async (request) => {
        const page = await listTrades(ctx, principalOf(request), request.params.id, request.query);
        return { ...page, items: page.items.map(tradeView) };
      },
    );

    app.get(
      '/portfolios/:id/transactions/:transaction_id',
      {
        config,
        schema: { tags, summary: 'Get a trade', params: TradeParams, response: responses({ 200: TradeView }) },
      },
      async (request) =>
        tradeView(await getTrade(ctx, principalOf(request), request.params.id, request.params.transaction_id)),
    );

    app.patch(
      '/portfolios/:id/transactions/:transaction_id',
      {
        config,
        schema: {
          tags,
          summary: 'Edit a trade; the whole history is checked again',
          params: TradeParams,
          body: UpdateTradeBody,
          response: responses({ 200: TradeView }),
        },
      },
      async (request) =>
        tradeView(
          await updateTrade(
            ctx,
            principalOf(request),
            request.params.id,
            request.params.transaction_id,
            toInput(request.body),
          ),
        ),
    );

    app.delete(
      '/portfolios/:id/transactions/:transaction_id',
      {
        config,
        schema: {
          tags,
          summary: 'Delete a trade; the remaining history must still hold',
          params: TradeParams,
          response: responses({ 204: NoContent }),
        },
      },
      async (request, reply) => {
        await deleteTrade(ctx, principalOf(request), request.params.id, request.params.transaction_id);
        return reply.code(204).send();
      },
    );
  };
