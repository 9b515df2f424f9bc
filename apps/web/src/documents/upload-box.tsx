'use client';
import { type DragEvent, useRef, useState } from 'react';
import { api, ApiError, errorMessage } from '../api';
import type { DocumentLimits, UploadOutcome } from '../types';
import { useUnsaved } from '../unsaved';
import { formatBytes } from './format';
import { uploadBatches } from './upload-batches';

interface Report {
  added: number;
  duplicates: UploadOutcome['duplicates'];
  rejected: UploadOutcome['rejected'];
  /** Requests that failed as a whole, with the files they carried: none of those was stored. */
  failed: Array<{ message: string; files: string[] }>;
}

const emptyReport = (): Report => ({ added: 0, duplicates: [], rejected: [], failed: [] });

/** doc-service's defaults, for when its limits cannot be asked: a refusal then names the files all the same. */
const DEFAULT_LIMITS: DocumentLimits = { max_files_per_upload: 50, max_file_bytes: 50 * 1024 * 1024 };

/**
 * Drop PDFs (many at once) or pick them; says what was added, what was already there and what was
 * refused, by file. Files dropped while an upload runs go after it, in the same report.
 */
export function UploadBox({ onUploaded }: { onUploaded: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const waiting = useRef<File[][]>([]);
  const running = useRef(false);
  const [busy, setBusy] = useState(false);
  const [over, setOver] = useState(false);
  const [report, setReport] = useState<Report | null>(null);
  // A reload or a closed tab stops the upload; leaving by a link loses its report (what was refused and why).
  useUnsaved(busy, 'Leave this page? Files are still uploading: leaving stops them or loses the report of what was refused and why.');

  async function send(files: File[]) {
    if (!files.length) return;
    waiting.current.push(files);
    if (running.current) return;
    running.current = true;
    setBusy(true);
    // The last upload's report would read as this one's.
    setReport(null);
    const next = emptyReport();
    let signedOut: ApiError | null = null;
    try {
      // Asked each time: an admin may have changed the largest file meanwhile.
      const limits = await api<DocumentLimits>('/documents/limits').catch(() => DEFAULT_LIMITS);
      for (let group = waiting.current.shift(); group; group = waiting.current.shift()) {
        // A file over the limit is named at once, not sent (maybe hundreds of megabytes) to be refused.
        for (const file of group.filter((f) => f.size > limits.max_file_bytes)) {
          next.rejected.push({ file_name: file.name, code: 'FILE_TOO_LARGE', message: `${file.name} is larger than the ${formatBytes(limits.max_file_bytes)} limit` });
        }
        for (const batch of uploadBatches(group.filter((f) => f.size <= limits.max_file_bytes), limits.max_files_per_upload)) {
          // Once the session has ended, the rest is not sent (each would be refused the same way), only named.
          if (signedOut) next.failed.push({ message: signedOut.message, files: batch.map((f) => f.name) });
          else signedOut = await sendBatch(batch, next);
        }
        setReport({ ...next });
      }
    } finally {
      running.current = false;
      setBusy(false);
      if (input.current) input.current.value = '';
      onUploaded();
    }
  }

  /** Sends one request and adds what came of it to the report; answers the error when the session has ended. */
  async function sendBatch(batch: File[], next: Report): Promise<ApiError | null> {
    const form = new FormData();
    for (const file of batch) form.append('files', file, file.name);
    try {
      const outcome = await api<UploadOutcome>('/documents', { form });
      next.added += outcome.documents.length;
      next.duplicates.push(...outcome.duplicates);
      next.rejected.push(...outcome.rejected);
      return null;
    } catch (error) {
      // Every file of a refused request is named in details.rejected; anything else names the files it took down.
      const rejected = (error as { details?: { rejected?: UploadOutcome['rejected'] } }).details?.rejected;
      if (rejected) next.rejected.push(...rejected);
      else next.failed.push({ message: errorMessage(error), files: batch.map((f) => f.name) });
      return error instanceof ApiError && error.status === 401 ? error : null;
    }
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
        {/* The input stays in the tab order (hidden, it could not be reached without a mouse); the label shows its focus. */}
        <label className="button">
          choose files
          <input ref={input} type="file" className="visually-hidden" accept="application/pdf,.pdf" multiple onChange={(e) => void send([...(e.target.files ?? [])])} data-testid="upload-input" />
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
            <p key={r.file_name + r.code} className="error">{r.message.includes(r.file_name) ? r.message : `${r.file_name}: ${r.message}`}</p>
          ))}
          {report.failed.map((f, i) => (
            <p key={i} className="error" data-testid="upload-failed">
              Not uploaded ({f.message}): {f.files.join(', ')}. Send them again.
            </p>
          ))}
        </div>
      )}
    </section>
  );
}
