import {
  AuthenticationError,
  ConflictError,
  FieldErrors,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
} from '../domain/errors.js';
import { normalizeEmail, validateHouseholdName, validateNewUser } from '../domain/household.js';
import type { AppContext } from './context.js';
import type { Household, Repositories, User } from './ports.js';
import type { Principal } from './principal.js';

export const LOGIN_WINDOW_SECONDS = 15 * 60;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_ADDRESS = 30;
const SESSION_CACHE_SECONDS = 60;

export interface NewHouseholdInput {
  householdName: string;
  displayName: string;
  email: string;
  password: string;
}

export interface HouseholdWithOwner {
  household: Household;
  user: User;
}

async function createHouseholdWithOwner(
  ctx: AppContext,
  repos: Repositories,
  input: NewHouseholdInput,
  isAdmin: boolean,
): Promise<HouseholdWithOwner> {
  const errors = new FieldErrors();
  const name = validateHouseholdName(input.householdName, errors);
  const user = validateNewUser(input, errors);
  errors.throwIfAny();
  if ((await repos.users.getByEmailWithPassword(user.email)) !== null) throw emailTaken();
  const household = await repos.households.create({ id: ctx.newId(), name });
  const owner = await repos.users.create({
    id: ctx.newId(),
    householdId: household.id,
    email: user.email,
    displayName: user.displayName,
    passwordHash: await ctx.passwords.hash(user.password),
    role: 'owner',
    isAdmin,
  });
  return { household, user: owner };
}

export function emailTaken(): ConflictError {
  return new ConflictError('A user with this email already exists', [{ field: 'email', message: 'already in use' }]);
}

/** First run: creates the first household and its owner, who is also the instance administrator. */
export function setup(ctx: AppContext, input: NewHouseholdInput): Promise<HouseholdWithOwner> {
  return ctx.unitOfWork(async (repos) => {
    await repos.households.lockSetup();
    if (await repos.users.anyExists()) throw new ConflictError('StockBook is already set up');
    return createHouseholdWithOwner(ctx, repos, input, true);
  });
}

/** Whether first-run setup is still to be done: true while no user exists, so `setup` would succeed. */
export async function setupNeeded(ctx: AppContext): Promise<boolean> {
  return !(await ctx.repos.users.anyExists());
}

/** Another family on the same server: the administrator's decision, or anyone's when sign-up is open. */
export function createHousehold(
  ctx: AppContext,
  caller: Principal | null,
  input: NewHouseholdInput,
): Promise<HouseholdWithOwner> {
  if (!ctx.settings.allowSignup && !caller?.isAdmin)
    throw new ForbiddenError('Only the administrator can create households');
  return ctx.unitOfWork((repos) => createHouseholdWithOwner(ctx, repos, input, false));
}

export interface LoginResult {
  token: string;
  expiresIn: number;
}

export async function login(
  ctx: AppContext,
  input: { email: string; password: string },
  address: string,
): Promise<LoginResult> {
  const email = normalizeEmail(input.email);
  const emailKey = `login-failures:email:${email}`;
  const addressKey = `login-failures:ip:${address}`;
  const [byEmail, byAddress] = await Promise.all([ctx.cache.peekCounter(emailKey), ctx.cache.peekCounter(addressKey)]);
  if (byEmail.count >= MAX_FAILURES_PER_EMAIL)
    throw new RateLimitedError(byEmail.ttlSeconds, 'Too many failed logins for this account; try again later');
  if (byAddress.count >= MAX_FAILURES_PER_ADDRESS)
    throw new RateLimitedError(byAddress.ttlSeconds, 'Too many failed logins from this address; try again later');

  const user = await ctx.repos.users.getByEmailWithPassword(email);
  const valid = await ctx.passwords.verify(user?.passwordHash ?? null, input.password);
  if (user === null || !valid) {
    await Promise.all([
      ctx.cache.increment(emailKey, LOGIN_WINDOW_SECONDS),
      ctx.cache.increment(addressKey, LOGIN_WINDOW_SECONDS),
    ]);
    ctx.metrics.loginFailed();
    throw new AuthenticationError('Invalid email or password');
  }

  const token = ctx.tokens.generate();
  const expiresIn = ctx.settings.sessionTtlSeconds;
  await ctx.repos.sessions.create({
    tokenHash: ctx.tokens.digest(token),
    userId: user.id,
    expiresAt: new Date(ctx.now().getTime() + expiresIn * 1000),
  });
  return { token, expiresIn };
}

interface CachedSession extends Principal {
  expiresAt: string;
}

function sessionKey(tokenHash: string): string {
  return `session:${tokenHash}`;
}

/**
 * Resolves a token to its principal; cached briefly, and dropped from the cache on logout or role change. Every
 * request reads it, so it is read near (usually without a round trip): the cache's delete reaches every replica.
 */
export async function authenticate(ctx: AppContext, token: string): Promise<Principal | null> {
  const tokenHash = ctx.tokens.digest(token);
  const cached = await ctx.cache.getNear(sessionKey(tokenHash));
  const now = ctx.now();
  if (cached !== null) {
    const session = JSON.parse(cached) as CachedSession;
    if (new Date(session.expiresAt) > now) {
      const { expiresAt: _, ...principal } = session;
      return principal;
    }
  }
  const session = await ctx.repos.sessions.getByTokenHash(tokenHash);
  if (session === null || session.expiresAt <= now) return null;
  const user = await ctx.repos.users.getById(null, session.userId);
  if (user === null) return null;
  const principal: Principal = {
    userId: user.id,
    householdId: user.householdId,
    role: user.role,
    isAdmin: user.isAdmin,
    tokenHash,
  };
  const ttl = Math.min(SESSION_CACHE_SECONDS, Math.floor((session.expiresAt.getTime() - now.getTime()) / 1000));
  if (ttl > 0) {
    const entry: CachedSession = { ...principal, expiresAt: session.expiresAt.toISOString() };
    await ctx.cache.set(sessionKey(tokenHash), JSON.stringify(entry), ttl);
  }
  return principal;
}

export async function logout(ctx: AppContext, principal: Principal): Promise<void> {
  await ctx.repos.sessions.deleteByTokenHash(principal.tokenHash);
  await ctx.cache.delete(sessionKey(principal.tokenHash));
}

/** Forgets cached sessions of a user whose role changed or who was removed. */
export async function forgetCachedSessions(ctx: AppContext, tokenHashes: string[]): Promise<void> {
  if (tokenHashes.length > 0) await ctx.cache.delete(...tokenHashes.map(sessionKey));
}

export async function me(ctx: AppContext, principal: Principal): Promise<{ user: User; household: Household }> {
  const [user, household] = await Promise.all([
    ctx.repos.users.getById(principal.householdId, principal.userId),
    ctx.repos.households.getById(principal.householdId),
  ]);
  if (user === null || household === null) throw new NotFoundError('User');
  return { user, household };
}
