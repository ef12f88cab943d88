import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../application/context.js';
import {
  getHoldings,
  getHouseholdAnalytics,
  getPortfolioAnalytics,
  type PortfolioSummary,
} from '../../application/holdings.js';
import {
  createPortfolio,
  deletePortfolio,
  getPortfolio,
  listPortfolios,
  updatePortfolio,
} from '../../application/portfolios.js';
import type { Portfolio } from '../../application/ports.js';
import type { PortfolioPatch } from '../../domain/portfolio/portfolio.js';
import { principalOf } from '../auth.js';
import {
  DecimalString,
  IdParams,
  NoContent,
  NullableString,
  PageQuery,
  pageOf,
  responses,
  Timestamp,
} from '../schemas.js';

export const PortfolioView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  description: Type.String(),
  currency: Type.String(),
  cost_basis_method: Type.String({ enum: ['average', 'fifo'] }),
  is_active: Type.Boolean(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
const PortfolioListItem = Type.Object({
  ...PortfolioView.properties,
  value: DecimalString,
  cost: DecimalString,
  unrealized_pnl: DecimalString,
  realized_pnl: DecimalString,
  dividends: DecimalString,
  position_count: Type.Integer(),
});
const CreatePortfolioBody = Type.Object(
  {
    name: Type.String({ maxLength: 1000 }),
    description: Type.Optional(NullableString({ maxLength: 5000 })),
    currency: Type.Optional(Type.String({ maxLength: 10 })),
    cost_basis_method: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: false },
);
const UpdatePortfolioBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 1000 })),
    description: Type.Optional(NullableString({ maxLength: 5000 })),
    currency: Type.Optional(Type.String({ maxLength: 10 })),
    cost_basis_method: Type.Optional(Type.String({ maxLength: 20 })),
    is_active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const Money = DecimalString;
const HoldingView = Type.Object({
  stock_id: Type.String(),
  symbol: Type.String(),
  quantity: DecimalString,
  average_cost: Type.String({ description: 'Cost per share (a price, up to 6 places), buy fees included' }),
  cost_basis: Money,
  realized_pnl: Money,
  dividends: Money,
  current_price: NullableString(),
  price_date: NullableString(),
  market_value: NullableString(),
  unrealized_pnl: NullableString(),
  unrealized_pnl_pct: NullableString(),
  weight: DecimalString,
  lots: Type.Optional(
    Type.Array(
      Type.Object({
        transaction_id: Type.String(),
        trade_date: Type.String(),
        quantity: DecimalString,
        unit_cost: DecimalString,
        cost_basis: Money,
      }),
    ),
  ),
});
const HoldingsView = Type.Object({
  items: Type.Array(HoldingView),
  totals: Type.Object({
    cost_basis: Money,
    market_value: Money,
    realized_pnl: Money,
    unrealized_pnl: Money,
    dividends: Money,
  }),
});
const Allocation = Type.Array(
  Type.Object({ name: Type.String(), value: Money, percentage: DecimalString }, { additionalProperties: true }),
);
const AnalyticsView = Type.Object({
  value: Money,
  cost: Money,
  realized_pnl: Money,
  unrealized_pnl: Money,
  dividends: Money,
  position_count: Type.Integer(),
  concentration_limit: DecimalString,
  allocation: Type.Object({ by_sector: Allocation, by_industry_group: Allocation, by_stock: Allocation }),
  overweight: Type.Array(
    Type.Object({ symbol: Type.String(), percentage: DecimalString }, { additionalProperties: true }),
  ),
  well_diversified: Type.Boolean(),
  risk: Type.Object({
    level: Type.String({ enum: ['low', 'medium', 'high'] }),
    score: Type.Integer(),
    reasons: Type.Array(Type.String()),
  }),
  performance: Type.Object({
    twr: NullableString(),
    mwr: NullableString(),
    max_drawdown: NullableString(),
    index_return: NullableString(),
    excess_return: NullableString(),
  }),
});

type PortfolioBody = {
  name?: string;
  description?: string | null;
  currency?: string;
  cost_basis_method?: string;
  is_active?: boolean;
};

function toPatch(body: PortfolioBody): PortfolioPatch {
  return {
    name: body.name,
    description: body.description,
    currency: body.currency,
    costBasisMethod: body.cost_basis_method,
    isActive: body.is_active,
  };
}

export function portfolioView(p: Portfolio) {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    currency: p.currency,
    cost_basis_method: p.costBasisMethod,
    is_active: p.isActive,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

function listItemView(p: Portfolio & { summary: PortfolioSummary }) {
  return {
    ...portfolioView(p),
    value: p.summary.value,
    cost: p.summary.cost,
    unrealized_pnl: p.summary.unrealizedPnl,
    realized_pnl: p.summary.realizedPnl,
    dividends: p.summary.dividends,
    position_count: p.summary.positionCount,
  };
}

/** Sends a cached view as it is: it is already encoded JSON of the route's response shape. */
function sendView(reply: FastifyReply, view: Buffer) {
  return reply.type('application/json; charset=utf-8').send(view);
}

export const portfolioRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['portfolios'];
    const config = { access: 'authenticated' as const };

    app.post(
      '/portfolios',
      {
        config,
        schema: {
          tags,
          summary: 'Create a portfolio',
          body: CreatePortfolioBody,
          response: responses({ 201: PortfolioView }),
        },
      },
      async (request, reply) =>
        reply.code(201).send(portfolioView(await createPortfolio(ctx, principalOf(request), toPatch(request.body)))),
    );

    app.get(
      '/portfolios',
      {
        config,
        schema: {
          tags,
          summary:
            'List portfolios with value, cost, unrealized P&L and position count (sort: name, currency, created_at, updated_at)',
          querystring: Type.Object(PageQuery, { additionalProperties: false }),
          response: responses({ 200: pageOf(PortfolioListItem) }),
        },
      },
      async (request) => {
        const page = await listPortfolios(ctx, principalOf(request), request.query);
        return { ...page, items: page.items.map(listItemView) };
      },
    );

    app.get(
      '/portfolios/:id',
      {
        config,
        schema: { tags, summary: 'Get a portfolio', params: IdParams, response: responses({ 200: PortfolioView }) },
      },
      async (request) => portfolioView(await getPortfolio(ctx, principalOf(request), request.params.id)),
    );

    app.patch(
      '/portfolios/:id',
      {
        config,
        schema: {
          tags,
          summary: 'Update a portfolio (is_active switches trading on or off)',
          params: IdParams,
          body: UpdatePortfolioBody,
          response: responses({ 200: PortfolioView }),
        },
      },
      async (request) =>
        portfolioView(await updatePortfolio(ctx, principalOf(request), request.params.id, toPatch(request.body))),
    );

    app.delete(
      '/portfolios/:id',
      {
        config,
        schema: {
          tags,
          summary: 'Delete a portfolio without trades (409 otherwise)',
          params: IdParams,
          response: responses({ 204: NoContent }),
        },
      },
      async (request, reply) => {
        await deletePortfolio(ctx, principalOf(request), request.params.id);
        return reply.code(204).send();
      },
    );

    app.get(
      '/portfolios/:id/holdings',
      {
        config,
        schema: {
          tags,
          summary: 'Holdings derived from the trades, valued at the latest prices',
          params: IdParams,
          response: responses({ 200: HoldingsView }),
        },
      },
      async (request, reply) => sendView(reply, await getHoldings(ctx, principalOf(request), request.params.id)),
    );

    app.get(
      '/portfolios/:id/analytics',
      {
        config,
        schema: {
          tags: ['analytics'],
          summary: "A portfolio's analytics",
          params: IdParams,
          response: responses({ 200: AnalyticsView }),
        },
      },
      async (request, reply) =>
        sendView(reply, await getPortfolioAnalytics(ctx, principalOf(request), request.params.id)),
    );

    app.get(
      '/analytics',
      {
        config,
        schema: {
          tags: ['analytics'],
          summary: 'Analytics of every portfolio of the household together',
          response: responses({ 200: AnalyticsView }),
        },
      },
      async (request, reply) => sendView(reply, await getHouseholdAnalytics(ctx, principalOf(request))),
    );
  };
