import { BusinessRuleError, type FieldErrors, ForbiddenError } from './errors.js';
import { textLength } from './text.js';

export const ROLES = ['owner', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_LENGTH = 256;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Emails are compared case-insensitively, so they are stored lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface NewUserInput {
  email: string;
  displayName: string;
  password: string;
}

/** Checks a new user's fields; returns them normalized. */
export function validateNewUser(input: NewUserInput, errors: FieldErrors): NewUserInput {
  const email = normalizeEmail(input.email);
  if (!EMAIL_PATTERN.test(email) || textLength(email) > 254) errors.add('email', 'Email must be a valid address');
  const displayName = input.displayName.trim();
  if (displayName === '' || textLength(displayName) > 100)
    errors.add('display_name', 'Display name must be 1-100 characters');
  if (textLength(input.password) < MIN_PASSWORD_LENGTH)
    errors.add('password', `Password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  else if (textLength(input.password) > MAX_PASSWORD_LENGTH)
    errors.add('password', `Password must be at most ${MAX_PASSWORD_LENGTH} characters`);
  return { email, displayName, password: input.password };
}

export function validateHouseholdName(name: string, errors: FieldErrors): string {
  const trimmed = name.trim();
  if (trimmed === '' || textLength(trimmed) > 100)
    errors.add('household_name', 'Household name must be 1-100 characters');
  return trimmed;
}

export function canWrite(role: Role): boolean {
  return role === 'owner' || role === 'member';
}

export function assertCanWrite(role: Role): void {
  if (!canWrite(role)) throw new ForbiddenError('A viewer can only read');
}

export function assertOwner(role: Role): void {
  if (role !== 'owner') throw new ForbiddenError('Only an owner manages the household');
}

/** A household always keeps an owner: the last one can be neither demoted nor removed. */
export function assertKeepsAnOwner(currentRole: Role, nextRole: Role | null, ownerCount: number): void {
  if (currentRole === 'owner' && nextRole !== 'owner' && ownerCount <= 1)
    throw new BusinessRuleError('A household must keep at least one owner');
}
