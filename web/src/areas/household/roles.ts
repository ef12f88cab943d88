import { ROLES, type Role } from '../../api/queries/members';

export function roleLabel(role: Role): string {
  return ROLES.find((r) => r.value === role)?.label ?? role;
}
