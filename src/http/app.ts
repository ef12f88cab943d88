import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Ajv, type AnySchema, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from 'pino';
import type { AppContext } from '../application/context.js';
import { cachedMarketDataCheck } from '../application/market-data/status.js';
import type { Cache, DatabaseProbe } from '../application/ports.js';
import { RateLimitedError } from '../domain/errors.js';
import type { Metrics } from '../infrastructure/metrics.js';
import { registerAuthentication } from './auth.js';
import { clientErrorHandler, frameworkErrorHandler } from './early-errors.js';
import { registerErrorHandling } from './errors.js';
import { registerJsonBodyParser } from './json-body.js';
import { registerMetrics } from './metrics.js';
import { cacheRateLimitStore } from './rate-limit-store.js';
import { registerRequestGuard } from './request-guard.js';
import { authRoutes } from './routes/auth.js';
import { balanceRoutes } from './routes/balances.js';
import { fxRateRoutes } from './routes/fx-rates.js';
import { householdRoutes } from './routes/household.js';
import { householdTransferRoutes } from './routes/household-transfer.js';
import { importRoutes } from './routes/imports.js';
import { journalRoutes } from './routes/journal.js';
import { marketDataRoutes } from './routes/market-data.js';
import { memberRoutes } from './routes/members.js';
import { portfolioRoutes } from './routes/portfolios.js';
import { priceRoutes } from './routes/prices.js';
import { sectorRoutes } from './routes/sectors.js';
import { stockRoutes } from './routes/stocks.js';
import { systemRoutes } from './routes/system.js';
import { targetRoutes } from './routes/targets.js';
import { tradeRoutes } from './routes/trades.js';
import { ErrorEnvelope } from './schemas.js';
import { securityHeaders } from './security-headers.js';
import { registerWebInterface } from './web-interface.js';

export interface HttpSettings {
  nodeEnv: 'development' | 'production' | 'test';
  corsOrigins: string[];
  trustProxy: boolean | string | number;
  rateLimitPerMinute: number;
  bodyLimitBytes: number;
}

export interface HttpDependencies {
  ctx: AppContext;
  database: DatabaseProbe;
  cache: Cache;
  logger: Logger;
  settings: HttpSettings;
  /** `/metrics` and the request timing; null or absent: off (the route does not exist). */
  metrics?: { metrics: Metrics; token: string | null } | null;
  service: { name: string; version: string };
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

// Bodies are validated strictly (no coercion: a number is not a string); query strings and path
// parameters arrive as text, so they are coerced to the documented types.
// The compiler is installed through the schema controller so that plugins adding schemas of their
// own keep it (setValidatorCompiler on the root is replaced in such plugins).
function validatorCompiler() {
  const common = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false } as const;
  const body = new Ajv({ ...common, coerceTypes: false });
  const text = new Ajv({ ...common, coerceTypes: 'array' });
  for (const ajv of [body, text]) addFormats.default(ajv);
  // Compiled on a route's first request rather than all at start: Ajv's code generation for every route
  // would otherwise add about 0.4 s to `npm start`.
  return ({ schema, httpPart }: { schema: AnySchema; httpPart?: string }) => {
    let compiled: ValidateFunction | undefined;
    const validate = (data: unknown): boolean => {
      compiled ??= (httpPart === 'body' ? body : text).compile(schema);
      const valid = compiled(data);
      validate.errors = compiled.errors;
      return valid;
    };
    validate.errors = null as ValidateFunction['errors'];
    return validate as unknown as ValidateFunction;
  };
}

export async function buildHttpApp(deps: HttpDependencies): Promise<FastifyInstance> {
  const { settings } = deps;
  const headers = securityHeaders();
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // A hop count is valid at run time although Fastify's types only list the other forms.
    trustProxy: settings.trustProxy as boolean | string,
    bodyLimit: settings.bodyLimitBytes,
    requestIdHeader: 'x-request-id',
    // Health probes and metric scrapes arrive every few seconds; logging them would drown the rest.
    logController: new LogController({
      requestIdLogLabel: 'request_id',
      disableRequestLogging: (request) => request.url.startsWith('/health') || request.url === '/metrics',
    }),
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
    return503OnClosing: true,
    schemaController: { compilersFactory: { buildValidator: validatorCompiler } },
    forceCloseConnections: 'idle',
    frameworkErrors: frameworkErrorHandler(headers),
    clientErrorHandler: clientErrorHandler(headers),
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addSchema(ErrorEnvelope);
  // Set first, so that a route with a policy of its own (the docs UI) replaces the default one.
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(headers).header('x-request-id', request.id);
  });
  registerErrorHandling(app);
  registerJsonBodyParser(app);
  registerRequestGuard(app);
  await app.register(cors, {
    // Development without an allow-list: any origin, but never with credentials.
    origin: settings.corsOrigins.length > 0 ? settings.corsOrigins : settings.nodeEnv !== 'production',
    credentials: settings.corsOrigins.length > 0,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    maxAge: settings.nodeEnv === 'production' ? 86_400 : 600,
  });
  await app.register(cookie);
  if (settings.rateLimitPerMinute > 0) {
    await app.register(rateLimit, {
      max: settings.rateLimitPerMinute,
      timeWindow: 60_000,
      store: cacheRateLimitStore(deps.cache),
      skipOnError: true,
      errorResponseBuilder: (_request, context) => new RateLimitedError(Math.max(1, Math.ceil(context.ttl / 1000))),
    });
  }
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'StockBook API',
        description: "A self-hosted tracker for a family's stock investments",
        version: deps.service.version,
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'stockbook_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (json.$id as string) ?? `def-${i}` },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  registerAuthentication(app, deps.ctx, settings.corsOrigins);
  if (deps.metrics) registerMetrics(app, deps.metrics.metrics, deps.metrics.token);

  await app.register(
    systemRoutes({
      database: deps.database,
      cache: deps.cache,
      marketData: cachedMarketDataCheck(deps.ctx),
      ...deps.service,
    }),
  );
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await registerWebInterface(app);
  await app.register(
    async (api) => {
      await api.register(authRoutes(deps.ctx));
      await api.register(memberRoutes(deps.ctx));
      await api.register(stockRoutes(deps.ctx));
      await api.register(sectorRoutes);
      await api.register(portfolioRoutes(deps.ctx));
      await api.register(tradeRoutes(deps.ctx));
      await api.register(importRoutes(deps.ctx));
      await api.register(priceRoutes(deps.ctx));
      await api.register(fxRateRoutes(deps.ctx));
      await api.register(targetRoutes(deps.ctx));
      await api.register(journalRoutes(deps.ctx));
      await api.register(balanceRoutes(deps.ctx));
      await api.register(householdRoutes(deps.ctx));
      await api.register(householdTransferRoutes(deps.ctx));
      await api.register(marketDataRoutes(deps.ctx));
    },
    { prefix: '/api/v1' },
  );
  return app;
}
