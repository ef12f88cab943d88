import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../application/context.js';
import { exportTrades } from '../../application/trade-export.js';
import { type ImportReport, type ImportSource, importTrades, MAX_IMPORT_ROWS } from '../../application/trade-import.js';
import { AppError, ValidationError } from '../../domain/errors.js';
import { principalOf } from '../auth.js';
import { errorBody } from '../errors.js';
import { containersExceed, depthCheckedJsonParser } from '../json-body.js';
import { ErrorEnvelope, responses } from '../schemas.js';

/** product.md §12: files up to 10 MB, ten times the limit of every other body. */
export const IMPORT_BODY_LIMIT = 10 * 1024 * 1024;
const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain'];
const MAX_JSON_CONTAINERS = 4 * MAX_IMPORT_ROWS + 1000;
/** Error rows named in the refusal's envelope; the report lists them all. */
const MAX_DETAILS = 100;

const tooLarge = () =>
  new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${IMPORT_BODY_LIMIT / 1024 / 1024} MiB`);

/**
 * A CSV body, handed on unread so that it is parsed as it arrives. It is a function, not the stream itself:
 * hooks that walk request bodies (the NUL guard) must not wander into a socket.
 */
interface CsvUpload {
  chunks: () => AsyncIterable<Buffer>;
}

/**
 * The body's chunks up to the limit. Leaving early (a refused file) must not destroy the request: that would
 * reset the socket before the answer is written; the connection is closed after the answer instead.
 */
async function* limited(stream: Readable): AsyncGenerator<Buffer> {
  let received = 0;
  for await (const chunk of stream.iterator({ destroyOnReturn: false })) {
    received += (chunk as Buffer).length;
    if (received > IMPORT_BODY_LIMIT) throw tooLarge();
    yield chunk as Buffer;
  }
}

function isCsvUpload(body: unknown): body is CsvUpload {
  return typeof body === 'object' && body !== null && typeof (body as CsvUpload).chunks === 'function';
}

function sourceOf(request: FastifyRequest): ImportSource {
  const body = request.body;
  if (isCsvUpload(body)) return { format: 'csv', body: body.chunks() };
  if (body === undefined || body === null)
    throw new ValidationError([{ field: 'file', message: 'is missing' }], 'The file cannot be imported: it is empty');
  return { format: 'ghostfolio', document: body };
}

const RowStatus = Type.String({ enum: ['create', 'created', 'duplicate', 'skipped', 'error'] });
const ImportRow = Type.Object(
  {
    line: Type.Integer({
      description:
        "The line of the file where the row starts (the header is line 1); for Ghostfolio's JSON, the activity's 1-based position in `activities`",
    }),
    status: RowStatus,
    message: Type.Union([Type.String(), Type.Null()], {
      description: 'Why the row has its status; null when there is nothing to say',
    }),
    symbol: Type.Union([Type.String(), Type.Null()]),
    type: Type.Union([Type.String(), Type.Null()]),
    trade_date: Type.Union([Type.String(), Type.Null()], {
      description: 'YYYY-MM-DD or an ISO timestamp; null when the row has no valid date',
    }),
    transaction_id: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
      description: 'The trade created, or for a duplicate the existing trade it matched; else null',
    }),
  },
  { $id: 'TradeImportRow' },
);
const reportFields = {
  dry_run: Type.Boolean(),
  summary: Type.Object({
    rows: Type.Integer(),
    created: Type.Integer({
      description: 'Rows created, or that a dry run would create; 0 when any row is an error (nothing is written)',
    }),
    duplicates: Type.Integer(),
    skipped: Type.Integer(),
    errors: Type.Integer(),
    stocks_created: Type.Integer({ description: 'Stocks the import creates (or would create); 0 when refused' }),
  }),
  rows: Type.Array(Type.Ref('TradeImportRow'), { description: 'Every row, in line order' }),
};
const ImportReportView = Type.Object(reportFields, { $id: 'TradeImportReport' });
const ImportRefusal = Type.Object(
  { ...reportFields, error: ErrorEnvelope.properties.error },
  {
    $id: 'TradeImportRefusal',
    description: 'Nothing was written: the report of every row, with the error envelope beside it',
  },
);
const ImportQuery = Type.Object(
  {
    dry_run: Type.Optional(Type.Boolean({ default: false, description: 'Report what would happen; write nothing' })),
    create_stocks: Type.Optional(
      Type.Boolean({
        default: true,
        description: 'Create the stocks the household does not have (else such rows are errors)',
      }),
    ),
  },
  { additionalProperties: false },
);
const PortfolioParams = Type.Object({ id: Type.String() });

function reportView(report: ImportReport) {
  const s = report.summary;
  return {
    dry_run: report.dryRun,
    summary: {
      rows: s.rows,
      created: s.created,
      duplicates: s.duplicates,
      skipped: s.skipped,
      errors: s.errors,
      stocks_created: s.stocksCreated,
    },
    rows: report.rows.map((r) => ({
      line: r.line,
      status: r.status,
      message: r.message,
      symbol: r.symbol,
      type: r.type,
      trade_date: r.tradeDate,
      transaction_id: r.transactionId,
    })),
  };
}

function refusalOf(request: FastifyRequest, report: ImportReport) {
  const errors = report.rows.filter((r) => r.status === 'error');
  const message =
    errors.length === 1
      ? `Nothing was imported: line ${errors[0]?.line}: ${errors[0]?.message}`
      : `Nothing was imported: ${errors.length} rows have errors`;
  const details = errors.slice(0, MAX_DETAILS).map((r) => ({ field: `line ${r.line}`, message: r.message ?? '' }));
  return { ...reportView(report), ...errorBody(request.id, 'BUSINESS_RULE_VIOLATION', message, details) };
}

/** RFC 5987 encoding of a header parameter (encodeURIComponent leaves ' ( ) * as they are). */
const rfc5987 = (text: string) =>
  encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** A file name from the portfolio's name: only characters that are safe in a header and on every disk. */
function fileName(portfolioName: string): string {
  const safe = portfolioName
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  return `${safe === '' ? 'portfolio' : safe}-transactions.csv`;
}

export const importRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.addSchema(ImportRow);
    app.addSchema(ImportReportView);
    app.addSchema(ImportRefusal);
    const tags = ['import and export'];
    const config = { access: 'authenticated' as const };

    // Scoped to this plugin: CSV arrives as a stream (memory stays bounded), JSON through the global parser.
    app.removeContentTypeParser('text/plain');
    app.addContentTypeParser(CSV_TYPES, (request, payload, done) => {
      if (Number(request.headers['content-length']) > IMPORT_BODY_LIMIT) done(tooLarge(), undefined);
      else done(null, { chunks: () => limited(payload as Readable) } satisfies CsvUpload);
    });
    // Ghostfolio's JSON is counted before it is parsed: a 10 MiB file of a million `{}` would fill the heap
    // before any row limit could refuse it. An activity is an object and perhaps an array or two.
    const parseJson = depthCheckedJsonParser(app);
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      if (containersExceed(body as string, MAX_JSON_CONTAINERS)) {
        const message = `it holds more than ${MAX_IMPORT_ROWS} activities`;
        done(
          new ValidationError([{ field: 'activities', message }], `The file cannot be imported: ${message}`),
          undefined,
        );
        return;
      }
      parseJson(request, body as string, done);
    });
    app.addContentTypeParser('*', (_request, _payload, done) =>
      done(
        ValidationError.field('content-type', 'must be text/csv (or text/plain, application/csv) or application/json'),
        undefined,
      ),
    );

    app.post(
      '/portfolios/:id/import',
      {
        config,
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags,
          summary: "Import trades from CSV or Ghostfolio's JSON export; dry_run reports every row's fate",
          description:
            'CSV (text/csv, application/csv or text/plain, up to 10 MiB): columns found by header name ' +
            '(Date; Code, Symbol or Ticker; Action or Type; Quantity or Shares; Price or UnitPrice; Fee or Commission; ' +
            'Amount; Ratio; Note or Comment; Currency), delimiter , ; or tab. Ghostfolio JSON (application/json): ' +
            "its activities array; a row's `line` is then the activity's 1-based position in `activities`. " +
            "Currency (Ghostfolio's `currency`) is the stock's trading currency (GBp or GBX for pence, apart from " +
            "GBP): a row naming another currency than its stock's is an error; a stock the import creates takes " +
            "the currency of its first row that names one, else the portfolio's currency. " +
            'All or nothing: with any error row nothing is written and a real run answers 422 with the report and ' +
            'the error envelope together. 200 for a dry run, 201 when applied.',
          consumes: ['text/csv', 'application/csv', 'text/plain', 'application/json'],
          params: PortfolioParams,
          querystring: ImportQuery,
          body: Type.Unknown({ description: 'The CSV text, or the Ghostfolio export as JSON' }),
          response: responses({
            200: Type.Ref('TradeImportReport'),
            201: Type.Ref('TradeImportReport'),
            422: Type.Union([Type.Ref('TradeImportRefusal'), Type.Ref('ErrorEnvelope')]),
          }),
        },
      },
      async (request, reply) => {
        const dryRun = request.query.dry_run ?? false;
        // An answer given before a streamed file was read to its end (a refusal) ends the connection with it.
        if (isCsvUpload(request.body)) reply.header('connection', 'close');
        const outcome = await importTrades(ctx, principalOf(request), request.params.id, sourceOf(request), {
          dryRun,
          createStocks: request.query.create_stocks ?? true,
        });
        if (isCsvUpload(request.body)) reply.removeHeader('connection');
        if (outcome.refused && !dryRun) return reply.code(422).send(refusalOf(request, outcome.report));
        return reply.code(dryRun ? 200 : 201).send(reportView(outcome.report));
      },
    );

    app.get(
      '/portfolios/:id/transactions.csv',
      {
        config,
        schema: {
          tags,
          summary:
            'Every trade of the portfolio as CSV (Date,Symbol,Type,Quantity,Price,Fee,Amount,Ratio,Currency,Note)',
          description:
            "In the order the trades apply, each with its stock's currency. Notes that a spreadsheet would run as a formula start with an added " +
            'apostrophe, which the import removes again. The import reads this file back.',
          produces: ['text/csv'],
          params: PortfolioParams,
          response: responses({ 200: Type.String({ description: 'text/csv; charset=utf-8' }) }),
        },
      },
      async (request, reply) => {
        const exported = await exportTrades(ctx, principalOf(request), request.params.id);
        const name = fileName(exported.portfolioName);
        return reply
          .type('text/csv; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="${name}"; filename*=UTF-8''${rfc5987(`${exported.portfolioName}-transactions.csv`)}`,
          )
          .send(exported.csv);
      },
    );
  };
