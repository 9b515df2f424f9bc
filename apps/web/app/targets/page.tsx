'use client';
import { useEffect, useState } from 'react';
import { api } from '../../src/api';
import { useNewestLoad } from '../../src/newest-load';
import { useSession } from '../../src/session';
import { TargetCard } from '../../src/targets/target-card';
import { TargetForm } from '../../src/targets/target-form';
import type { GrantUser } from '../../src/targets/target-grants';
import type { AppPermission, ImportTarget, IndexAccess, UserAccount } from '../../src/types';

/** The admin's import databases: each with its connection test and who may import into it, and a new one. */
export default function TargetsPage() {
  const session = useSession();
  const isAdmin = session.user.role === 'admin';
  const [targets, setTargets] = useState<ImportTarget[] | null>(null);
  const [users, setUsers] = useState<GrantUser[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useNewestLoad(
    async () => {
      const [list, accounts, permissions] = await Promise.all([api<ImportTarget[]>('/import-targets'), api<UserAccount[]>('/users'), api<AppPermission[]>('/app-permissions')]);
      // Who may open the imports app at all: a grant to anyone else allows nothing.
      const importers = new Set(permissions.filter((p) => p.app_key === 'imports').map((p) => p.user_id));
      // Grants are read a user at a time; admins and power users need none.
      const withGrants = await Promise.all(
        accounts.map(async (u) => ({ ...u, hasImports: u.role === 'admin' || importers.has(u.id), grants: u.role === 'operator' || u.role === 'reader' ? await api<IndexAccess[]>(`/index-access/user/${u.id}`) : [] })),
      );
      return { list, withGrants };
    },
    ({ list, withGrants }) => {
      setTargets(list);
      setUsers(withGrants.sort((a, b) => a.username.localeCompare(b.username)));
      setProblem(null);
    },
    setProblem,
  );
  useEffect(() => {
    if (isAdmin) void load();
  }, [isAdmin, load]);
  const changed = (message: string) => {
    setNotice(null);
    void load().then((shown) => shown && setNotice(message));
  };

  if (!isAdmin) return <p className="error" role="alert">Only administrators manage import databases.</p>;
  return (
    <>
      <h1>Import databases</h1>
      {notice && <p className="notice" role="status">{notice}</p>}
      {problem && <p className="error" role="alert">{problem}</p>}
      {!targets && !problem && <p className="muted">Loading…</p>}
      {targets?.length === 0 && <p className="muted">No database yet: add the NocoBase database imports should write to.</p>}
      {targets?.map((t) => <TargetCard key={t.id} target={t} users={users} onChanged={changed} onRemoved={changed} />)}
      <TargetForm target={null} onSaved={(_, message) => changed(message)} />
    </>
  );
}
