import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { checkHealth } from '../../application/health.js';
import type { MarketDataCheck } from '../../application/market-data/status.js';
import type { Cache, DatabaseProbe } from '../../application/ports.js';

const Check = Type.Object({
  status: Type.String({ enum: ['ok', 'unavailable'] }),
  latency_ms: Type.Union([Type.Number(), Type.Null()]),
});
const MarketDataCheckView = Type.Object(
  {
    status: Type.String({ enum: ['ok', 'degraded', 'disabled'] }),
    last_run_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    message: Type.String(),
  },
  { description: 'How the last market-data refresh went; never changes the overall status' },
);
const HealthView = Type.Object({
  status: Type.String({ enum: ['ok', 'degraded', 'unavailable'] }),
  checks: Type.Object({ database: Check, cache: Check, market_data: MarketDataCheckView }),
  version: Type.String(),
});
const VersionView = Type.Object({ name: Type.String(), version: Type.String(), api_version: Type.Literal('v1') });

export const systemRoutes =
  (deps: {
    database: DatabaseProbe;
    cache: Cache;
    marketData: () => Promise<MarketDataCheck>;
    name: string;
    version: string;
  }): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['system'];
    app.get(
      '/health',
      {
        schema: {
          tags,
          summary: 'Readiness: 200 ok or degraded (cache down), 503 when the database is unreachable',
          response: { 200: HealthView, 503: HealthView },
        },
        config: { rateLimit: false },
      },
      async (_request, reply) => {
        const report = await checkHealth(deps.database, deps.cache, deps.marketData);
        return reply.code(report.status === 'unavailable' ? 503 : 200).send({ ...report, version: deps.version });
      },
    );
    app.get(
      '/health/live',
      {
        schema: {
          tags,
          summary: 'Liveness: 200 while the process runs',
          response: { 200: Type.Object({ status: Type.Literal('ok') }) },
        },
        config: { rateLimit: false },
      },
      async () => ({ status: 'ok' as const }),
    );
    app.get(
      '/version',
      { schema: { tags, summary: 'Name and version', response: { 200: VersionView } } },
      async () => ({ name: deps.name, version: deps.version, api_version: 'v1' as const }),
    );
  };
