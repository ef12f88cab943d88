import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../client';
import { key } from '../keys';
import { useWrite } from '../mutations';

export function useSetupNeeded() {
  return useQuery({ queryKey: key('setup'), queryFn: () => unwrap(api.GET('/api/v1/setup')), staleTime: Infinity });
}

/** The signed-in person; an ApiError with status 401 when nobody is. */
export function useMe() {
  return useQuery({ queryKey: key('me'), queryFn: () => unwrap(api.GET('/api/v1/auth/me')), retry: false });
}

export function useSetup() {
  return useWrite(
    'setup',
    async (body: { household_name: string; display_name: string; email: string; password: string }) => {
      await unwrap(api.POST('/api/v1/setup', { body }));
      await unwrap(api.POST('/api/v1/auth/login', { body: { email: body.email, password: body.password } }));
    },
  );
}

export function useSignIn() {
  return useWrite('me', (body: { email: string; password: string }) =>
    unwrap(api.POST('/api/v1/auth/login', { body })),
  );
}

export function useSignOut() {
  return useWrite('me', () => unwrap(api.POST('/api/v1/auth/logout')));
}
