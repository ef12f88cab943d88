import { useEffect } from 'react';
import { useLocation, useSearch } from 'wouter';
import { useMe, useSignIn } from '../../api/queries/session';
import { Field, Form, text } from '../../ui/Form';

/** Where to go after signing in: the page asked for, if it is one of StockBook's own. */
function nextPath(search: string): string {
  const next = new URLSearchParams(search).get('next');
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const me = useMe();
  const signIn = useSignIn();

  useEffect(() => {
    if (me.isSuccess) navigate(nextPath(search), { replace: true });
  }, [me.isSuccess, navigate, search]);

  const submit = (values: FormData) =>
    signIn.mutate({ email: text(values, 'email') ?? '', password: String(values.get('password') ?? '') });

  return (
    <main id="main" className="entry">
      <h1>Sign in to StockBook</h1>
      <Form onSubmit={submit} error={signIn.error} busy={signIn.isPending} submitLabel="Sign in" label="Sign in">
        <Field label="Email" name="email">
          {(control) => <input {...control} type="email" autoComplete="username" required />}
        </Field>
        <Field label="Password" name="password">
          {(control) => <input {...control} type="password" autoComplete="current-password" required />}
        </Field>
      </Form>
    </main>
  );
}
