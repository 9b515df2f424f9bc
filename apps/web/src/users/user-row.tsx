'use client';
import Link from 'next/link';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api';
import type { AppKey, Role, UserAccount } from '../types';
import { type AskPassword, CANCELLED, withPassword } from './password-prompt';
import { GRANTED_APPS, ROLES } from './user-apps';
import { UserNamesForm } from './user-names-form';

interface Props {
  user: UserAccount;
  apps: Set<AppKey>;
  /** The import databases the user may be pinned to (operators and readers: then that one only). */
  targets: { id: string; name: string }[];
  /** The signed-in admin's own row: the API refuses to demote, deactivate or delete oneself; one's own password is changed knowing the current one. */
  self: boolean;
  /** A change was saved: reload the list, and say what. */
  onChanged: (message: string) => void;
  /** A change was refused: reload the list (the user may be gone), and say why. */
  onRefused: (message: string) => void;
  /** Asks the admin's own password, which making an admin or changing another one takes. */
  askPassword: AskPassword;
}

/** One user: role (saved with its own button), active, apps, a new password, delete. */
export function UserRow({ user, apps, targets, self, onChanged, onRefused, askPassword }: Props) {
  const [busy, setBusy] = useState(false);
  // Chosen, not yet saved: a keyboard user going through the list must not promote anyone on the way.
  const [role, setRole] = useState<Role>(user.role);
  // The row stays mounted across a reload of the list (keeping the keyboard's place): a role saved shows as saved.
  useEffect(() => setRole(user.role), [user.role]);
  // Likewise the import database the user is pinned to ('' for none), saved with its own button.
  const [pin, setPin] = useState(user.assigned_es_server_id ?? '');
  useEffect(() => setPin(user.assigned_es_server_id ?? ''), [user.assigned_es_server_id]);
  const targetName = (id: string) => targets.find((t) => t.id === id)?.name ?? 'a database';
  // Saved, its buttons go: the keyboard goes back to the choice it saved, not to the top of the page,
  // once the choice is enabled again (a disabled control takes no focus).
  const roleChoice = useRef<HTMLSelectElement>(null);
  const pinChoice = useRef<HTMLSelectElement>(null);
  const focusAfterSave = useRef<HTMLSelectElement | null>(null);
  useEffect(() => {
    if (busy || !focusAfterSave.current) return;
    focusAfterSave.current.focus();
    focusAfterSave.current = null;
  }, [busy]);
  const name = user.username;

  // Boxes are not disabled while a change is saved (a disabled box drops the keyboard's focus): a second change waits its turn by being ignored.
  async function change(action: (currentPassword?: string) => Promise<unknown>, message: string): Promise<boolean> {
    if (busy) return false;
    setBusy(true);
    try {
      if ((await withPassword(askPassword, action)) === CANCELLED) return false;
      onChanged(message);
      return true;
    } catch (error) {
      onRefused(`${name}: ${errorMessage(error)}`);
      return false;
    } finally {
      setBusy(false);
    }
  }
  const withCurrent = (currentPassword?: string) => (currentPassword ? { current_password: currentPassword } : {});
  const patch = (changes: Partial<UserAccount> & { password?: string; end_sessions?: true }, message: string) =>
    change((currentPassword) => api(`/users/${user.id}`, { method: 'PATCH', json: { ...changes, ...withCurrent(currentPassword) } }), message);
  const setApp = (key: AppKey, on: boolean) =>
    change(
      () => (on ? api('/app-permissions', { json: { user_id: user.id, app_key: key } }) : api(`/app-permissions/${user.id}/${key}`, { method: 'DELETE' })),
      `${name} ${on ? 'may now open' : 'may no longer open'} ${key}.`,
    );

  // One key press on the box would end every session of the account: asked first, as a delete is.
  async function setActive(active: boolean) {
    if (!active && !window.confirm(`Deactivate ${name}? ${name} is signed out everywhere at once and cannot sign in until made active again.`)) return;
    await patch({ is_active: active }, `${name} ${active ? 'may sign in again' : 'can no longer sign in'}.`);
  }

  async function setPassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const password = String(new FormData(form).get('password') ?? '');
    // Kept in the field when refused, so it can be corrected.
    if (await patch({ password }, `${name} has a new password.`)) form.reset();
  }

  const admin = user.role === 'admin';
  return (
    <tr data-testid={`user-${name}`}>
      <td className="person">
        <strong>{name}</strong>
        <div className="small">{user.full_name}</div>
        <div className="small muted">{user.email}</div>
      </td>
      <td>
        <select ref={roleChoice} aria-label={`Role of ${name}`} value={role} disabled={busy || self} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => <option key={r.key} value={r.key}>{r.name}</option>)}
        </select>
        {role !== user.role && (
          <>
            {' '}
            <button type="button" disabled={busy} onClick={() => { focusAfterSave.current = roleChoice.current; void patch({ role }, `${name} is now ${role}.`); }}>Save role</button>{' '}
            <button type="button" className="link" onClick={() => setRole(user.role)}>Cancel</button>
          </>
        )}
        {/* A power user or admin pinned as an operator keeps the pin (it holds its database from removal): it can be lifted here. */}
        {(user.role === 'operator' || user.role === 'reader' || user.assigned_es_server_id !== null) && targets.length > 0 && (
          <div className="small">
            <select ref={pinChoice} aria-label={`Import database ${name} is pinned to`} value={pin} disabled={busy} onChange={(e) => setPin(e.target.value)}>
              <option value="">Any database its grants name</option>
              {targets.map((t) => <option key={t.id} value={t.id}>Only {t.name}</option>)}
            </select>
            {pin !== (user.assigned_es_server_id ?? '') && (
              <>
                {' '}
                <button type="button" disabled={busy} onClick={() => { focusAfterSave.current = pinChoice.current; void patch({ assigned_es_server_id: pin || null }, pin ? `${name} may now import into ${targetName(pin)} only, into the collections a grant there names.` : `${name} may import into any database its grants name.`); }}>Save pin</button>{' '}
                <button type="button" className="link" onClick={() => setPin(user.assigned_es_server_id ?? '')}>Cancel</button>
              </>
            )}
          </div>
        )}
      </td>
      {/* Short words, never cut ("Act/ive"): the table scrolls sideways instead. */}
      <td className="words">
        <label className="inline">
          <input type="checkbox" aria-label={`${name} may sign in`} checked={user.is_active} disabled={self} aria-busy={busy} onChange={(e) => void setActive(e.target.checked)} />
          Active
        </label>
      </td>
      <td className="words">
        {GRANTED_APPS.map((app) => (
          <label key={app.key} className="inline" title={admin ? 'Admins open every app' : undefined}>
            <input type="checkbox" aria-label={`${app.name} for ${name}`} checked={admin || apps.has(app.key)} disabled={admin} aria-busy={busy} onChange={(e) => void setApp(app.key, e.target.checked)} />
            {app.name}
          </label>
        ))}
      </td>
      <td className="date">{user.last_login_at ? new Date(user.last_login_at).toLocaleString() : <span className="muted">never</span>}</td>
      <td>
        {self && <Link href="/account/">Your password and details</Link>}
        {!self && (
          <>
            <UserNamesForm user={user} busy={busy} onSave={(changes) => patch(changes, `${changes.username ?? name}: names saved.`)} />
            <details>
              <summary>New password</summary>
              <form onSubmit={(e) => void setPassword(e)}>
                <input name="password" type="password" autoComplete="new-password" minLength={10} maxLength={256} required aria-label={`New password for ${name}`} />{' '}
                <button type="submit" disabled={busy} aria-label={`Set the new password of ${name}`}>Set</button>
              </form>
            </details>
            <button
              type="button"
              className="secondary"
              disabled={busy}
              aria-label={`Sign ${name} out everywhere`}
              onClick={() => window.confirm(`Sign ${name} out everywhere? Every session of ${name} ends at once, on every device; the password stays, so ${name} can sign in again.`) && void patch({ end_sessions: true }, `${name} was signed out everywhere.`)}
            >
              Sign out
            </button>{' '}
            <button
              type="button"
              className="danger"
              disabled={busy}
              aria-label={`Delete ${name}`}
              onClick={() => window.confirm(`Delete ${name}? Nobody can sign in as ${name} again. The documents ${name} uploaded are erased within minutes; ${name}’s imports and their files are kept, for admins to see. To keep the documents, make ${name} inactive instead.`) && void change((currentPassword) => api(`/users/${user.id}`, { method: 'DELETE', json: currentPassword ? withCurrent(currentPassword) : undefined }), `${name} was deleted.`)}
            >
              Delete
            </button>
          </>
        )}
      </td>
    </tr>
  );
}
