'use client';
import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../api';
import type { ImportTarget } from '../types';

const numberOrNull = (value: string) => (value.trim() === '' ? null : Number(value));

/** The form's fields as the API takes a NocoBase database's settings (the password as shown: masked keeps it). */
function readForm(data: FormData) {
  const text = (name: string) => String(data.get(name) ?? '').trim();
  return {
    name: text('name'),
    settings: {
      host: text('host'),
      port: Number(text('port')),
      database: text('database'),
      user: text('user'),
      password: String(data.get('password') ?? ''),
      schema: text('schema'),
      table_prefix: text('table_prefix') || null,
      ssl: data.get('ssl') === 'on',
      acting_user_id: numberOrNull(text('acting_user_id')),
      snowflake_worker_id: Number(text('snowflake_worker_id')),
    },
  };
}

/**
 * A NocoBase database to import into, as its DB_* variables describe it: new (`target` null) or
 * changed. The password shows masked; left as it is the stored one stays, cleared it is removed.
 */
export function TargetForm({ target, onSaved, onCancel }: { target: ImportTarget | null; onSaved: (saved: ImportTarget, message: string) => void; onCancel?: () => void }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const s = target?.settings;
  const id = target ? `target-${target.id}` : 'new-target';

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const body = readForm(new FormData(form));
    setBusy(true);
    setProblem(null);
    try {
      const saved = target ? await api<ImportTarget>(`/import-targets/${target.id}`, { method: 'PATCH', json: body }) : await api<ImportTarget>('/import-targets', { json: { kind: 'nocobase', ...body } });
      if (!target) form.reset();
      onSaved(saved, target ? `${saved.name} was saved.` : `${saved.name} was added: test its connection, then grant operators its collections.`);
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="fields card" onSubmit={(e) => void save(e)} aria-labelledby={id}>
      <h2 id={id} className="wide">{target ? `Change ${target.name}` : 'Add a NocoBase database'}</h2>
      <label>Name<input name="name" required maxLength={100} defaultValue={target?.name} /></label>
      <label>Host<input name="host" required maxLength={255} defaultValue={s?.host} placeholder="db.example.com" /></label>
      <label>Port<input name="port" type="number" required min={1} max={65535} defaultValue={s?.port ?? 5432} /></label>
      <label>Database (DB_DATABASE)<input name="database" required maxLength={63} defaultValue={s?.database} /></label>
      <label>User (DB_USER)<input name="user" required maxLength={63} defaultValue={s?.user} autoComplete="off" /></label>
      <label>
        Password (DB_PASSWORD)
        <input name="password" type="password" maxLength={1024} defaultValue={s?.password ?? ''} autoComplete="new-password" />
        {target && <span className="muted small">Shown masked: leave it to keep the stored one, clear it to remove it. A new host or port, or TLS turned off, needs it entered again.</span>}
      </label>
      <label>Schema (DB_SCHEMA)<input name="schema" required maxLength={63} defaultValue={s?.schema ?? 'public'} /></label>
      <label>Table prefix (DB_TABLE_PREFIX)<input name="table_prefix" maxLength={30} defaultValue={s?.table_prefix ?? ''} /></label>
      <label>
        NocoBase user the imported rows are by
        <input name="acting_user_id" type="number" min={1} defaultValue={s?.acting_user_id ?? ''} placeholder="users.id, e.g. of an “importer” user" />
      </label>
      <label>
        Snowflake worker id (0–31)
        <input name="snowflake_worker_id" type="number" required min={0} max={31} defaultValue={s?.snowflake_worker_id ?? 31} />
        <span className="muted small">One no NocoBase process uses, so new ids never meet theirs.</span>
      </label>
      <label className="inline"><input name="ssl" type="checkbox" defaultChecked={s?.ssl ?? false} />TLS, with the certificate verified</label>
      {problem && <p className="error wide" role="alert">{problem}</p>}
      <p className="wide actions">
        <button type="submit" disabled={busy}>{target ? 'Save' : 'Add'}</button>
        {onCancel && <button type="button" className="secondary" onClick={onCancel}>Cancel</button>}
      </p>
    </form>
  );
}
