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
  value: NullableString({ description: "In the portfolio's currency; null when an exchange rate it needs is missing" }),
  cost: NullableString(),
  unrealized_pnl: NullableString(),
  realized_pnl: NullableString(),
  dividends: NullableString(),
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
/** An amount in the answer's currency: null when an exchange rate it needs is missing (see `fx_missing`). */
const Amount = NullableString();
const FxMissing = Type.Array(Type.Object({ base: Type.String(), quote: Type.String(), date: Type.String() }), {
  description:
    'The exchange rates the answer needed and did not find (base → quote on date): add them to see every amount',
});
const HoldingView = Type.Object({
  stock_id: Type.String(),
  symbol: Type.String(),
  quantity: DecimalString,
  average_cost: NullableString({ description: 'Cost per share (a price, up to 6 places), buy fees included' }),
  cost_basis: Amount,
  realized_pnl: Amount,
  dividends: Amount,
  current_price: NullableString(),
  price_date: NullableString(),
  market_value: NullableString(),
  unrealized_pnl: NullableString(),
  unrealized_pnl_pct: NullableString(),
  weight: Amount,
  native_currency: Type.String({ description: "The stock's trading currency: the native_* amounts are in it" }),
  native_average_cost: DecimalString,
  native_cost_basis: Money,
  native_realized_pnl: Money,
  native_dividends: Money,
  native_current_price: NullableString(),
  native_market_value: NullableString(),
  native_unrealized_pnl: NullableString(),
  fx_rate: NullableString({ description: "Units of the answer's currency per native unit on the price's date" }),
  price_effect: NullableString({ description: '(native market value − native cost) at the valuation rate' }),
  currency_effect: NullableString({
    description:
      "native cost at the valuation rate − the cost at the trades' rates; price_effect + currency_effect = unrealized_pnl",
  }),
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
  currency: Type.String({ description: "The portfolio's currency: every amount not named native_ is in it" }),
  items: Type.Array(HoldingView),
  totals: Type.Object({
    cost_basis: Amount,
    market_value: Amount,
    realized_pnl: Amount,
    unrealized_pnl: Amount,
    dividends: Amount,
    price_effect: Amount,
    currency_effect: Amount,
  }),
  fx_missing: FxMissing,
});
const Allocation = Type.Array(
  Type.Object({ name: Type.String(), value: Amount, percentage: NullableString() }, { additionalProperties: true }),
);
const AnalyticsView = Type.Object({
  currency: Type.String({
    description: "The portfolio's currency (a portfolio's analytics) or the household's base currency (GET /analytics)",
  }),
  value: Amount,
  cost: Amount,
  realized_pnl: Amount,
  unrealized_pnl: Amount,
  dividends: Amount,
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
  fx_missing: FxMissing,
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
