'use client';
import { useState } from 'react';
import { api, errorMessage } from '../api';

/**
 * Ends every session of one's account: a laptop lost or a shared computer left signed in. This
 * page's session ends too, so it goes to sign-in.
 */
export function SignOutEverywhere() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function signOutEverywhere() {
    if (!window.confirm('Sign out everywhere? Every session of your account ends, on every device and browser, this one included.')) return;
    setBusy(true);
    setProblem(null);
    try {
      await api('/auth/logout-all', { method: 'POST' });
      window.location.assign('/login/');
    } catch (error) {
      setProblem(errorMessage(error));
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="sessions">
      <h2 id="sessions">Sessions</h2>
      <p className="muted">Signed in somewhere you no longer are? End every session of your account; signing in again starts a new one.</p>
      {problem && <p className="error" role="alert">{problem}</p>}
      <button type="button" className="danger" disabled={busy} onClick={() => void signOutEverywhere()}>
        {busy ? 'Signing out…' : 'Sign out everywhere'}
      </button>
    </section>
  );
}
