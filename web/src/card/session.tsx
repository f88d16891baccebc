import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { api, setCsrfToken } from '../api.ts';

export interface Session {
  residentId: string;
  cardId: string;
  roles: Array<{ role: string; organisation: string }>;
  expiresAt: string;
}

interface SessionState {
  /** undefined while the first check runs; null when nobody is logged in. */
  session: Session | null | undefined;
  opened(answer: { csrfToken: string; session: Session }): void;
  logout(): Promise<void>;
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

/** The card session, read from the platform (the cookie itself is HttpOnly). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  // A login that lands while a check is on its way wins over the check's older answer.
  const generation = useRef(0);
  const refresh = useCallback(async () => {
    const asked = generation.current;
    let next: { csrfToken: string | null; session: Session | null };
    try {
      const r = await api<{ csrfToken: string; session: Session }>('GET', '/api/login/session');
      next = { csrfToken: r.csrfToken, session: r.session };
    } catch {
      next = { csrfToken: null, session: null };
    }
    if (generation.current !== asked) return;
    setCsrfToken(next.csrfToken);
    setSession(next.session);
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const value: SessionState = {
    session,
    opened: (answer) => {
      generation.current++;
      setCsrfToken(answer.csrfToken);
      setSession(answer.session);
    },
    logout: async () => {
      generation.current++;
      await api('POST', '/api/login/logout').catch(() => {});
      setCsrfToken(null);
      setSession(null);
    },
    refresh,
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/** The municipality where the session holds a counter role, if any. */
export function counterMunicipality(session: Session | null | undefined): string | null {
  const r = session?.roles.find((a) => a.role === 'municipal-clerk' || a.role === 'card-officer');
  return r ? r.organisation : null;
}
