import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  balancePerformance,
  createBalance,
  deleteBalance,
  getBalance,
  listBalances,
  updateBalance,
} from '../../application/balances.js';
import type { AppContext } from '../../application/context.js';
import type { Balance } from '../../application/ports.js';
import { Decimal, formatMoney, formatPercent } from '../../domain/decimal.js';
import type { BalancePatch } from '../../domain/portfolio/balances.js';
import { principalOf } from '../auth.js';
import { DecimalInput, DecimalString, NoContent, PageQuery, pageOf, responses, Timestamp } from '../schemas.js';

export const BalanceView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  portfolio_id: Type.String({ format: 'uuid' }),
  date: Type.String({ description: 'YYYY-MM-DD' }),
  final_balance: DecimalString,
  deposits: DecimalString,
  withdrawals: DecimalString,
  index_change: Type.Union([DecimalString, Type.Null()], { description: 'percent, -100 to 100' }),
  created_at: Timestamp,
  updated_at: Timestamp,
});

const PerformancePointView = Type.Object({
  date: Type.String({ description: 'YYYY-MM-DD' }),
  final_balance: DecimalString,
  twr: Type.Union([DecimalString, Type.Null()], {
    description: 'time-weighted return from the first row to this one, percent',
  }),
  index_return: Type.String({ description: "the index's changes from the first row to this one, compounded, percent" }),
});
const BalancePerformance = Type.Object({ items: Type.Array(PerformancePointView) });

const balanceFields = {
  date: Type.String({ maxLength: 40, description: 'YYYY-MM-DD' }),
  final_balance: DecimalInput,
  deposits: Type.Optional(DecimalInput),
  withdrawals: Type.Optional(DecimalInput),
  index_change: Type.Optional(
    Type.Union([DecimalInput, Type.Null()], { description: "The index's change that day in percent, -100 to 100" }),
  ),
};
const CreateBalanceBody = Type.Object(balanceFields, { additionalProperties: false });
const UpdateBalanceBody = Type.Object(
  { ...balanceFields, date: Type.Optional(balanceFields.date), final_balance: Type.Optional(DecimalInput) },
  { additionalProperties: false },
);
const PortfolioParams = Type.Object({ id: Type.String() });
const BalanceParams = Type.Object({ id: Type.String(), balance_id: Type.String() });
const BalanceListQuery = Type.Object(
  {
    ...PageQuery,
    from: Type.Optional(Type.String({ maxLength: 40, description: 'first date, YYYY-MM-DD' })),
    to: Type.Optional(Type.String({ maxLength: 40, description: 'last date, YYYY-MM-DD' })),
  },
  { additionalProperties: false },
);

type BalanceBody = {
  date?: string;
  final_balance?: unknown;
  deposits?: unknown;
  withdrawals?: unknown;
  index_change?: unknown;
};

function toPatch(body: BalanceBody): BalancePatch {
  return {
    date: body.date,
    finalBalance: body.final_balance,
    deposits: body.deposits,
    withdrawals: body.withdrawals,
    indexChange: body.index_change,
  };
}

export function balanceView(b: Balance) {
  return {
    id: b.id,
    portfolio_id: b.portfolioId,
    date: b.date,
    final_balance: formatMoney(new Decimal(b.finalBalance)),
    deposits: formatMoney(new Decimal(b.deposits)),
    withdrawals: formatMoney(new Decimal(b.withdrawals)),
    index_change: b.indexChange === null ? null : formatPercent(new Decimal(b.indexChange)),
    created_at: b.createdAt.toISOString(),
    updated_at: b.updatedAt.toISOString(),
  };
}

export const balanceRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['balances'];
    const config = { access: 'authenticated' as const };

    app.post(
      '/portfolios/:id/balances',
      {
        config,
        schema: {
          tags,
          summary: "Record a portfolio's balance for a date (one per date: a second is 409)",
          params: PortfolioParams,
          body: CreateBalanceBody,
          response: responses({ 201: BalanceView }),
        },
      },
      async (request, reply) => {
        const balance = await createBalance(ctx, principalOf(request), request.params.id, toPatch(request.body));
        return reply.code(201).send(balanceView(balance));
      },
    );

    app.get(
      '/portfolios/:id/balances',
      {
        config,
        schema: {
          tags,
          summary: 'List balances by date (sort fields: date, final_balance, created_at, updated_at)',
          params: PortfolioParams,
          querystring: BalanceListQuery,
          response: responses({ 200: pageOf(BalanceView) }),
        },
      },
      async (request) => {
        const page = await listBalances(ctx, principalOf(request), request.params.id, request.query);
        return { ...page, items: page.items.map(balanceView) };
      },
    );

    app.get(
      '/portfolios/:id/balances/performance',
      {
        config,
        schema: {
          tags,
          summary:
            'Every balance by date with the time-weighted return and the index return so far (the portfolio against the index)',
          params: PortfolioParams,
          response: responses({ 200: BalancePerformance }),
        },
      },
      async (request) => {
        const points = await balancePerformance(ctx, principalOf(request), request.params.id);
        return {
          items: points.map((p) => ({
            date: p.date,
            final_balance: formatMoney(p.finalBalance),
            twr: p.twr === null ? null : formatPercent(p.twr),
            index_return: formatPercent(p.indexReturn),
          })),
        };
      },
    );

    app.get(
      '/portfolios/:id/balances/:balance_id',
      {
        config,
        schema: { tags, summary: 'Get a balance', params: BalanceParams, response: responses({ 200: BalanceView }) },
      },
      async (request) =>
        balanceView(await getBalance(ctx, principalOf(request), request.params.id, request.params.balance_id)),
    );

    app.patch(
      '/portfolios/:id/balances/:balance_id',
      {
        config,
        schema: {
          tags,
          summary: 'Update a balance: omitted fields stay, null clears index_change',
          params: BalanceParams,
          body: UpdateBalanceBody,
          response: responses({ 200: BalanceView }),
        },
      },
      async (request) => {
        const { id, balance_id } = request.params;
        return balanceView(await updateBalance(ctx, principalOf(request), id, balance_id, toPatch(request.body)));
      },
    );

    app.delete(
      '/portfolios/:id/balances/:balance_id',
      {
        config,
        schema: { tags, summary: 'Delete a balance', params: BalanceParams, response: responses({ 204: NoContent }) },
      },
      async (request, reply) => {
        await deleteBalance(ctx, principalOf(request), request.params.id, request.params.balance_id);
        return reply.code(204).send();
      },
    );
  };
