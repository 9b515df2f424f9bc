'use client';
import { useState } from 'react';
import { api, errorMessage } from '../api';
import type { ImportTarget, TargetTestResult } from '../types';
import { TargetGrants } from './target-grants';
import { TargetForm } from './target-form';
import type { GrantUser } from './target-grants';

/** One database: where it is, a connection test, a change, the removal, and who may import into it. */
export function TargetCard({ target, users, onChanged, onRemoved }: { target: ImportTarget; users: GrantUser[]; onChanged: (message: string) => void; onRemoved: (message: string) => void }) {
  const [editing, setEditing] = useState(false);
  const [test, setTest] = useState<TargetTestResult | 'testing' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const s = target.settings;

  async function runTest() {
    setTest('testing');
    setProblem(null);
    try {
      setTest(await api<TargetTestResult>(`/import-targets/${target.id}/test`, { method: 'POST' }));
    } catch (error) {
      setTest(null);
      setProblem(errorMessage(error));
    }
  }
  async function remove() {
    if (!window.confirm(`Remove ${target.name}? Its grants are deleted, imports into it can no longer run, and those it holds can no longer be rolled back (adding the database again makes a new one). The database itself is not touched.`)) return;
    try {
      await api(`/import-targets/${target.id}`, { method: 'DELETE' });
      onRemoved(`${target.name} was removed.`);
    } catch (error) {
      setProblem(errorMessage(error));
    }
  }

  if (editing) return <TargetForm target={target} onCancel={() => setEditing(false)} onSaved={(_, message) => { setEditing(false); setTest(null); onChanged(message); }} />;
  return (
    <section className="card target" aria-label={target.name} data-testid={`target-${target.name}`}>
      <h2>{target.name}</h2>
      {/* The settings come to administrators, the only ones on this page. */}
      {s && (
        <p className="meta">
          {s.user}@{s.host}:{s.port}/{s.database} · schema {s.schema}
          {s.table_prefix && <> · prefix {s.table_prefix}</>} · password {s.password ?? 'none'}{s.ssl && <> · TLS</>} · rows by NocoBase user {s.acting_user_id ?? '(none)'} · worker id {s.snowflake_worker_id}
        </p>
      )}
      <p className="actions">
        <button type="button" onClick={() => void runTest()} disabled={test === 'testing'}>{test === 'testing' ? 'Testing…' : 'Test the connection'}</button>
        <button type="button" className="secondary" onClick={() => setEditing(true)}>Change</button>
        <button type="button" className="danger" onClick={() => void remove()}>Remove</button>
      </p>
      {test && test !== 'testing' && (
        <div role="status" data-testid="test-result" className={test.ok ? 'notice' : 'error'}>
          <p>{test.ok ? `Connected (${test.server_version ?? 'PostgreSQL'}): ${test.collections ?? 0} NocoBase collections, in ${test.elapsed_ms} ms.` : `Not usable: ${test.message}`}</p>
          {test.warnings.map((w) => <p key={w} className="warn">{w}</p>)}
        </div>
      )}
      {problem && <p className="error" role="alert">{problem}</p>}
      <TargetGrants target={target} users={users} onChanged={onChanged} />
    </section>
  );
}
