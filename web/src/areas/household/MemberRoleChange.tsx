import { useState } from 'react';
import { type Member, ROLES, type Role } from '../../api/queries/members';

interface MemberRoleChangeProps {
  member: Member;
  busy: boolean;
  onChange: (role: Role) => void;
}

/** A member's row control: "Role for <name>" and "Change role"; the choice stays if the API refuses it. */
export function MemberRoleChange({ member, busy, onChange }: MemberRoleChangeProps) {
  const [role, setRole] = useState<Role>(member.role);
  return (
    <span className="member-role-change">
      <select
        aria-label={`Role for ${member.display_name}`}
        value={role}
        onChange={(e) => setRole(e.target.value as Role)}
      >
        {ROLES.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </select>
      <button type="button" disabled={busy || role === member.role} onClick={() => onChange(role)}>
        Change role
      </button>
    </span>
  );
}
