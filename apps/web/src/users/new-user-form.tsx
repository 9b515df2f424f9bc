'use client';
import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../api';
import type { AppKey, Role, UserAccount } from '../types';
import { type AskPassword, CANCELLED, withPassword } from './password-prompt';
import { GRANTED_APPS, ROLES } from './user-apps';

/** A new user with a first password and the apps to open; the API names a field it refuses. */
/** `onSending`: a new try begins, so what the page said of the last one goes. */
/** `askPassword`: the admin's own password, which making an admin takes. */
export function NewUserForm({ onCreated, onSending, askPassword }: { onCreated: (message: string) => void; onSending: () => void; askPassword: AskPassword }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const apps = GRANTED_APPS.filter((app) => data.get(`app_${app.key}`)).map((app) => app.key);
    setBusy(true);
    setProblem(null);
    onSending();
    try {
      const fields = { username: text('username'), full_name: text('full_name'), email: text('email'), role: data.get('role') as Role, password: String(data.get('password') ?? '') };
      const user = await withPassword(askPassword, (currentPassword) => api<UserAccount>('/users', { json: currentPassword ? { ...fields, current_password: currentPassword } : fields }));
      if (user === CANCELLED) return;
      // Admins open every app already; the others get what was ticked.
      const granted = user.role === 'admin' ? [] : apps;
      const failed: AppKey[] = [];
      for (const key of granted) await api('/app-permissions', { json: { user_id: user.id, app_key: key } }).catch(() => failed.push(key));
      form.reset();
      onCreated(`${user.username} was created.`);
      if (failed.length) setProblem(`${user.username} was created, but could not be given ${failed.join(' and ')}: tick it in the list.`);
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="fields card" onSubmit={(e) => void create(e)} aria-labelledby="new-user">
      <h2 id="new-user" className="wide">New user</h2>
      <label>Username<input name="username" autoComplete="off" required minLength={3} maxLength={64} pattern="[A-Za-z0-9._\-]+" title="letters, digits, dot, dash or underscore" /></label>
      <label>Full name<input name="full_name" autoComplete="off" required maxLength={200} /></label>
      <label>Email<input name="email" type="email" autoComplete="off" required maxLength={254} /></label>
      <label>First password<input name="password" type="password" autoComplete="new-password" required minLength={10} maxLength={256} /></label>
      <label>
        Role
        {/* An operator: a reader with the documents app could open it but upload nothing. */}
        <select name="role" defaultValue="operator">
          {ROLES.map((role) => <option key={role.key} value={role.key}>{role.name}</option>)}
        </select>
      </label>
      <fieldset>
        <legend>Apps</legend>
        {GRANTED_APPS.map((app) => (
          <label key={app.key} className="inline">
            <input type="checkbox" name={`app_${app.key}`} defaultChecked={app.key === 'documents'} />
            {app.name}
          </label>
        ))}
      </fieldset>
      {problem && <p className="error wide" role="alert">{problem}</p>}
      <p className="wide"><button type="submit" disabled={busy}>Create</button></p>
    </form>
  );
}
