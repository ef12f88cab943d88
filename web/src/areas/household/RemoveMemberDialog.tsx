import { type Member, useRemoveMember } from '../../api/queries/members';
import { ConfirmDialog } from '../../ui/ConfirmDialog';

/** "Remove member": asks first; the API refuses to remove the last owner, and says so here. */
export function RemoveMemberDialog({ member, onClose }: { member: Member; onClose: () => void }) {
  const remove = useRemoveMember();
  return (
    <ConfirmDialog
      title="Remove member"
      confirmLabel="Remove"
      action={{
        run: (done) => remove.mutate(member.id, { onSuccess: done }),
        error: remove.error,
        busy: remove.isPending,
      }}
      onClose={onClose}
    >
      <p>
        Remove {member.display_name} ({member.email}) from the household? They are signed out at once and can no longer
        sign in.
      </p>
    </ConfirmDialog>
  );
}
