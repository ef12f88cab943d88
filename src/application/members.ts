import { FieldErrors, NotFoundError, ValidationError } from '../domain/errors.js';
import { assertKeepsAnOwner, assertOwner, ROLES, type Role, validateNewUser } from '../domain/household.js';
import { emailTaken, forgetCachedSessions } from './auth.js';
import type { AppContext } from './context.js';
import { pageRequest } from './pagination.js';
import { MEMBER_SORT_FIELDS, type Page, type User } from './ports.js';
import type { Principal } from './principal.js';

function parseRole(role: string): Role {
  const normalized = role.trim().toLowerCase();
  if (!(ROLES as readonly string[]).includes(normalized))
    throw ValidationError.field('role', 'Role must be owner, member or viewer');
  return normalized as Role;
}

export function addMember(
  ctx: AppContext,
  caller: Principal,
  input: { email: string; displayName: string; password: string; role: string },
): Promise<User> {
  assertOwner(caller.role);
  const errors = new FieldErrors();
  const user = validateNewUser(input, errors);
  let role: Role = 'member';
  try {
    role = parseRole(input.role);
  } catch (e) {
    if (e instanceof ValidationError) errors.items.push(...e.details);
  }
  errors.throwIfAny();
  return ctx.unitOfWork(async (repos) => {
    if ((await repos.users.getByEmailWithPassword(user.email)) !== null) throw emailTaken();
    return repos.users.create({
      id: ctx.newId(),
      householdId: caller.householdId,
      email: user.email,
      displayName: user.displayName,
      passwordHash: await ctx.passwords.hash(user.password),
      role,
      isAdmin: false,
    });
  });
}

export function listMembers(
  ctx: AppContext,
  caller: Principal,
  query: { page?: number; size?: number; sort?: string },
): Promise<Page<User>> {
  const request = pageRequest(query, MEMBER_SORT_FIELDS, [{ field: 'created_at', direction: 'asc' }]);
  return ctx.repos.users.getPageByHousehold(caller.householdId, request);
}

export async function changeMemberRole(
  ctx: AppContext,
  caller: Principal,
  userId: string,
  role: string,
): Promise<User> {
  assertOwner(caller.role);
  const nextRole = parseRole(role);
  const updated = await ctx.unitOfWork(async (repos) => {
    await repos.users.lockHouseholdMembers(caller.householdId);
    const member = await repos.users.getById(caller.householdId, userId);
    if (member === null) throw new NotFoundError('Member');
    assertKeepsAnOwner(member.role, nextRole, await repos.users.countOwners(caller.householdId));
    return repos.users.updateRole(member.id, nextRole);
  });
  await forgetCachedSessions(ctx, await ctx.repos.sessions.getTokenHashesByUser(userId));
  return updated;
}

export async function removeMember(ctx: AppContext, caller: Principal, userId: string): Promise<void> {
  assertOwner(caller.role);
  const tokenHashes = await ctx.unitOfWork(async (repos) => {
    await repos.users.lockHouseholdMembers(caller.householdId);
    const member = await repos.users.getById(caller.householdId, userId);
    if (member === null) throw new NotFoundError('Member');
    assertKeepsAnOwner(member.role, null, await repos.users.countOwners(caller.householdId));
    const hashes = await repos.sessions.deleteByUser(member.id);
    await repos.users.delete(member.id);
    return hashes;
  });
  await forgetCachedSessions(ctx, tokenHashes);
}
