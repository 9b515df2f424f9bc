'use client';
import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../../src/api';

/**
 * Only a page of this site: a `next` pointing elsewhere would make the sign-in page an open
 * redirect. Resolved the way the browser will resolve it (which drops tabs and newlines, so a
 * prefix check on the raw text is not enough), then held to this origin.
 */
function nextPath(): string {
  const next = new URLSearchParams(window.location.search).get('next') ?? '/';
  try {
    const url = new URL(next, window.location.origin);
    // The whole resolved address, not its path: a path like "//evil.example" would leave the site again.
    return url.origin === window.location.origin ? url.href : '/';
  } catch {
    return '/';
  }
}

export default function LoginPage() {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setProblem(null);
    try {
      await api('/auth/login', { json: { username: form.get('username'), password: form.get('password') } });
      window.location.assign(nextPath());
    } catch (error) {
      setProblem(errorMessage(error));
      setBusy(false);
    }
  }

  return (
    <form className="card narrow" onSubmit={(e) => void submit(e)}>
      <h1>Sign in to Intake</h1>
      <label>
        Username or email
        <input name="username" autoComplete="username" required autoFocus />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {problem && <p className="error" role="alert">{problem}</p>}
      <button type="submit" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
    </form>
  );
}
