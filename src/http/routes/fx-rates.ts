import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../application/context.js';
import { listFxRates, postFxRates } from '../../application/fx-rates.js';
import type { StoredFxRate } from '../../application/ports.js';
import { MAX_FX_RATE_BATCH } from '../../domain/currency/fx-input.js';
import { exactDecimal } from '../../domain/decimal.js';
import { principalOf } from '../auth.js';
import { DecimalInput, PageQuery, pageOf, responses } from '../schemas.js';

const CURRENCY_TEXT = { maxLength: 20 };

export const FxRateView = Type.Object({
  base: Type.String({ description: 'ISO 4217 code of the currency priced' }),
  quote: Type.String({ description: 'ISO 4217 code of the currency it is priced in' }),
  date: Type.String({ description: 'YYYY-MM-DD' }),
  rate: Type.String({
    description: 'Units of quote for one unit of base (EUR/USD 1.1: 1 EUR = 1.10 USD), the exact stored decimal',
  }),
  source: Type.Union([Type.Literal('manual'), Type.Literal('provider')], {
    description: 'manual: entered by hand or imported; provider: fetched by the market-data refresh',
  }),
});
export function fxRateView(r: StoredFxRate) {
  return { base: r.base, quote: r.quote, date: r.date, rate: exactDecimal(r.rate), source: r.source };
}

const PostFxRatesBody = Type.Object(
  {
    rates: Type.Array(
      Type.Object(
        {
          base: Type.String({ ...CURRENCY_TEXT, description: 'A major ISO 4217 code such as EUR (not GBp)' }),
          quote: Type.String({ ...CURRENCY_TEXT, description: 'A major ISO 4217 code other than base, such as USD' }),
          date: Type.String({ maxLength: 40, description: 'YYYY-MM-DD' }),
          rate: DecimalInput,
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MAX_FX_RATE_BATCH },
    ),
  },
  { additionalProperties: false },
);
const PostedFxRatesView = Type.Object({
  items: Type.Array(FxRateView, { description: 'The rates stored, by base, quote, then date' }),
});
const FxRateListQuery = Type.Object(
  {
    ...PageQuery,
    base: Type.Optional(Type.String({ ...CURRENCY_TEXT, description: 'Only rates of this base currency' })),
    quote: Type.Optional(Type.String({ ...CURRENCY_TEXT, description: 'Only rates in this quote currency' })),
    from: Type.Optional(Type.String({ maxLength: 40, description: 'First day, YYYY-MM-DD' })),
    to: Type.Optional(Type.String({ maxLength: 40, description: 'Last day, YYYY-MM-DD' })),
  },
  { additionalProperties: false },
);

export const fxRateRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['exchange rates'];
    const config = { access: 'authenticated' as const };

    app.post(
      '/fx-rates',
      {
        config,
        schema: {
          tags,
          summary: 'Record exchange rates by hand (1-1000; a stored day of a pair is replaced)',
          body: PostFxRatesBody,
          response: responses({ 201: PostedFxRatesView }),
        },
      },
      async (request, reply) => {
        const rates = await postFxRates(ctx, principalOf(request), request.body.rates);
        return reply.code(201).send({
          items: rates.map((r) => ({
            base: r.base,
            quote: r.quote,
            date: r.date,
            rate: r.rate.toFixed(),
            source: 'manual' as const,
          })),
        });
      },
    );

    app.get(
      '/fx-rates',
      {
        config,
        schema: {
          tags,
          summary: "List the household's exchange rates (sort fields: date, base, quote; newest first by default)",
          querystring: FxRateListQuery,
          response: responses({ 200: pageOf(FxRateView) }),
        },
      },
      async (request) => {
        const page = await listFxRates(ctx, principalOf(request), request.query);
        return { ...page, items: page.items.map(fxRateView) };
      },
    );
  };
