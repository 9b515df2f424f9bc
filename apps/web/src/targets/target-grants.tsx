'use client';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api';
import type { CollectionSummary, ImportTarget, IndexAccess, UserAccount } from '../types';

/** A user with their grants, as the targets page loads them. */
export type GrantUser = UserAccount & { grants: IndexAccess[] };

/** Admins and power users import anywhere (ARCHITECTURE.md §5): grants decide only for operators and readers. */
const granted = (user: UserAccount) => user.role === 'operator' || user.role === 'reader';

/**
 * Who may import into this database: each operator's and reader's grants on it (a pattern of
 * collection names, read and write), removable, and a new one. A grant on every database shows
 * here too, marked so.
 */
export function TargetGrants({ target, users, onChanged }: { target: ImportTarget; users: GrantUser[]; onChanged: (message: string) => void }) {
  const [collections, setCollections] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The pressed button is disabled while it works (a removed grant's goes for good): the focus is put back where work goes on.
  const heading = useRef<HTMLHeadingElement>(null);
  const userField = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    // Names to pick from; a database away for now only loses the suggestions.
    api<CollectionSummary[]>(`/import-targets/${target.id}/collections`).then((list) => setCollections(list.map((c) => c.name)), () => undefined);
  }, [target.id]);

  const rows = users.filter(granted).flatMap((user) => user.grants.filter((g) => g.es_server_id === target.id || g.es_server_id === null).map((grant) => ({ user, grant })));
  const listId = `collections-${target.id}`;

  async function run(work: () => Promise<unknown>, message: string) {
    setBusy(true);
    setProblem(null);
    try {
      await work();
      onChanged(message);
      return true;
    } catch (error) {
      setProblem(errorMessage(error));
      return false;
    } finally {
      setBusy(false);
    }
  }
  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const user = users.find((u) => u.id === data.get('user_id'));
    const pattern = String(data.get('index_pattern') ?? '').trim();
    if (data.get('can_read') !== 'on' && data.get('can_write') !== 'on') return setProblem('Tick read, write or both: a grant of neither allows nothing.');
    const body = { user_id: String(data.get('user_id')), es_server_id: target.id, index_pattern: pattern, can_read: data.get('can_read') === 'on', can_write: data.get('can_write') === 'on' };
    if (await run(() => api('/index-access', { json: body }), `${user?.username ?? 'The user'} was granted ${pattern} on ${target.name}.`)) form.reset();
    userField.current?.focus();
  }

  return (
    <div className="grants">
      <h3 ref={heading} tabIndex={-1}>Who may import here</h3>
      <p className="muted small">Admins and power users import into every collection. Operators import only into collections a write grant names; readers look at those a grant names.</p>
      {rows.length === 0 ? (
        <p className="muted">No grants yet.</p>
      ) : (
        <div className="table-wrap">
        <table>
          <thead>
            <tr><th>User</th><th>Collections</th><th>Read</th><th>Write</th><th></th></tr>
          </thead>
          <tbody>
            {rows.map(({ user, grant }) => (
              <tr key={grant.id} data-testid={`grant-${user.username}-${grant.index_pattern}`}>
                <td>{user.username} <span className="muted">({user.role})</span></td>
                <td>{grant.index_pattern}{grant.es_server_id === null && <span className="muted small"> on every database</span>}</td>
                <td>{grant.can_read ? 'yes' : 'no'}</td>
                <td>{grant.can_write ? 'yes' : 'no'}</td>
                <td>
                  <button type="button" className="link" disabled={busy} aria-label={`Remove the grant of ${grant.index_pattern} to ${user.username}`} onClick={() => void run(() => api(`/index-access/${grant.id}`, { method: 'DELETE' }), `${user.username} may no longer use ${grant.index_pattern}${grant.es_server_id === null ? ' on any database' : ` on ${target.name}`}.`).then(() => heading.current?.focus())}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      <form className="grant-form" onSubmit={(e) => void add(e)} aria-label={`New grant on ${target.name}`}>
        <label>
          User
          <select ref={userField} name="user_id" required defaultValue="">
            <option value="" disabled>Choose…</option>
            {users.filter(granted).map((u) => <option key={u.id} value={u.id}>{u.username} ({u.role})</option>)}
          </select>
        </label>
        <label>
          Collections
          <input name="index_pattern" required maxLength={255} list={listId} placeholder="customers, or sales_* for several" />
          <datalist id={listId}>{collections.map((c) => <option key={c} value={c} />)}</datalist>
        </label>
        <label className="inline"><input type="checkbox" name="can_read" defaultChecked />read</label>
        <label className="inline"><input type="checkbox" name="can_write" defaultChecked />write</label>
        <button type="submit" disabled={busy}>Grant</button>
      </form>
      {problem && <p className="error" role="alert">{problem}</p>}
    </div>
  );
}
