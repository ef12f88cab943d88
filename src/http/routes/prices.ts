import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../application/context.js';
import type { StoredPrice } from '../../application/ports.js';
import { listPrices, postPrices } from '../../application/prices.js';
import { Decimal, formatPrice } from '../../domain/decimal.js';
import { MAX_PRICE_BATCH } from '../../domain/portfolio/prices.js';
import { principalOf } from '../auth.js';
import { DecimalInput, DecimalString, IdParams, PageQuery, pageOf, responses } from '../schemas.js';
import { TargetView, targetView } from './targets.js';

export const PriceView = Type.Object({
  date: Type.String({ description: 'YYYY-MM-DD' }),
  close: DecimalString,
  source: Type.Union([Type.Literal('manual'), Type.Literal('provider')], {
    description: 'manual: entered by hand or imported; provider: fetched from the market-data provider',
  }),
});
export function priceView(p: StoredPrice) {
  return { date: p.date, close: formatPrice(new Decimal(p.close)), source: p.source };
}

const PostPricesBody = Type.Object(
  {
    prices: Type.Array(
      Type.Object(
        {
          date: Type.String({ maxLength: 40, description: 'YYYY-MM-DD' }),
          close: DecimalInput,
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MAX_PRICE_BATCH },
    ),
  },
  { additionalProperties: false },
);
const PostedPricesView = Type.Object({
  items: Type.Array(PriceView, { description: 'The closes stored, in date order' }),
  triggered_targets: Type.Array(TargetView, { description: 'Active targets these closes marked hit or failed' }),
});
const PriceListQuery = Type.Object(PageQuery, { additionalProperties: false });

export const priceRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['prices'];
    const config = { access: 'authenticated' as const };

    app.post(
      '/stocks/:id/prices',
      {
        config,
        schema: {
          tags,
          summary: 'Record closing prices (1-1000; a stored date is replaced); evaluates active targets',
          params: IdParams,
          body: PostPricesBody,
          response: responses({ 201: PostedPricesView }),
        },
      },
      async (request, reply) => {
        const posted = await postPrices(ctx, principalOf(request), request.params.id, request.body.prices);
        return reply.code(201).send({
          items: posted.prices.map((p) => ({ date: p.date, close: formatPrice(p.close), source: 'manual' as const })),
          triggered_targets: posted.triggered.map(targetView),
        });
      },
    );

    app.get(
      '/stocks/:id/prices',
      {
        config,
        schema: {
          tags,
          summary: 'List closing prices (sort field: date; newest first by default)',
          params: IdParams,
          querystring: PriceListQuery,
          response: responses({ 200: pageOf(PriceView) }),
        },
      },
      async (request) => {
        const page = await listPrices(ctx, principalOf(request), request.params.id, request.query);
        return { ...page, items: page.items.map(priceView) };
      },
    );
  };
