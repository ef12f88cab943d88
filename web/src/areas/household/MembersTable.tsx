import type { Member, Role } from '../../api/queries/members';
import { Table } from '../../ui/Table';
import { MemberRoleChange } from './MemberRoleChange';
import { roleLabel } from './roles';

interface MembersTableProps {
  members: readonly Member[];
  /** The signed-in person, marked "(you)". */
  meId: string;
  /** Given to owners only: the row controls to change a role and remove a member. */
  manage?: {
    busy: boolean;
    onRole: (member: Member, role: Role) => void;
    onRemove: (member: Member) => void;
  };
}

/** The "Members" table: who is in the household, and in which role. */
export function MembersTable({ members, meId, manage }: MembersTableProps) {
  const columns = manage ? ['Name', 'Email', 'Role', 'Actions'] : ['Name', 'Email', 'Role'];
  return (
    <Table name="Members" columns={columns}>
      {members.map((member) => (
        <tr key={member.id}>
          <td>
            {member.display_name}
            {member.id === meId && <span className="muted"> (you)</span>}
          </td>
          <td>{member.email}</td>
          <td>{roleLabel(member.role)}</td>
          {manage && (
            <td>
              <div className="row-actions">
                <MemberRoleChange
                  key={member.role}
                  member={member}
                  busy={manage.busy}
                  onChange={(role) => manage.onRole(member, role)}
                />
                <button type="button" className="danger" onClick={() => manage.onRemove(member)}>
                  Remove
                </button>
              </div>
            </td>
          )}
        </tr>
      ))}
    </Table>
  );
}
