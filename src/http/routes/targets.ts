import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../application/context.js';
import type { Target } from '../../application/ports.js';
import { createTarget, deleteTarget, getTarget, listTargets, updateTarget } from '../../application/targets.js';
import { Decimal, formatPrice } from '../../domain/decimal.js';
import { principalOf } from '../auth.js';
import {
  DecimalInput,
  DecimalString,
  IdParams,
  NoContent,
  NullableString,
  PageQuery,
  pageOf,
  responses,
  Timestamp,
} from '../schemas.js';

const STATUS = { description: 'active | hit | failed | cancelled' };

export const TargetView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  portfolio_id: Type.String({ format: 'uuid' }),
  stock_id: Type.String({ format: 'uuid' }),
  symbol: Type.String({ description: "The stock's symbol" }),
  pivot_price: DecimalString,
  failure_price: DecimalString,
  status: Type.String({ enum: ['active', 'hit', 'failed', 'cancelled'] }),
  notes: Type.String(),
  triggered_price: Type.Union([DecimalString, Type.Null()]),
  triggered_on: Type.Union([Type.String({ description: 'YYYY-MM-DD of the close that decided it' }), Type.Null()]),
  created_at: Timestamp,
  updated_at: Timestamp,
});

const CreateTargetBody = Type.Object(
  {
    portfolio_id: Type.String({ maxLength: 100 }),
    stock_id: Type.String({ maxLength: 100 }),
    pivot_price: DecimalInput,
    failure_price: DecimalInput,
    notes: Type.Optional(NullableString({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);
const UpdateTargetBody = Type.Object(
  {
    status: Type.Optional(Type.String({ maxLength: 20, ...STATUS })),
    pivot_price: Type.Optional(DecimalInput),
    failure_price: Type.Optional(DecimalInput),
    notes: Type.Optional(NullableString({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);
const TargetListQuery = Type.Object(
  {
    ...PageQuery,
    status: Type.Optional(Type.String({ maxLength: 20, ...STATUS })),
    portfolio_id: Type.Optional(Type.String({ maxLength: 100 })),
    stock_id: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

export function targetView(t: Target) {
  return {
    id: t.id,
    portfolio_id: t.portfolioId,
    stock_id: t.stockId,
    symbol: t.symbol,
    pivot_price: formatPrice(new Decimal(t.pivotPrice)),
    failure_price: formatPrice(new Decimal(t.failurePrice)),
    status: t.status,
    notes: t.notes,
    triggered_price: t.triggeredPrice === null ? null : formatPrice(new Decimal(t.triggeredPrice)),
    triggered_on: t.triggeredOn,
    created_at: t.createdAt.toISOString(),
    updated_at: t.updatedAt.toISOString(),
  };
}

export const targetRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['targets'];
    const config = { access: 'authenticated' as const };

    app.post(
      '/targets',
      {
        config,
        schema: {
          tags,
          summary: 'Set a price target for a stock in a portfolio (pivot and failure prices differ)',
          body: CreateTargetBody,
          response: responses({ 201: TargetView }),
        },
      },
      async (request, reply) => {
        const body = request.body;
        const target = await createTarget(ctx, principalOf(request), {
          portfolioId: body.portfolio_id,
          stockId: body.stock_id,
          pivotPrice: body.pivot_price,
          failurePrice: body.failure_price,
          notes: body.notes,
        });
        return reply.code(201).send(targetView(target));
      },
    );

    app.get(
      '/targets',
      {
        config,
        schema: {
          tags,
          summary: 'List targets (sort fields: created_at, updated_at, status, pivot_price, failure_price)',
          querystring: TargetListQuery,
          response: responses({ 200: pageOf(TargetView) }),
        },
      },
      async (request) => {
        const page = await listTargets(ctx, principalOf(request), request.query);
        return { ...page, items: page.items.map(targetView) };
      },
    );

    app.get(
      '/targets/:id',
      { config, schema: { tags, summary: 'Get a target', params: IdParams, response: responses({ 200: TargetView }) } },
      async (request) => targetView(await getTarget(ctx, principalOf(request), request.params.id)),
    );

    app.patch(
      '/targets/:id',
      {
        config,
        schema: {
          tags,
          summary: 'Change prices, notes or status (active → hit | failed | cancelled, cancelled → active; others 422)',
          params: IdParams,
          body: UpdateTargetBody,
          response: responses({ 200: TargetView }),
        },
      },
      async (request) => {
        const body = request.body;
        const target = await updateTarget(ctx, principalOf(request), request.params.id, {
          status: body.status,
          pivotPrice: body.pivot_price,
          failurePrice: body.failure_price,
          notes: body.notes,
        });
        return targetView(target);
      },
    );

    app.delete(
      '/targets/:id',
      {
        config,
        schema: { tags, summary: 'Delete a target', params: IdParams, response: responses({ 204: NoContent }) },
      },
      async (request, reply) => {
        await deleteTarget(ctx, principalOf(request), request.params.id);
        return reply.code(204).send();
      },
    );
  };
