'use client';
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { api, errorMessage, expectUser } from './api';
import type { AppEntry, User } from './types';

export interface Session {
  user: User;
  apps: AppEntry[];
  /** Readers look; the other roles upload, correct and file (ARCHITECTURE.md §5). */
  canWrite: boolean;
  has: (app: AppEntry['key']) => boolean;
}

const SessionContext = createContext<Session | null>(null);

/** Loads who is signed in and which apps they may open; a missing session goes to the sign-in page. */
export function SessionProvider({ children }: { children: (session: Session) => ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    Promise.all([api<User>('/auth/me'), api<AppEntry[]>('/apps')])
      .then(([user, apps]) => {
        expectUser(user.id);
        setSession({ user, apps, canWrite: user.role !== 'reader', has: (key) => apps.some((a) => a.key === key) });
      })
      .catch((error: unknown) => setProblem(errorMessage(error)));
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
