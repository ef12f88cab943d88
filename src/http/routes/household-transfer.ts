import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../application/context.js';
import {
  exportHousehold,
  type HouseholdSnapshot,
  type ImportSummary,
  importHousehold,
} from '../../application/household-transfer.js';
import { exactDecimal } from '../../domain/decimal.js';
import { ValidationError } from '../../domain/errors.js';
import { ROLES } from '../../domain/household.js';
import { HOUSEHOLD_FILE_FORMAT, HOUSEHOLD_FILE_VERSION } from '../../domain/transfer/household-file.js';
import { principalOf } from '../auth.js';
import { containersExceed, depthCheckedJsonParser } from '../json-body.js';
import { DecimalString, responses, Timestamp } from '../schemas.js';
import { BalanceView, balanceView } from './balances.js';
import { JournalView, journalView } from './journal.js';
import { PortfolioView, portfolioView } from './portfolios.js';
import { PriceView, priceView } from './prices.js';
import { StockRecordView, stockRecordView } from './stocks.js';
import { TargetView, targetView } from './targets.js';
import { TradeView, tradeView } from './trades.js';

/** A household file of 10,000 trades is about 4 MB; the limit leaves room for years more. */
const HOUSEHOLD_FILE_BODY_LIMIT = 10 * 1024 * 1024;
/**
 * Objects and lists of a file, counted before it is parsed: a 10 MiB file of a million `{}` would fill the heap
 * before any check of its contents. No object of a real file takes fewer than 32 bytes (the smallest, a price,
 * names its stock, date and close), so a file within the body limit never reaches this.
 */
const MAX_FILE_CONTAINERS = HOUSEHOLD_FILE_BODY_LIMIT / 32;

const HouseholdFile = Type.Object(
  {
    format: Type.Literal(HOUSEHOLD_FILE_FORMAT),
    version: Type.Literal(HOUSEHOLD_FILE_VERSION),
    exported_at: Timestamp,
    household: Type.Object({
      name: Type.String({ description: 'For information: an import keeps the household its name' }),
      base_currency: Type.String({
        description: 'ISO 4217 code; a file without it (written before currencies) loads as USD',
      }),
      concentration_limit: DecimalString,
    }),
    members: Type.Array(
      Type.Object({
        email: Type.String(),
        display_name: Type.String(),
        role: Type.String({ enum: [...ROLES] }),
      }),
      { description: 'For information: an import creates no users' },
    ),
    stocks: Type.Array(
      Type.Object({
        ...StockRecordView.properties,
        currency: Type.String({
          description:
            "The stock's trading currency (USD, GBp, ...); a stock of a file without it trades in the file's base currency",
        }),
      }),
      { description: 'By symbol' },
    ),
    prices: Type.Array(Type.Object({ stock_id: Type.String({ format: 'uuid' }), ...PriceView.properties }), {
      description: 'By stock, then date',
    }),
    fx_rates: Type.Array(
      Type.Object({
        base: Type.String({ description: 'ISO 4217 code of a major currency' }),
        quote: Type.String({ description: 'ISO 4217 code of a major currency' }),
        date: Type.String({ description: 'YYYY-MM-DD' }),
        rate: Type.String({ description: 'How many `quote` one `base` costs, exact decimal text' }),
        source: PriceView.properties.source,
      }),
      { description: "The household's exchange rates, by pair (base, then quote), then date; none if absent" },
    ),
    portfolios: Type.Array(
      Type.Object({
        ...PortfolioView.properties,
        transactions: Type.Array(TradeView, { description: 'In the order they apply: trade date, then creation' }),
        balances: Type.Array(BalanceView, { description: 'By date' }),
      }),
      { description: 'By name' },
    ),
    targets: Type.Array(TargetView),
    journal: Type.Array(JournalView),
  },
  {
    $id: 'HouseholdFile',
    description:
      'The whole household, every object in the shape the API answers it, with its id (no password or token); decimals are exact, not rounded as the API shows them',
  },
);

const HouseholdImportSummary = Type.Object(
  {
    summary: Type.Object({
      stocks: Type.Integer(),
      prices: Type.Integer(),
      fx_rates: Type.Integer(),
      portfolios: Type.Integer(),
      transactions: Type.Integer(),
      balances: Type.Integer(),
      targets: Type.Integer(),
      journal: Type.Integer(),
    }),
  },
  { $id: 'HouseholdImportSummary', description: 'How many objects of each kind the import created' },
);

const ImportBody = Type.Object(
  {},
  {
    additionalProperties: true,
    description: 'A household file as GET /api/v1/export answers it (HouseholdFile), up to 10 MiB',
  },
);

const exactOrNull = (value: string | null): string | null => (value === null ? null : exactDecimal(value));

/**
 * The household file of a snapshot: the one format, for the HTTP answer and the command line alike. Objects
 * have the API's shape, but every decimal is the stored value unrounded (the API rounds what it shows), so
 * that a backup loses nothing and reads back as the very same household.
 */
export function householdFileView(s: HouseholdSnapshot) {
  return {
    format: HOUSEHOLD_FILE_FORMAT,
    version: HOUSEHOLD_FILE_VERSION,
    exported_at: s.exportedAt.toISOString(),
    household: {
      name: s.household.name,
      base_currency: s.household.baseCurrency,
      concentration_limit: exactDecimal(s.household.concentrationLimit),
    },
    members: s.members.map((m) => ({ email: m.email, display_name: m.displayName, role: m.role })),
    stocks: s.stocks.map((stock) => ({ ...stockRecordView(stock), currency: stock.currency })),
    prices: s.prices.map((p) => ({ stock_id: p.stockId, ...priceView(p), close: exactDecimal(p.close) })),
    fx_rates: s.fxRates.map((r) => ({
      base: r.base,
      quote: r.quote,
      date: r.date,
      rate: exactDecimal(r.rate),
      source: r.source,
    })),
    portfolios: s.portfolios.map((p) => ({
      ...portfolioView(p.portfolio),
      transactions: p.trades.map((t) => ({
        ...tradeView(t),
        quantity: exactOrNull(t.quantity),
        price: exactOrNull(t.price),
        fee: exactOrNull(t.fee),
        amount: exactOrNull(t.amount),
      })),
      balances: p.balances.map((b) => ({
        ...balanceView(b),
        final_balance: exactDecimal(b.finalBalance),
        deposits: exactDecimal(b.deposits),
        withdrawals: exactDecimal(b.withdrawals),
        index_change: exactOrNull(b.indexChange),
      })),
    })),
    targets: s.targets.map((t) => ({
      ...targetView(t),
      pivot_price: exactDecimal(t.pivotPrice),
      failure_price: exactDecimal(t.failurePrice),
      triggered_price: exactOrNull(t.triggeredPrice),
    })),
    journal: s.journal.map(journalView),
  };
}

/** An import's counts under the API's names. */
export function importSummaryView({ fxRates, ...counts }: ImportSummary) {
  return { ...counts, fx_rates: fxRates };
}

/** `stockbook-the-does-2026-01-31.json`: the household's name as far as it is plain letters and digits. */
function householdFileName(s: HouseholdSnapshot): string {
  const slug = s.household.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return `stockbook-${slug || 'household'}-${s.exportedAt.toISOString().slice(0, 10)}.json`;
}

export const householdTransferRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.addSchema(HouseholdFile);
    app.addSchema(HouseholdImportSummary);
    const tags = ['households'];
    const config = { access: 'authenticated' as const };

    // Scoped to this plugin: the file is counted before the JSON parser sees it.
    const parseJson = depthCheckedJsonParser(app);
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      if (containersExceed(body as string, MAX_FILE_CONTAINERS)) {
        const message = `holds more than ${MAX_FILE_CONTAINERS} objects and lists`;
        done(
          new ValidationError([{ field: 'body', message }], `The household file cannot be read: it ${message}`),
          undefined,
        );
        return;
      }
      parseJson(request, body as string, done);
    });

    app.get(
      '/export',
      {
        config,
        schema: {
          tags,
          summary: 'The whole household as one JSON file, to keep or to load into an empty household (owners only)',
          response: responses({ 200: HouseholdFile }),
        },
      },
      async (request, reply) => {
        const snapshot = await exportHousehold(ctx, principalOf(request));
        reply.header('content-disposition', `attachment; filename="${householdFileName(snapshot)}"`);
        return householdFileView(snapshot);
      },
    );

    app.post(
      '/import',
      {
        config,
        bodyLimit: HOUSEHOLD_FILE_BODY_LIMIT,
        schema: {
          tags,
          summary:
            'Load a household file into this household while it has no stocks and no portfolios (owners only; one transaction)',
          body: ImportBody,
          response: responses({ 201: HouseholdImportSummary }),
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send({ summary: importSummaryView(await importHousehold(ctx, principalOf(request), request.body)) }),
    );
  };
