import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, isAbort } from '../api/api-error';
import { fetchMe, signOut as signOutRequest, type CurrentSession } from '../api/identity';
import { setCsrfToken, setSessionEndedHandler } from '../api/request-guards';
import { hasSessionHint, setSessionHint } from './session-hint';

export type SessionState =
  | { readonly status: 'checking' }
  | { readonly status: 'signed-out' }
  | { readonly status: 'signed-in'; readonly me: CurrentSession };

export interface SessionContextValue {
  readonly state: SessionState;
  /** After a sign-in step answered with a session: remember it and learn who is signed in. */
  readonly established: (csrfToken: string) => Promise<void>;
  /** Asks the server again (after a change to one's own access, say). */
  readonly refresh: () => Promise<void>;
  /**
   * Ends this session on the server, then calls `leave` (to navigate away) and forgets the session
   * here, in that order: a page for signed-in people must not first send the person to sign in again.
   */
  readonly signOut: (leave: () => Promise<void> | void) => Promise<void>;
  /** Forgets the session without asking the server (it already ended, e.g. after a password change). */
  readonly forget: () => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/**
 * Who is signed in, for every page: GET /api/v1/me when there may be a session (see
 * session-hint.ts). Keeps the CSRF token for the API requests of this page, in memory only.
 */
export function SessionProvider({ children }: { readonly children: ReactNode }): ReactNode {
  const [state, setState] = useState<SessionState>(() => {
    if (isSignInLanding()) setSessionHint(false);
    return hasSessionHint() ? { status: 'checking' } : { status: 'signed-out' };
  });

  const forget = useCallback((): void => {
    setSessionHint(false);
    setCsrfToken(null);
    setState({ status: 'signed-out' });
  }, []);

  const load = useCallback(
    async (signal?: AbortSignal): Promise<void> => {
      try {
        const me = await fetchMe(signal);
        setCsrfToken(me.csrfToken);
        setSessionHint(true);
        setState({ status: 'signed-in', me });
      } catch (error) {
        if (isAbort(error)) return;
        if (error instanceof ApiError && error.isSignInRequired) forget();
        // Unreachable or odd answer: nobody can be shown as signed in, but the hint stays for a reload.
        else setState({ status: 'signed-out' });
      }
    },
    [forget],
  );

  useEffect(() => setSessionEndedHandler(forget), [forget]);

  useEffect(() => {
    if (!hasSessionHint()) return undefined;
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  const established = useCallback(
    async (csrfToken: string): Promise<void> => {
      setCsrfToken(csrfToken);
      setSessionHint(true);
      await load();
    },
    [load],
  );

  const refresh = useCallback(() => load(), [load]);

  const signOut = useCallback(
    async (leave: () => Promise<void> | void): Promise<void> => {
      try {
        await signOutRequest();
      } catch {
        // Gone already, or unreachable: either way this page forgets the session.
      }
      await leave();
      forget();
    },
    [forget],
  );

  const value = useMemo(() => ({ state, established, refresh, signOut, forget }), [state, established, refresh, signOut, forget]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/**
 * Where single sign-on sends the browser when it did not end in a session (a second factor is
 * still needed, or it failed): there is certainly no session, so nothing to ask the server.
 */
function isSignInLanding(): boolean {
  if (window.location.pathname !== '/sign-in') return false;
  const query = new URLSearchParams(window.location.search);
  return query.has('step') || query.has('error');
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession() outside <SessionProvider>');
  return value;
}

/** Whether the signed-in person holds `permission` (false when nobody is signed in). */
export function hasPermission(state: SessionState, permission: string): boolean {
  return state.status === 'signed-in' && state.me.permissions.includes(permission);
}
