'use client';
import { useRouter } from 'next/navigation';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api, errorMessage, uploadForm } from '../api';
import { formatBytes } from '../documents/format';
import type { ImportJob, ImportLimits, ImportTarget } from '../types';

const SPREADSHEETS = '.csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Pick where the rows go and the file; once it is uploaded, its page shows what was found in it.
 * Several files make one import each, uploaded one after another, and the list shows them
 * (`onUploaded`), with a word on any that was refused.
 */
export function NewImport({ isAdmin, onUploaded }: { isAdmin: boolean; onUploaded: () => void }) {
  const router = useRouter();
  const [targets, setTargets] = useState<ImportTarget[] | null>(null);
  const [targetId, setTargetId] = useState('');
  const file = useRef<HTMLInputElement>(null);
  const [sent, setSent] = useState<{ loaded: number; total: number; file: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
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
  const chosenFiles = () => [...(file.current?.files ?? [])];
  const chose = () => {
    setNotice(null);
    setProblem(chosenFiles().map(tooLarge).filter(Boolean).join(' ') || null);
  };

  const send = (chosen: File) => {
    const form = new FormData();
    form.append('target_id', targetId);
    form.append('file', chosen, chosen.name);
    return uploadForm<ImportJob>('/imports', form, (loaded, total) => setSent({ loaded, total, file: chosen.name }));
  };

  async function upload(event: FormEvent) {
    event.preventDefault();
    const files = chosenFiles();
    if (!files.length) return setProblem('Choose a CSV or XLSX file first.');
    if (!targetId) return setProblem('Choose where the rows go first.');
    setNotice(null);
    if (files.length === 1) {
      const large = tooLarge(files[0]);
      if (large) return setProblem(large);
      setProblem(null);
      setSent({ loaded: 0, total: files[0].size, file: files[0].name });
      try {
        const job = await send(files[0]);
        router.push(`/imports/view/?id=${job.id}`);
      } catch (error) {
        setProblem(errorMessage(error));
        setSent(null);
      }
      return;
    }
    // One import each, one after another: every file said, sent or not and why.
    const refused: string[] = [];
    let uploaded = 0;
    for (const chosen of files) {
      const large = tooLarge(chosen);
      if (large) {
        refused.push(large);
        continue;
      }
      try {
        await send(chosen);
        uploaded++;
      } catch (error) {
        refused.push(`${chosen.name}: ${errorMessage(error)}`);
      }
    }
    setSent(null);
    if (file.current) file.current.value = '';
    setNotice(uploaded ? `${uploaded} of ${files.length} files were uploaded, an import each: open each from the list below to check its plan and start it.` : null);
    setProblem(refused.length ? refused.join(' ') : null);
    onUploaded();
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
        // Files dropped anywhere on the form are the ones to upload, as if picked.
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
        <input ref={file} type="file" multiple accept={SPREADSHEETS} disabled={!!sent} data-testid="import-file" onChange={chose} />
      </label>
      <button type="submit" disabled={!targets || !!sent}>Upload and preview</button>
      {sent && (
        <p className="muted" role="status">
          Uploading {sent.file}… {formatBytes(sent.loaded)} of {formatBytes(sent.total)}
          {sent.total > 0 && <progress value={sent.loaded} max={sent.total} aria-label="Upload" />}
        </p>
      )}
      {notice && <p className="notice" role="status">{notice}</p>}
      {problem && <p className="error" role="alert">{problem}</p>}
    </form>
  );
}
