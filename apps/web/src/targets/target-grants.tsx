'use client';
import { matchesIndexPattern } from '@intake/contracts/index-pattern';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api';
import type { CollectionSummary, ImportTarget, IndexAccess, UserAccount } from '../types';

/** A user with their grants, and whether they may open the imports app, as the targets page loads them. */
export type GrantUser = UserAccount & { grants: IndexAccess[]; hasImports: boolean };

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
  // An import into a collection reads its records (to find those it updates, to show what changes): write reads too.
  const [write, setWrite] = useState(true);
  const [read, setRead] = useState(true);
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
    // "customers, orders": a grant each (a pattern holds no comma or space).
    const patterns = [...new Set(String(data.get('index_pattern') ?? '').split(/[\s,]+/).filter(Boolean))];
    if (!patterns.length) return setProblem('Name a collection, or a pattern such as sales_*.');
    const canWrite = data.get('can_write') === 'on';
    const canRead = canWrite || data.get('can_read') === 'on';
    if (!canRead) return setProblem('Tick read, write or both: a grant of neither allows nothing.');
    for (const pattern of patterns) {
      const unmatched = unmatchedPattern(pattern, collections, target.name);
      if (unmatched && !window.confirm(unmatched)) return;
    }
    const grant = (pattern: string) => api('/index-access', { json: { user_id: String(data.get('user_id')), es_server_id: target.id, index_pattern: pattern, can_read: canRead, can_write: canWrite } });
    const named = patterns.length === 1 ? patterns[0] : `${patterns.slice(0, -1).join(', ')} and ${patterns.at(-1)}`;
    const pinnedAway = user && pinnedElsewhere(user, target.id) ? ` ${user.username} is pinned to another database, so it does nothing until the pin is lifted on the users page.` : '';
    const noApp = user && !user.hasImports ? ` ${user.username} may not open the imports app yet: give it on the users page, or the grant allows nothing.` : '';
    // One after another: a refusal names its pattern, and the ones before it stay granted (the list shows them).
    const grantAll = async () => {
      for (const pattern of patterns) await grant(pattern).catch((error: unknown) => Promise.reject(new Error(`${pattern}: ${errorMessage(error)}`)));
    };
    if (await run(grantAll, `${user?.username ?? 'The user'} was granted ${named} on ${target.name}.${pinnedAway}${noApp}`)) {
      form.reset();
      setWrite(true);
      setRead(true);
    }
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
                <td>
                  {user.username} <span className="muted">({user.role})</span>
                  {pinnedElsewhere(user, target.id) && <div className="small warning">pinned to another database: this grant does nothing</div>}
                  {!user.hasImports && <div className="small warning">without the imports app: this grant does nothing until it is given on the users page</div>}
                </td>
                <td>{grant.index_pattern}{grant.es_server_id === null && <span className="muted small"> on every database</span>}</td>
                <td>{grant.can_read ? 'yes' : grant.can_write ? 'yes, with write' : 'no'}</td>
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
            {users.filter(granted).map((u) => <option key={u.id} value={u.id}>{u.username} ({u.role}{pinnedElsewhere(u, target.id) ? ', pinned to another database' : ''}{u.hasImports ? '' : ', without the imports app'})</option>)}
          </select>
        </label>
        <label>
          Collections
          <input name="index_pattern" required maxLength={255} list={listId} placeholder="customers, orders, or sales_*" />
          <datalist id={listId}>{collections.map((c) => <option key={c} value={c} />)}</datalist>
        </label>
        <label className="inline" title={write ? 'An import reads the records it checks and updates: write reads too' : undefined}>
          <input type="checkbox" name="can_read" checked={write || read} disabled={write} onChange={(e) => setRead(e.target.checked)} />read{write && <span className="muted small"> (with write)</span>}
        </label>
        <label className="inline"><input type="checkbox" name="can_write" checked={write} onChange={(e) => setWrite(e.target.checked)} />write</label>
        <button type="submit" disabled={busy}>Grant</button>
      </form>
      {problem && <p className="error" role="alert">{problem}</p>}
    </div>
  );
}

/** A user pinned to another database: their grants here allow nothing while the pin stands. */
function pinnedElsewhere(user: UserAccount, targetId: string): boolean {
  return user.assigned_es_server_id !== null && user.assigned_es_server_id !== targetId;
}

/**
 * What to ask before granting a pattern that names no collection of the database now (names match
 * exactly: "Products" is not "products"); null when it names one, or the names could not be read.
 */
function unmatchedPattern(pattern: string, collections: string[], database: string): string | null {
  if (!collections.length || collections.some((name) => matchesIndexPattern(pattern, name))) return null;
  const caseless = collections.find((name) => matchesIndexPattern(pattern.toLowerCase(), name.toLowerCase()));
  const hint = caseless ? ` Names match exactly: did you mean “${caseless}”?` : '';
  return `“${pattern}” matches no collection on ${database} now.${hint} Grant it anyway (for a collection made later)?`;
}
