import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Schemas } from '../api/client';

export type Role = Schemas['CallerResponse']['roles'][number];

/** Each role includes the ones before it (as the platform's access control says). */
const ROLE_ORDER: Role[] = ['viewer', 'developer', 'approver', 'admin'];

export interface Session {
  user: string;
  roles: Role[];
  /** `off`: the gateway runs without authentication; there is no sign-in and no sign-out. */
  authentication: 'on' | 'off';
  signOut: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in app');
  return session;
}

/** Whether the caller's roles include `role` (a UI hint only: the gateway decides every request). */
export function hasRole(session: Pick<Session, 'roles'>, role: Role): boolean {
  const wanted = ROLE_ORDER.indexOf(role);
  return session.roles.some((r) => ROLE_ORDER.indexOf(r) >= wanted);
}
