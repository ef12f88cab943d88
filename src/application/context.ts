import type { MarketDataSetup } from './market-data/ports.js';
import type { AppMetrics } from './metrics.js';
import type { Cache, PasswordHasher, Repositories, TokenService, UnitOfWork } from './ports.js';
import type { ValuationRunner } from './valuation/input.js';
import type { ViewCache } from './view-cache.js';

/** Everything a use case may use; built once by the composition root. */
export interface AppContext {
  /** Repositories outside a transaction, for plain reads. */
  repos: Repositories;
  unitOfWork: UnitOfWork;
  cache: Cache;
  views: ViewCache;
  /** Computes the holdings and analytics views off the event loop. */
  valuations: ValuationRunner;
  passwords: PasswordHasher;
  tokens: TokenService;
  marketData: MarketDataSetup;
  /** Counters for `/metrics`; `noMetrics` when metrics are off. */
  metrics: AppMetrics;
  settings: {
    allowSignup: boolean;
    sessionTtlSeconds: number;
  };
  newId(): string;
  now(): Date;
}
