'use client';
import { api, errorMessage } from '../api';
import type { ImportJob } from '../types';
import { FailedRows } from './failed-rows';
import { canRollBack, count, outcomeText, rowsText, tookBack } from './job-status';

const WHAT: Partial<Record<ImportJob['status'], string>> = {
  completed: 'The import finished',
  failed: 'The import failed',
  cancelled: 'The import was stopped',
  rolling_back: 'Rolling back: the rows it inserted are deleted, the rows it updated get their old values back',
  rolled_back: 'Rolled back: the collections are as they were before the import',
};

/** Rows past which making a result file (on its first download) takes long enough to be said: 500,000 take 15–20 s. */
const LARGE_ROWS = 50_000;

/** A finished job: what happened to its rows, the result file of every sheet, and the undo. */
export function JobOutcome({ job, canWrite, onChanged, onProblem }: { job: ImportJob; canWrite: boolean; onChanged: (job: ImportJob) => void; onProblem: (message: string | null) => void }) {
  const sheets = (job.plan?.sheets ?? []).filter((s) => s.collection !== null);
  const result = (sheet: string, csv: boolean, failedOnly = false) => {
    const query = new URLSearchParams(sheets.length > 1 ? { sheet } : {});
    // Always named: without it the answer is in the upload's own format.
    query.set('format', csv ? 'csv' : 'xlsx');
    if (failedOnly) query.set('rows', 'failed');
    return `/api/imports/${job.id}/result?${query}`;
  };
  async function rollBack() {
    if (!window.confirm(`Roll back ${job.file.name}? The rows it inserted are deleted and the rows it updated get their old values back, unless they were changed since (then they keep those changes). Roll back later imports of the same records first.`)) return;
    onProblem(null);
    try {
      onChanged(await api<ImportJob>(`/imports/${job.id}/rollback`, { method: 'POST' }));
    } catch (error) {
      onProblem(errorMessage(error));
    }
  }
  return (
    <section className="card outcome" aria-label="Outcome">
      <p role="status" data-testid="outcome">
        {job.started_at ? (job.status === 'rolled_back' && job.error ? 'Rolled back, except what the note below says' : WHAT[job.status]) : job.status === 'cancelled' ? 'Cancelled before it started: nothing was written' : 'The file could not be imported: nothing was written'}
        {job.started_at && job.status !== 'rolled_back' && job.status !== 'rolling_back' && !tookBack(job) && <>: {rowsText(job.progress)}, {outcomeText(job.progress)}.</>}
        {tookBack(job) && <>: all or nothing, so it kept none of the rows it wrote. {count(job.progress.failed)} {job.progress.failed === 1 ? 'row' : 'rows'} failed: fix {job.progress.failed === 1 ? 'it' : 'them'} in the file and upload the whole file again.</>}
      </p>
      {job.error && <p className="error">{job.error}</p>}
      {job.has_result && (
        <p className="actions">
          {sheets.map((s) => {
            const name = `Result${sheets.length > 1 ? ` of ${s.sheet}` : ''}`;
            // The upload's own format first: a CSV's result is written as the import runs, an XLSX one made on the first download.
            const [own, other] = job.file.format === 'csv' ? ['CSV', 'XLSX'] : ['XLSX', 'CSV'];
            return (
              <span key={s.sheet}>
                <a className="button secondary" href={result(s.sheet, own === 'CSV')}>{name} ({own})</a>{' '}
                <a href={result(s.sheet, other === 'CSV')} aria-label={`${name} (${other})`}>{other}</a>
              </span>
            );
          })}
          <span className="muted small">
            Every row with what happened to it and why.{job.progress.rows_processed >= LARGE_ROWS && ' Each file is made on its first download: for this many rows the download starts after a while.'}
          </span>
        </p>
      )}
      {/* Rolled back (or taken back, all or nothing), the whole file is to load again, not its failed rows alone. */}
      {job.has_result && job.progress.failed > 0 && job.status !== 'rolled_back' && !tookBack(job) && (
        <p className="actions">
          {sheets.map((s) => (
            <span key={s.sheet}>
              <a className="button secondary" href={result(s.sheet, false, true)}>Failed rows{sheets.length > 1 ? ` of ${s.sheet}` : ''} (XLSX)</a>{' '}
              <a href={result(s.sheet, true, true)} aria-label={`Failed rows${sheets.length > 1 ? ` of ${s.sheet}` : ''} (CSV)`}>CSV</a>
            </span>
          ))}
          <span className="muted small">Only the rows that failed, with why: fix them and upload the file again (its _status and _error columns are left out then).</span>
        </p>
      )}
      {job.progress.failed > 0 && <FailedRows jobId={job.id} failed={job.progress.failed} severalSheets={sheets.length > 1} />}
      {canWrite && canRollBack(job) && (
        <p className="actions">
          <button type="button" className="danger" onClick={() => void rollBack()}>Roll back the import</button>
        </p>
      )}
    </section>
  );
}
