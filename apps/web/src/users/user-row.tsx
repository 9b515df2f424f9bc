'use client';
import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../api';
import type { AppKey, Role, UserAccount } from '../types';
import { GRANTED_APPS, ROLES } from './user-apps';

interface Props {
  user: UserAccount;
  apps: Set<AppKey>;
  /** The signed-in admin's own row: the API refuses to demote, deactivate or delete oneself. */
  self: boolean;
  /** Something changed: reload the list, and say what. */
  onChanged: (message: string) => void;
}

/** One user: role, active, apps, a new password, delete; each change saved at once, a refusal said in the row. */
export function UserRow({ user, apps, self, onChanged }: Props) {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const name = user.username;

  async function change(action: () => Promise<unknown>, message: string) {
    setBusy(true);
    setProblem(null);
    try {
      await action();
      onChanged(message);
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }
  const patch = (changes: Partial<UserAccount> & { password?: string }, message: string) => change(() => api(`/users/${user.id}`, { method: 'PATCH', json: changes }), message);
  const setApp = (key: AppKey, on: boolean) =>
    change(
      () => (on ? api('/app-permissions', { json: { user_id: user.id, app_key: key } }) : api(`/app-permissions/${user.id}/${key}`, { method: 'DELETE' })),
      `${name} ${on ? 'may now open' : 'may no longer open'} ${key}.`,
    );

  function setPassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const password = String(new FormData(form).get('password') ?? '');
    void patch({ password }, `${name} has a new password.`).then(() => form.reset());
  }

  const admin = user.role === 'admin';
  return (
    <tr data-testid={`user-${name}`}>
      <td>
        <strong>{name}</strong>
        <div className="small">{user.full_name}</div>
        <div className="small muted">{user.email}</div>
      </td>
      <td>
        <select aria-label={`Role of ${name}`} value={user.role} disabled={busy || self} onChange={(e) => void patch({ role: e.target.value as Role }, `${name} is now ${e.target.value}.`)}>
          {ROLES.map((role) => <option key={role.key} value={role.key}>{role.name}</option>)}
        </select>
      </td>
      <td>
        <label className="inline">
          <input type="checkbox" checked={user.is_active} disabled={busy || self} onChange={(e) => void patch({ is_active: e.target.checked }, `${name} ${e.target.checked ? 'may sign in again' : 'can no longer sign in'}.`)} />
          Active
        </label>
      </td>
      <td>
        {GRANTED_APPS.map((app) => (
          <label key={app.key} className="inline" title={admin ? 'Admins open every app' : undefined}>
            <input type="checkbox" checked={admin || apps.has(app.key)} disabled={busy || admin} onChange={(e) => void setApp(app.key, e.target.checked)} />
            {app.name}
          </label>
        ))}
      </td>
      <td className="date">{user.last_login_at ? new Date(user.last_login_at).toLocaleString() : <span className="muted">never</span>}</td>
      <td>
        <details>
          <summary>New password</summary>
          <form onSubmit={setPassword}>
            <input name="password" type="password" autoComplete="new-password" minLength={10} maxLength={256} required aria-label={`New password for ${name}`} />{' '}
            <button type="submit" disabled={busy}>Set</button>
          </form>
        </details>
        {!self && (
          <button type="button" className="danger" disabled={busy} onClick={() => window.confirm(`Delete ${name}? Nobody can sign in as ${name} again, and nobody can open the documents ${name} uploaded. To keep them, make ${name} inactive instead.`) && void change(() => api(`/users/${user.id}`, { method: 'DELETE' }), `${name} was deleted.`)}>
            Delete
          </button>
        )}
        {problem && <p className="error small" role="alert">{problem}</p>}
      </td>
    </tr>
  );
}
