import { createContext, useContext } from 'react';
import type { Answer } from '../api/client';

export type Me = Answer<'/api/v1/auth/me'>;

interface Session {
  me: Me;
  /** Members and owners write; a viewer sees no write controls. */
  canWrite: boolean;
  isOwner: boolean;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === null) throw new Error('useSession outside a signed-in screen');
  return session;
}
