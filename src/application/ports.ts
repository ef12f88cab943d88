import type { Role } from '../domain/household.js';
import type { StockFields } from '../domain/stock.js';

/**
 * What the use cases need from the outside world. Infrastructure implements these; the use cases
 * never see Kysely, Redis or argon2.
 */

export interface Cache {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  delete(...keys: string[]): Promise<void>;
  /** Adds one to a counter that expires `windowSeconds` after its first hit; returns the count and seconds left. */
  increment(key: string, windowSeconds: number): Promise<{ count: number; ttlSeconds: number }>;
  /** Reads a counter without changing it. */
  peekCounter(key: string): Promise<{ count: number; ttlSeconds: number }>;
  /** Round-trip time in ms; throws when the cache is unreachable. */
  ping(): Promise<number>;
  readonly kind: 'redis' | 'memory';
  close(): Promise<void>;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** With a null hash it still spends the time of a real check, so unknown emails cannot be told apart. */
  verify(hash: string | null, password: string): Promise<boolean>;
}

export interface TokenService {
  /** A new random session token, to be given to the client once. */
  generate(): string;
  /** The form stored at rest; the token itself is never stored. */
  digest(token: string): string;
}

export interface Household {
  id: string;
  name: string;
  concentrationLimit: string;
}

export interface User {
  id: string;
  householdId: string;
  email: string;
  displayName: string;
  role: Role;
  isAdmin: boolean;
  createdAt: Date;
}

export interface UserWithPassword extends User {
  passwordHash: string;
}

export interface Stock extends StockFields {
  id: string;
  householdId: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface PageRequest<S extends string = string> {
  page: number;
  size: number;
  sort: Array<{ field: S; direction: 'asc' | 'desc' }>;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  size: number;
  pages: number;
}

export interface HouseholdRepository {
  create(household: { id: string; name: string }): Promise<Household>;
  getById(id: string): Promise<Household | null>;
  /** Serializes first-run setup: holds a transaction-scoped lock until the unit of work ends. */
  lockSetup(): Promise<void>;
}

export interface UserRepository {
  countAll(): Promise<number>;
  create(user: Omit<UserWithPassword, 'createdAt'>): Promise<User>;
  getById(householdId: string | null, id: string): Promise<User | null>;
  getByEmailWithPassword(email: string): Promise<UserWithPassword | null>;
  getPageByHousehold(householdId: string, page: PageRequest<MemberSortField>): Promise<Page<User>>;
  countOwners(householdId: string): Promise<number>;
  /** Locks the household's members so that two owners cannot demote each other at once. */
  lockHouseholdMembers(householdId: string): Promise<void>;
  updateRole(id: string, role: Role): Promise<User>;
  delete(id: string): Promise<void>;
}

export const MEMBER_SORT_FIELDS = ['email', 'display_name', 'role', 'created_at'] as const;
export type MemberSortField = (typeof MEMBER_SORT_FIELDS)[number];

export interface SessionRecord {
  tokenHash: string;
  userId: string;
  expiresAt: Date;
}

export interface SessionRepository {
  create(session: SessionRecord): Promise<void>;
  getByTokenHash(tokenHash: string): Promise<SessionRecord | null>;
  deleteByTokenHash(tokenHash: string): Promise<void>;
  /** Removes a user's sessions and returns their hashes so cached copies can be dropped too. */
  deleteByUser(userId: string): Promise<string[]>;
  getTokenHashesByUser(userId: string): Promise<string[]>;
  deleteExpired(now: Date): Promise<number>;
}

export const STOCK_SORT_FIELDS = ['symbol', 'company_name', 'sector', 'grade', 'created_at', 'updated_at'] as const;
export type StockSortField = (typeof STOCK_SORT_FIELDS)[number];

export interface StockFilter {
  search?: string;
  sector?: string;
  grade?: string;
}

export interface StockRepository {
  create(stock: Omit<Stock, 'createdAt' | 'updatedAt'>): Promise<Stock>;
  getById(householdId: string, id: string): Promise<Stock | null>;
  getPageByHousehold(householdId: string, filter: StockFilter, page: PageRequest<StockSortField>): Promise<Page<Stock>>;
  update(householdId: string, id: string, fields: StockFields): Promise<Stock>;
  delete(householdId: string, id: string): Promise<void>;
}

/** Every repository, bound to one transaction. */
export interface Repositories {
  households: HouseholdRepository;
  users: UserRepository;
  sessions: SessionRepository;
  stocks: StockRepository;
}

/** Runs `work` in one database transaction: all of it commits, or none of it. */
export type UnitOfWork = <T>(work: (repos: Repositories) => Promise<T>) => Promise<T>;

export interface DatabaseProbe {
  /** Round-trip time in ms; throws when the database is unreachable. */
  ping(): Promise<number>;
}
