import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../application/context.js';
import { requestRefresh } from '../../application/market-data/refresh.js';
import { getMarketDataStatus } from '../../application/market-data/status.js';
import { principalOf } from '../auth.js';
import { responses, Timestamp } from '../schemas.js';

const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
const LastRunView = Type.Object({
  id: Type.String({ format: 'uuid', description: 'The run_id a refresh answered' }),
  started_at: Timestamp,
  finished_at: Type.Union([Timestamp, Type.Null()], { description: 'null while the run is going on' }),
  stocks: Type.Integer({ description: "How many of the household's stocks the run asked for" }),
  prices_stored: Type.Integer(),
  rates_stored: Type.Integer({
    description: "Exchange rates stored for the household's currency pairs (section 14), beside prices_stored",
  }),
  errors: Type.Array(
    Type.Object({
      symbol: Type.String({
        description: "The stock's own symbol, not the provider's code; a failed exchange rate shows its pair: EUR/USD",
      }),
      message: Type.String(),
    }),
  ),
});
const StatusView = Type.Object({
  provider: Type.String({ enum: ['none', 'yahoo', 'twelvedata', 'alphavantage'] }),
  schedule: Type.String({ description: 'Cron expression, UTC' }),
  next_run_at: NullableTimestamp,
  last_run: Type.Union([LastRunView, Type.Null()]),
});
const RefreshStartedView = Type.Object({ run_id: Type.String({ format: 'uuid' }) });

export const marketDataRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['market data'];
    const config = { access: 'authenticated' as const };

    app.get(
      '/market-data/status',
      {
        config,
        schema: {
          tags,
          summary:
            "The provider, the schedule and the latest refresh of the caller's household's stocks and exchange rates",
          response: responses({ 200: StatusView }),
        },
      },
      async (request) => {
        const status = await getMarketDataStatus(ctx, principalOf(request));
        const run = status.lastRun;
        return {
          provider: status.provider,
          schedule: status.schedule,
          next_run_at: status.nextRunAt?.toISOString() ?? null,
          last_run:
            run === null
              ? null
              : {
                  id: run.id,
                  started_at: run.startedAt.toISOString(),
                  finished_at: run.finishedAt?.toISOString() ?? null,
                  stocks: run.stocks,
                  prices_stored: run.pricesStored,
                  rates_stored: run.ratesStored,
                  errors: run.errors,
                },
        };
      },
    );

    app.post(
      '/market-data/refresh',
      {
        config,
        schema: {
          tags,
          summary:
            "Refresh the household's stocks and the exchange rates it needs now, in the background (owners and members; 409 while a refresh runs, 422 without a provider)",
          response: responses({ 202: RefreshStartedView }),
        },
      },
      async (request, reply) => {
        const started = await requestRefresh(ctx, principalOf(request));
        started.completion.then(
          (summary) => request.log.info({ market_data_run: summary }, 'market-data refresh finished'),
          (error) => request.log.error({ err: error, run_id: started.runId }, 'market-data refresh failed'),
        );
        return reply.code(202).send({ run_id: started.runId });
      },
    );
  };
