'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { AddressedPage } from '../../../src/addressed-page';
import { api, errorMessage } from '../../../src/api';
import { formatBytes } from '../../../src/documents/format';
import { useImportJob } from '../../../src/imports/job-events';
import { JobOutcome } from '../../../src/imports/job-outcome';
import { JobProgress } from '../../../src/imports/job-progress';
import { DeleteJob } from '../../../src/imports/delete-job';
import { canCancel, canDelete, JobBadge, rowsText, statusWords } from '../../../src/imports/job-status';
import { PlanEditor } from '../../../src/imports/plan-editor';
import { lastList } from '../../../src/last-list';
import { useSession } from '../../../src/session';
import type { ImportJob, ImportTarget } from '../../../src/types';
import { usePageTitle } from '../../../src/page-title';

/** One import: its preview and plan while ready, its progress while it runs, its outcome and undo after. */
export default function ImportViewPage() {
  return <AddressedPage view={ImportView} />;
}

function ImportView({ id: given }: { id: string | null }) {
  const session = useSession();
  const router = useRouter();
  // Anything but an id (a link cut short, typed by hand) is no import, said so rather than as the API's validation.
  const noId = !given || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(given);
  const id = noId ? null : given;
  const { job, setJob, problem, reload } = useImportJob(id);
  usePageTitle(job ? `${job.file.name}: ${statusWords(job.status)}` : null);
  // undefined while it is asked for; null when the caller may no longer see it.
  const [target, setTarget] = useState<string | null | undefined>(undefined);
  const [actionProblem, setActionProblem] = useState<string | null>(null);
  // The list's page this tab came from (read after hydration: the server render has no storage).
  const [listAddress, setListAddress] = useState('/imports/');
  useEffect(() => setListAddress(lastList('/imports/')), []);
  // After an action, the part of the page that now shows the import takes the focus: the button pressed is gone.
  const stage = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const [acted, setActed] = useState(false);
  const loadedId = job?.id;
  useEffect(() => {
    // Arriving (from an upload, or a link), the import's name is where reading starts.
    if (loadedId) heading.current?.focus();
  }, [loadedId]);
  useEffect(() => {
    if (!acted) return;
    stage.current?.focus();
    setActed(false);
  }, [acted]);
  const targetId = job?.target_id;
  useEffect(() => {
    if (targetId) api<ImportTarget>(`/import-targets/${targetId}`).then((t) => setTarget(t.name), () => setTarget(null));
  }, [targetId]);

  if (!session.has('imports')) return <p className="error" role="alert">The imports app is not open to you; ask an administrator.</p>;
  const back = <p><Link href={listAddress}>← Imports</Link></p>;
  if (noId) return <>{back}<p className="error" role="alert">There is no such import: the address names none.</p></>;
  if (!job) return <>{back}{problem ? <p className="error" role="alert">{problem}</p> : <p className="muted">Loading…</p>}</>;

  async function act(work: () => Promise<ImportJob>) {
    setActionProblem(null);
    try {
      setJob(await work());
      setActed(true);
    } catch (error) {
      setActionProblem(errorMessage(error));
      void reload();
    }
  }
  // Analysing with a plan saved is a check of the rows again: stopping it keeps the import and its earlier preview.
  const checking = job.status === 'analysing' && job.plan !== null;
  const cancel = () => {
    const words = checking
      ? 'Stop checking the rows? The import goes back to its preview from before the check.'
      : job.status === 'running'
        ? 'Stop this import? The rows written so far stay (roll them back afterwards if you want them gone).'
        : 'Cancel this import? Nothing has been written.';
    if (window.confirm(words)) void act(() => api<ImportJob>(`/imports/${job.id}/cancel`, { method: 'POST' }));
  };
  const cancelButton = session.canWrite && canCancel(job) && (
    <button type="button" className={checking ? 'secondary' : 'danger'} onClick={cancel}>{checking ? 'Stop the check' : job.status === 'running' ? 'Stop the import' : 'Cancel the import'}</button>
  );
  // Gone, the import has no page: back to the list it was opened from.
  const deleteButton = session.canWrite && canDelete(job) && <DeleteJob job={job} onDeleted={() => router.push(listAddress)} onProblem={setActionProblem} className={job.status === 'ready' ? 'secondary' : 'danger'} />;

  return (
    <>
      {back}
      <h1 ref={heading} tabIndex={-1}>{job.file.name}</h1>
      <p className="meta">
        <JobBadge job={job} /> {formatBytes(job.file.size)}
        {job.file.format && <> · {job.file.format.toUpperCase()}</>} {target !== undefined && <> · into {target ?? 'a database you may no longer use'}</>} · <a href={`/api/imports/${job.id}/original`}>download the original</a>
      </p>
      {problem && <p className="error" role="alert">{problem}</p>}
      {actionProblem && <p className="error" role="alert">{actionProblem}</p>}
      <div ref={stage} tabIndex={-1} className="stage" role="region" aria-label="The import" data-testid="stage">
        {job.status === 'analysing' && (
          <>
            {/* A check knows the rows from the first reading: how far it has got shows as a bar. */}
            {job.progress.rows_total !== null && <progress value={job.progress.rows_processed} max={job.progress.rows_total} aria-label="Rows checked" />}
            <p className="muted" role="status" data-testid="reading">
              Reading and checking the whole file{job.progress.rows_processed > 0 && <>: {rowsText(job.progress)} so far</>}; the preview follows.
            </p>
          </>
        )}
        {job.status === 'ready' && <PlanEditor job={job} canWrite={session.canWrite} userId={session.user.id} onStarted={(next) => {
              setJob(next);
              // A check of a small file may be over before the answer: the editor stays, and so does the focus.
              setActed(next.status !== job.status);
            }} onStale={(message) => {
              setActionProblem(message);
              void reload();
            }} beside={cancelButton} />}
        {['queued', 'running'].includes(job.status) && <JobProgress job={job} />}
        {job.cancel_requested && job.status === 'running' && <p className="muted" role="status">Stopping after the current batch…</p>}
        {['completed', 'failed', 'cancelled', 'rolling_back', 'rolled_back'].includes(job.status) && <JobOutcome job={job} canWrite={session.canWrite} onChanged={(next) => {
              setJob(next);
              setActed(true);
            }} onProblem={setActionProblem} />}
      </div>
      {((job.status !== 'ready' && cancelButton) || deleteButton) && (
        <p className="actions">
          {job.status !== 'ready' && cancelButton} {deleteButton}
        </p>
      )}
    </>
  );
}
