import { type Member, useRemoveMember } from '../../api/queries/members';
import { Dialog } from '../../ui/Dialog';
import { Form } from '../../ui/Form';

/** "Remove member": asks first; the API refuses to remove the last owner, and says so here. */
export function RemoveMemberDialog({ member, onClose }: { member: Member; onClose: () => void }) {
  const remove = useRemoveMember();
  return (
    <Dialog title="Remove member" open onClose={onClose}>
      <Form
        onSubmit={() => remove.mutate(member.id, { onSuccess: onClose })}
        error={remove.error}
        busy={remove.isPending}
        submitLabel="Remove"
        label="Remove member"
        actions={
          <button type="button" className="quiet" onClick={onClose}>
            Cancel
          </button>
        }
      >
        <p>
          Remove {member.display_name} ({member.email}) from the household? They are signed out at once and can no
          longer sign in.
        </p>
      </Form>
    </Dialog>
  );
}
