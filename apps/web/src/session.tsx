'use client';
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react';
import { api, errorMessage, expectUser } from './api';
import type { AppEntry, User } from './types';

export interface Session {
  user: User;
  apps: AppEntry[];
  /** Readers look; the other roles upload, correct and file (ARCHITECTURE.md §5). */
  canWrite: boolean;
  has: (app: AppEntry['key']) => boolean;
  /** Reads the session again now: after a change of one's own name, say, which the header shows. */
  reread: () => void;
}

const SessionContext = createContext<Session | null>(null);

/** A tab shown again reads the session again, at most this often. */
const REREAD_MS = 5_000;

/**
 * Loads who is signed in and which apps they may open; a missing session goes to the sign-in page.
 * Read again when the tab is shown or focused: an admin may have changed the role or the apps
 * meanwhile, and the page should offer what the server now allows, not what it allowed at load.
 */
export function SessionProvider({ children }: { children: (session: Session) => ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const shown = useRef('');
  const readAt = useRef(0);
  const readNow = useRef<() => void>(() => undefined);
  useEffect(() => {
    const read = (first: boolean) => {
      readAt.current = Date.now();
      Promise.all([api<User>('/auth/me'), api<AppEntry[]>('/apps')])
        .then(([user, apps]) => {
          expectUser(user.id);
          // The same session as shown stays the same object: pages do not render again for nothing.
          const key = JSON.stringify([user, apps]);
          if (key === shown.current) return;
          shown.current = key;
          setSession({ user, apps, canWrite: user.role !== 'reader', has: (app) => apps.some((a) => a.key === app), reread: () => readNow.current() });
        })
        // A later read that fails (a restart, a moment offline) leaves the page as it was.
        .catch((error: unknown) => first && setProblem(errorMessage(error)));
    };
    read(true);
    readNow.current = () => read(false);
    const again = () => {
      if (document.visibilityState === 'visible' && Date.now() - readAt.current >= REREAD_MS) read(false);
    };
    window.addEventListener('focus', again);
    document.addEventListener('visibilitychange', again);
    return () => {
      window.removeEventListener('focus', again);
      document.removeEventListener('visibilitychange', again);
    };
  }, []);
  if (problem) return <p className="error" role="alert">{problem}</p>;
  if (!session) return <p className="muted">Loading…</p>;
  return <SessionContext.Provider value={session}>{children(session)}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
