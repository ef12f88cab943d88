/**
 * What the use cases count for `/metrics`. A port, so that the application does not know prom-client;
 * `noMetrics` when metrics are off (the default): the hot paths then pay one empty call.
 */
export interface AppMetrics {
  loginFailed(): void;
  viewCache(result: 'hit' | 'miss'): void;
  marketDataRun(trigger: 'manual' | 'schedule', outcome: MarketDataRunOutcome, seconds: number): void;
  /** For the backup runner (scheduled and on demand). */
  backupRun(outcome: 'success' | 'failure', seconds: number): void;
  /** A view valued on the worker threads: from submission to answer, queue wait included. */
  valuation(view: 'holdings' | 'analytics' | 'summaries', seconds: number): void;
}

/** `ok`: everything fetched; `partial`: some stocks or rates failed; `failed`: the run itself failed. */
export type MarketDataRunOutcome = 'ok' | 'partial' | 'failed';

export const noMetrics: AppMetrics = {
  loginFailed() {},
  viewCache() {},
  marketDataRun() {},
  backupRun() {},
  valuation() {},
};
