import type { Cache, PasswordHasher, Repositories, TokenService, UnitOfWork } from './ports.js';

/** Everything a use case may use; built once by the composition root. */
export interface AppContext {
  /** Repositories outside a transaction, for plain reads. */
  repos: Repositories;
  unitOfWork: UnitOfWork;
  cache: Cache;
  passwords: PasswordHasher;
  tokens: TokenService;
  settings: {
    allowSignup: boolean;
    sessionTtlSeconds: number;
  };
  newId(): string;
  now(): Date;
}
