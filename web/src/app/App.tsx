import { useQueryClient } from '@tanstack/react-query';
import { Suspense, useEffect, useMemo } from 'react';
import { Redirect, Route, Switch, useLocation, useSearch } from 'wouter';
import { ApiError, whenSignedOut } from '../api/client';
import { useMe, useSetupNeeded } from '../api/queries/session';
import { SetupPage } from '../areas/setup/SetupPage';
import { SignInPage } from '../areas/sign-in/SignInPage';
import { screens } from '../routes';
import { LoadError, Loading } from '../ui/EmptyState';
import { Layout } from './Layout';
import { SessionContext } from './session';

/** The sign-in address that brings the person back to `here` afterwards. */
function signInPath(here: string): string {
  return here === '/' || here.startsWith('/sign-in') ? '/sign-in' : `/sign-in?next=${encodeURIComponent(here)}`;
}

export function App() {
  const setup = useSetupNeeded();
  if (setup.isPending) return <Loading what="StockBook" />;
  if (setup.isError) return <LoadError error={setup.error} retry={() => setup.refetch()} />;
  // While nobody has set StockBook up, every address shows the first-run screen.
  if (setup.data.needed) return <SetupPage />;
  return (
    <Switch>
      <Route path="/sign-in" component={SignInPage} />
      <Route>
        <SignedIn />
      </Route>
    </Switch>
  );
}

function SignedIn() {
  const me = useMe();
  const queryClient = useQueryClient();
  const [location, navigate] = useLocation();
  const search = useSearch();
  const here = search ? `${location}?${search}` : location;

  useEffect(() => {
    // A session that ends while the person works (expired, revoked): sign in again, then come back.
    whenSignedOut(() => {
      queryClient.removeQueries();
      navigate(signInPath(window.location.pathname + window.location.search));
    });
  }, [queryClient, navigate]);

  const session = useMemo(
    () => (me.data ? { me: me.data, canWrite: me.data.role !== 'viewer', isOwner: me.data.role === 'owner' } : null),
    [me.data],
  );

  if (me.isPending) return <Loading what="your household" />;
  if (me.error instanceof ApiError && me.error.status === 401) return <Redirect to={signInPath(here)} replace />;
  if (me.isError || session === null) return <LoadError error={me.error} retry={() => me.refetch()} />;
  return (
    <SessionContext.Provider value={session}>
      <Layout>
        <Suspense fallback={<Loading what="the page" />}>
          <Switch>
            {screens.map((screen) => (
              <Route key={screen.path} path={screen.path} component={screen.component} />
            ))}
            <Route>
              <NotFound />
            </Route>
          </Switch>
        </Suspense>
      </Layout>
    </SessionContext.Provider>
  );
}

function NotFound() {
  return (
    <section>
      <h1>Nothing is here</h1>
      <p>This address shows nothing in StockBook. Choose a page from the menu.</p>
    </section>
  );
}
