import { useQueryClient } from '@tanstack/react-query';
import { useLocation } from 'wouter';
import { ApiError } from '../../api/client';
import { key } from '../../api/keys';
import { useSetup } from '../../api/queries/session';
import { Field, Form, text } from '../../ui/Form';

/** The first-run screen: creates the household and its owner, who is then signed in on the dashboard. */
export function SetupPage() {
  const setup = useSetup();
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  const submit = (values: FormData) =>
    setup.mutate(
      {
        household_name: text(values, 'household_name') ?? '',
        display_name: text(values, 'display_name') ?? '',
        email: text(values, 'email') ?? '',
        password: String(values.get('password') ?? ''),
      },
      {
        onSuccess: () => navigate('/', { replace: true }),
        // Someone else set StockBook up meanwhile: this screen no longer applies, sign in instead.
        onError: (error) => {
          if (error instanceof ApiError && error.status === 409)
            void queryClient.invalidateQueries({ queryKey: key('setup') });
        },
      },
    );
  return (
    <main id="main" className="entry">
      <h1>Create your household</h1>
      <p>StockBook is new here. Name your household and create its owner: you.</p>
      <Form
        onSubmit={submit}
        error={setup.error}
        busy={setup.isPending}
        submitLabel="Create household"
        label="Create your household"
      >
        <Field label="Household name" name="household_name">
          {(control) => <input {...control} autoComplete="organization" required />}
        </Field>
        <Field label="Your name" name="display_name">
          {(control) => <input {...control} autoComplete="name" required />}
        </Field>
        <Field label="Email" name="email">
          {(control) => <input {...control} type="email" autoComplete="email" required />}
        </Field>
        <Field label="Password" name="password" hint="At least 10 characters.">
          {(control) => <input {...control} type="password" autoComplete="new-password" required minLength={10} />}
        </Field>
      </Form>
    </main>
  );
}
