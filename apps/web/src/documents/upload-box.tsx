'use client';
import { type DragEvent, useRef, useState } from 'react';
import { api, errorMessage } from '../api';
import type { UploadOutcome } from '../types';

/** The gateway takes at most this many files per request (DOC_UPLOAD_MAX_FILES's default); more are sent in turns. */
const FILES_PER_REQUEST = 50;

interface Report {
  added: number;
  duplicates: UploadOutcome['duplicates'];
  rejected: UploadOutcome['rejected'];
  failed: string | null;
}

/** Drop PDFs (many at once) or pick them; says what was added, what was already there and what was refused, by file. */
export function UploadBox({ onUploaded }: { onUploaded: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [over, setOver] = useState(false);
  const [report, setReport] = useState<Report | null>(null);

  async function send(files: File[]) {
    if (!files.length) return;
    setBusy(true);
    const next: Report = { added: 0, duplicates: [], rejected: [], failed: null };
    for (let i = 0; i < files.length; i += FILES_PER_REQUEST) {
      const form = new FormData();
      for (const file of files.slice(i, i + FILES_PER_REQUEST)) form.append('files', file, file.name);
      try {
        const outcome = await api<UploadOutcome>('/documents', { form });
        next.added += outcome.documents.length;
        next.duplicates.push(...outcome.duplicates);
        next.rejected.push(...outcome.rejected);
      } catch (error) {
        // Every file of a refused request is named in details.rejected; anything else is said as it is.
        const rejected = (error as { details?: { rejected?: UploadOutcome['rejected'] } }).details?.rejected;
        if (rejected) next.rejected.push(...rejected);
        else next.failed = errorMessage(error);
      }
    }
    setReport(next);
    setBusy(false);
    if (input.current) input.current.value = '';
    onUploaded();
  }

  function drop(event: DragEvent) {
    event.preventDefault();
    setOver(false);
    void send([...event.dataTransfer.files]);
  }

  return (
    <section
      className={`drop ${over ? 'over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <p>
        Drop PDFs here or{' '}
        <label className="button">
          choose files
          <input ref={input} type="file" accept="application/pdf,.pdf" multiple hidden disabled={busy} onChange={(e) => void send([...(e.target.files ?? [])])} data-testid="upload-input" />
        </label>
        {busy && <span className="muted"> Uploading…</span>}
      </p>
      {report && (
        <div className="report" role="status">
          {report.added > 0 && <p>{report.added} added: they are read and classified now.</p>}
          {report.duplicates.map((d) => (
            <p key={d.file_name + d.document_id} className="muted">
              {d.file_name}: already here (<a href={`/documents/view/?id=${d.document_id}`}>open it</a>).
            </p>
          ))}
          {report.rejected.map((r) => (
            <p key={r.file_name + r.code} className="error">{r.file_name}: {r.message}</p>
          ))}
          {report.failed && <p className="error">{report.failed}</p>}
        </div>
      )}
    </section>
  );
}
