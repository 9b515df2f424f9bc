'use client';
import { useRouter } from 'next/navigation';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api, errorMessage, uploadForm } from '../api';
import { formatBytes } from '../documents/format';
import type { ImportJob, ImportLimits, ImportTarget } from '../types';

const SPREADSHEETS = '.csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Pick where the rows go and the file; once it is uploaded, its page shows what was found in it. */
export function NewImport({ isAdmin }: { isAdmin: boolean }) {
  const router = useRouter();
  const [targets, setTargets] = useState<ImportTarget[] | null>(null);
  const [targetId, setTargetId] = useState('');
  const file = useRef<HTMLInputElement>(null);
  const [sent, setSent] = useState<{ loaded: number; total: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const [limits, setLimits] = useState<ImportLimits | null>(null);

  useEffect(() => {
    // Without it the gateway still refuses a file past its limit, only once the limit has been sent.
    api<ImportLimits>('/imports/limits').then(setLimits, () => undefined);
    api<ImportTarget[]>('/import-targets').then(
      (list) => {
        setTargets(list);
        if (list.length === 1) setTargetId(list[0].id);
      },
      (error: unknown) => setProblem(errorMessage(error)),
    );
  }, []);

  /** Said as soon as the file is chosen: a 300 MB export is not sent for minutes to be refused at the end. */
  const tooLarge = (chosen: File) => (limits && chosen.size > limits.max_upload_bytes ? `${chosen.name} is ${formatBytes(chosen.size)}: an import takes files up to ${formatBytes(limits.max_upload_bytes)}. Nothing was uploaded; split the file or ask an administrator.` : null);
  const chose = () => {
    const chosen = file.current?.files?.[0];
    setProblem(chosen ? tooLarge(chosen) : null);
  };

  async function upload(event: FormEvent) {
    event.preventDefault();
    const chosen = file.current?.files?.[0];
    if (!chosen) return setProblem('Choose a CSV or XLSX file first.');
    const large = tooLarge(chosen);
    if (large) return setProblem(large);
    if (!targetId) return setProblem('Choose where the rows go first.');
    setProblem(null);
    setSent({ loaded: 0, total: chosen.size });
    const form = new FormData();
    form.append('target_id', targetId);
    form.append('file', chosen, chosen.name);
    try {
      const job = await uploadForm<ImportJob>('/imports', form, (loaded, total) => setSent({ loaded, total }));
      router.push(`/imports/view/?id=${job.id}`);
    } catch (error) {
      setProblem(errorMessage(error));
      setSent(null);
    }
  }

  if (targets?.length === 0) {
    return (
      <p className="muted" data-testid="no-targets">
        {isAdmin ? <>No NocoBase database is set up for imports yet: add one under <a href="/targets/">Import databases</a>.</> : 'No database is open to you for imports yet; ask an administrator for a grant.'}
      </p>
    );
  }
  return (
    <form
      className={`drop new-import ${over ? 'over' : ''}`}
      onSubmit={(e) => void upload(e)}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        // A file dropped anywhere on the form is the one to upload, as if picked.
        e.preventDefault();
        setOver(false);
        if (file.current && e.dataTransfer.files.length) {
          file.current.files = e.dataTransfer.files;
          chose();
        }
      }}
    >
      <label>
        Into
        <select value={targetId} onChange={(e) => setTargetId(e.target.value)} disabled={!targets || !!sent}>
          {targets && targets.length > 1 && <option value="">Choose a database…</option>}
          {targets?.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
        </select>
      </label>
      <label>
        File (CSV or XLSX)
        <input ref={file} type="file" accept={SPREADSHEETS} disabled={!!sent} data-testid="import-file" onChange={chose} />
      </label>
      <button type="submit" disabled={!targets || !!sent}>Upload and preview</button>
      {sent && (
        <p className="muted" role="status">
          Uploading… {formatBytes(sent.loaded)} of {formatBytes(sent.total)}
          {sent.total > 0 && <progress value={sent.loaded} max={sent.total} aria-label="Upload" />}
        </p>
      )}
      {problem && <p className="error" role="alert">{problem}</p>}
    </form>
  );
}
