'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { type ReactNode, useEffect } from 'react';
import { api } from './api';
import { SessionProvider } from './session';
import { askBeforeLeaving } from './unsaved';

async function signOut(): Promise<void> {
  await api('/auth/logout', { method: 'POST' }).catch(() => undefined);
  window.location.assign('/login/');
}

/** Every page but sign-in: the signed-in user's navigation around the page. */
export function Shell({ children }: { children: ReactNode }) {
  const path = usePathname();
  useEffect(askBeforeLeaving, []);
  if (path.startsWith('/login')) return <main>{children}</main>;
  return (
    <SessionProvider>
      {(session) => (
        <>
          <header className="top">
            <strong>Intake</strong>
            <nav>
              {session.has('imports') && <Link href="/imports/" className={path.startsWith('/imports') ? 'active' : ''}>Imports</Link>}
              {session.has('documents') && <Link href="/documents/" className={path.startsWith('/documents') ? 'active' : ''}>Documents</Link>}
              {session.has('admin') && <Link href="/settings/" className={path.startsWith('/settings') ? 'active' : ''}>AI settings</Link>}
              {session.user.role === 'admin' && <Link href="/users/" className={path.startsWith('/users') ? 'active' : ''}>Users</Link>}
              {session.user.role === 'admin' && <Link href="/targets/" className={path.startsWith('/targets') ? 'active' : ''}>Import databases</Link>}
            </nav>
            <span className="who">
              <Link href="/account/" className={path.startsWith('/account') ? 'active' : ''} title="Your account: details and password">
                {session.user.full_name || session.user.username}
              </Link>{' '}
              <span className="muted">({session.user.role})</span>
              <button type="button" className="link" onClick={() => void signOut()}>Sign out</button>
            </span>
          </header>
          {session.user.password_change_due && (
            <p className="notice due" data-testid="password-change-due">
              Your password was chosen by someone else (generated at setup, or set by an administrator):{' '}
              {path.startsWith('/account') ? 'choose your own below' : <Link href="/account/">choose your own on your account page</Link>}, so that only you know it.
            </p>
          )}
          <main>{children}</main>
        </>
      )}
    </SessionProvider>
  );
}
