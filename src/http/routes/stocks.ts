import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../application/context.js';
import type { PricedStock, Stock } from '../../application/ports.js';
import { createStock, deleteStock, getStock, listStocks, updateStock } from '../../application/stocks.js';
import { Decimal, formatPrice } from '../../domain/decimal.js';
import type { StockPatch } from '../../domain/stock.js';
import { principalOf } from '../auth.js';
import { IdParams, NoContent, NullableString, PageQuery, pageOf, responses, Timestamp } from '../schemas.js';

/** A stock as stored, without what is derived from its prices (the household file's stocks). */
export const StockRecordView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  symbol: Type.String(),
  company_name: NullableString(),
  sector: NullableString(),
  industry_group: NullableString(),
  grade: NullableString(),
  notes: Type.String(),
  provider_symbol: Type.Union([Type.String(), Type.Null()], {
    description:
      "The market-data provider's code for the stock (BRK-B on Yahoo for BRK.B); null: derived from the symbol",
  }),
  created_at: Timestamp,
  updated_at: Timestamp,
});

const StockCurrency = Type.String({
  description:
    'The trading currency of its prices and trades: an ISO 4217 code (USD, EUR) or a minor unit: GBp (pence), ZAc, ILA',
});

const StockView = Type.Object(
  {
    ...StockRecordView.properties,
    currency: StockCurrency,
    current_price: Type.Union([
      Type.String({ description: 'The close of the latest dated price, a decimal string (null without prices)' }),
      Type.Null(),
    ]),
    price_date: Type.Union([
      Type.String({ description: 'YYYY-MM-DD of that close (null without prices)' }),
      Type.Null(),
    ]),
  },
  { $id: 'Stock' },
);

const stockFields = {
  company_name: Type.Optional(NullableString({ maxLength: 1000 })),
  sector: Type.Optional(NullableString({ maxLength: 200 })),
  industry_group: Type.Optional(NullableString({ maxLength: 200 })),
  grade: Type.Optional(NullableString({ maxLength: 20 })),
  notes: Type.Optional(NullableString({ maxLength: 5000 })),
  provider_symbol: Type.Optional(NullableString({ maxLength: 200 })),
  currency: Type.Optional(
    Type.String({
      maxLength: 20,
      description:
        "ISO 4217 code (any case) or a minor unit spelled as its exchange does: GBp (pence), ZAc, ILA (GBX, ZAC); default the household's base currency",
    }),
  ),
};
const CreateStockBody = Type.Object(
  { symbol: Type.String({ maxLength: 100 }), ...stockFields },
  { additionalProperties: false },
);
const UpdateStockBody = Type.Object(
  { symbol: Type.Optional(Type.String({ maxLength: 100 })), ...stockFields },
  { additionalProperties: false },
);
const StockListQuery = Type.Object(
  {
    ...PageQuery,
    search: Type.Optional(Type.String({ maxLength: 200, description: 'Symbol or company name contains (literal)' })),
    sector: Type.Optional(Type.String({ maxLength: 200 })),
    grade: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: false },
);

type StockBody = {
  symbol?: string;
  company_name?: string | null;
  sector?: string | null;
  industry_group?: string | null;
  grade?: string | null;
  notes?: string | null;
  provider_symbol?: string | null;
  currency?: string;
};

function toPatch(body: StockBody): StockPatch {
  return {
    symbol: body.symbol,
    companyName: body.company_name,
    sector: body.sector,
    industryGroup: body.industry_group,
    grade: body.grade,
    notes: body.notes,
    providerSymbol: body.provider_symbol,
    currency: body.currency,
  };
}

export function stockRecordView(stock: Stock) {
  return {
    id: stock.id,
    symbol: stock.symbol,
    company_name: stock.companyName,
    sector: stock.sector,
    industry_group: stock.industryGroup,
    grade: stock.grade,
    notes: stock.notes,
    provider_symbol: stock.providerSymbol,
    created_at: stock.createdAt.toISOString(),
    updated_at: stock.updatedAt.toISOString(),
  };
}

export function stockView(stock: PricedStock) {
  return {
    ...stockRecordView(stock),
    currency: stock.currency,
    current_price: stock.currentPrice === null ? null : formatPrice(new Decimal(stock.currentPrice)),
    price_date: stock.priceDate,
  };
}

export const stockRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.addSchema(StockView);
    const tags = ['stocks'];
    const config = { access: 'authenticated' as const };

    app.post(
      '/stocks',
      {
        config,
        schema: { tags, summary: 'Add a stock', body: CreateStockBody, response: responses({ 201: StockView }) },
      },
      async (request, reply) =>
        reply.code(201).send(stockView(await createStock(ctx, principalOf(request), toPatch(request.body)))),
    );

    app.get(
      '/stocks',
      {
        config,
        schema: {
          tags,
          summary: 'List stocks (sort fields: symbol, company_name, sector, grade, currency, created_at, updated_at)',
          querystring: StockListQuery,
          response: responses({ 200: pageOf(StockView) }),
        },
      },
      async (request) => {
        const page = await listStocks(ctx, principalOf(request), request.query);
        return { ...page, items: page.items.map(stockView) };
      },
    );

    app.get(
      '/stocks/:id',
      { config, schema: { tags, summary: 'Get a stock', params: IdParams, response: responses({ 200: StockView }) } },
      async (request) => stockView(await getStock(ctx, principalOf(request), request.params.id)),
    );

    app.patch(
      '/stocks/:id',
      {
        config,
        schema: {
          tags,
          summary: 'Update a stock: omitted fields stay, null clears',
          params: IdParams,
          body: UpdateStockBody,
          response: responses({ 200: StockView }),
        },
      },
      async (request) =>
        stockView(await updateStock(ctx, principalOf(request), request.params.id, toPatch(request.body))),
    );

    app.delete(
      '/stocks/:id',
      {
        config,
        schema: {
          tags,
          summary: 'Delete a stock without trades',
          params: IdParams,
          response: responses({ 204: NoContent }),
        },
      },
      async (request, reply) => {
        await deleteStock(ctx, principalOf(request), request.params.id);
        return reply.code(204).send();
      },
    );
  };
