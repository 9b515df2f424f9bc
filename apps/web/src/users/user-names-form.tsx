'use client';
import type { FormEvent } from 'react';
import type { UserAccount } from '../types';

type Names = Partial<Pick<UserAccount, 'username' | 'full_name' | 'email'>>;

/** Another user's username, full name and email, corrected in place; only what changed is sent. */
export function UserNamesForm({ user, busy, onSave }: { user: UserAccount; busy: boolean; onSave: (changes: Names) => Promise<boolean> }) {
  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const typed = { username: String(data.get('username') ?? '').trim(), full_name: String(data.get('full_name') ?? '').trim(), email: String(data.get('email') ?? '').trim() };
    const changes = Object.fromEntries(Object.entries(typed).filter(([key, value]) => value !== user[key as keyof Names])) as Names;
    if (Object.keys(changes).length) await onSave(changes);
  }
  const name = user.username;
  return (
    <details>
      <summary>Names</summary>
      <form className="names" onSubmit={(e) => void save(e)} aria-label={`Names of ${name}`}>
        <label>Username<input name="username" defaultValue={user.username} autoComplete="off" required minLength={3} maxLength={64} pattern="[A-Za-z0-9._\-]+" title="letters, digits, dot, dash or underscore" /></label>
        <label>Full name<input name="full_name" defaultValue={user.full_name} autoComplete="off" required maxLength={200} /></label>
        <label>Email<input name="email" type="email" defaultValue={user.email} autoComplete="off" required maxLength={254} /></label>
        <button type="submit" disabled={busy} aria-label={`Save the names of ${name}`}>Save</button>
      </form>
    </details>
  );
}
