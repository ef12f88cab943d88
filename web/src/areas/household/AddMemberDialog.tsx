import { ROLES, useAddMember } from '../../api/queries/members';
import { Dialog } from '../../ui/Dialog';
import { Field, Form, text } from '../../ui/Form';

/** "Add member": a new person with their own sign-in, in one of the three roles. */
export function AddMemberDialog({ onClose }: { onClose: () => void }) {
  const add = useAddMember();
  const submit = (values: FormData) =>
    add.mutate(
      {
        email: text(values, 'email') ?? '',
        display_name: text(values, 'display_name') ?? '',
        password: String(values.get('password') ?? ''),
        role: text(values, 'role') ?? 'member',
      },
      { onSuccess: onClose },
    );
  return (
    <Dialog title="Add member" open onClose={onClose}>
      <Form
        onSubmit={submit}
        error={add.error}
        busy={add.isPending}
        label="Add member"
        actions={
          <button type="button" className="quiet" onClick={onClose}>
            Cancel
          </button>
        }
      >
        <Field label="Email" name="email">
          {(control) => <input {...control} type="email" autoComplete="off" />}
        </Field>
        <Field label="Display name" name="display_name">
          {(control) => <input {...control} autoComplete="off" />}
        </Field>
        <Field label="Password" name="password" hint="At least 10 characters; tell it to them in person.">
          {(control) => <input {...control} type="password" autoComplete="new-password" />}
        </Field>
        <Field label="Role" name="role" hint="Owners manage the household; members read and write; viewers only read.">
          {(control) => (
            <select {...control} defaultValue="member">
              {ROLES.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </Form>
    </Dialog>
  );
}
