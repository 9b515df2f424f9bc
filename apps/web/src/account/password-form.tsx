'use client';
import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../api';
import { passwordWords } from './password-words';
import { useSession } from '../session';

/**
 * One's own password, changed knowing the current one. The change ends every session of the
 * account, this page's too, so the page signs in again with the new password and stays.
 */
export function PasswordForm({ username }: { username: string }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const session = useSession();

  async function change(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const current = String(data.get('current_password') ?? '');
    const next = String(data.get('new_password') ?? '');
    setProblem(null);
    setNotice(null);
    if (next !== String(data.get('repeat_password') ?? '')) {
      setProblem('The new password and its repetition differ: type the same one twice.');
      return;
    }
    setBusy(true);
    try {
      await api('/profile', { method: 'PUT', json: { current_password: current, new_password: next } });
      form.reset();
      try {
        await api('/auth/login', { json: { username, password: next } });
        setNotice('Your password was changed. Every other session of your account has ended: sign in there with the new one.');
        // The header's word that the password was someone else's goes.
        session.reread();
      } catch {
        window.location.assign('/login/?next=%2Faccount%2F');
      }
    } catch (error) {
      setProblem(passwordWords(errorMessage(error)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="fields card" onSubmit={(e) => void change(e)} aria-labelledby="password">
      <h2 id="password" className="wide">Password</h2>
      {/* For password managers: which account the new password belongs to. */}
      <input type="text" name="username" value={username} autoComplete="username" readOnly hidden />
      <label>Current password<input name="current_password" type="password" autoComplete="current-password" required maxLength={256} /></label>
      <label>
        New password
        <input name="new_password" type="password" autoComplete="new-password" required minLength={10} maxLength={256} aria-describedby="password-rule" />
      </label>
      <label>New password again<input name="repeat_password" type="password" autoComplete="new-password" required minLength={10} maxLength={256} /></label>
      <p id="password-rule" className="muted wide">
        At least 10 characters, and not easy to guess: no common password, keyboard row or your own name. A few unrelated words will do.
      </p>
      {problem && <p className="error wide" role="alert">{problem}</p>}
      {notice && <p className="notice wide" role="status">{notice}</p>}
      <p className="wide"><button type="submit" disabled={busy}>{busy ? 'Changing…' : 'Change password'}</button></p>
    </form>
  );
}
