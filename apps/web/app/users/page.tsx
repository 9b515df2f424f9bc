'use client';
import { useEffect, useState } from 'react';
import { api } from '../../src/api';
import { useNewestLoad } from '../../src/newest-load';
import { useSession } from '../../src/session';
import type { AppKey, AppPermission, UserAccount } from '../../src/types';
import { NewUserForm } from '../../src/users/new-user-form';
import { usePasswordPrompt } from '../../src/users/password-prompt';
import { UserRow } from '../../src/users/user-row';

/** The admin's users: who may sign in, with which role, and which apps each may open. */
export default function UsersPage() {
  const session = useSession();
  const isAdmin = session.user.role === 'admin';
  const [users, setUsers] = useState<UserAccount[] | null>(null);
  const { ask: askPassword, prompt } = usePasswordPrompt();
  const [apps, setApps] = useState(new Map<string, Set<AppKey>>());
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // The import databases an operator or reader may be pinned to.
  const [targets, setTargets] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    if (isAdmin) api<{ id: string; name: string }[]>('/import-targets').then((list) => setTargets(list.map(({ id, name }) => ({ id, name }))), () => undefined);
  }, [isAdmin]);

  const load = useNewestLoad(
    () => Promise.all([api<UserAccount[]>('/users'), api<AppPermission[]>('/app-permissions')]),
    ([list, permissions]) => {
      const byUser = new Map<string, Set<AppKey>>();
      for (const p of permissions) byUser.set(p.user_id, (byUser.get(p.user_id) ?? new Set<AppKey>()).add(p.app_key));
      setUsers([...list].sort((a, b) => a.username.localeCompare(b.username)));
      setApps(byUser);
      setProblem(null);
    },
    setProblem,
  );
  useEffect(() => {
    if (isAdmin) void load();
  }, [isAdmin, load]);

  // Said once the list shows it: until then a row still shows the user as before the change.
  const changed = (message: string) => {
    setNotice(null);
    void load().then((shown) => shown && setNotice(message));
  };
  const refused = (message: string) => {
    setNotice(null);
    void load().then((shown) => shown && setProblem(message));
  };

  if (!isAdmin) return <p className="error" role="alert">Only administrators manage users.</p>;
  return (
    <>
      <h1>Users</h1>
      {notice && <p className="notice" role="status">{notice}</p>}
      {problem && <p className="error" role="alert">{problem}</p>}
      {users && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr><th>User</th><th>Role</th><th>Sign-in</th><th>Apps</th><th>Last sign-in</th><th>Actions</th></tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <UserRow key={user.id} user={user} apps={apps.get(user.id) ?? new Set()} targets={targets} self={user.id === session.user.id} onChanged={changed} onRefused={refused} askPassword={askPassword} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <NewUserForm onCreated={changed} onSending={() => setNotice(null)} askPassword={askPassword} />
      {prompt}
    </>
  );
}
