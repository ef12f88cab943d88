import type { Role } from '../domain/household.js';

/** Who is calling: resolved from a session token by the authentication use case. */
export interface Principal {
  userId: string;
  householdId: string;
  role: Role;
  isAdmin: boolean;
  tokenHash: string;
}
