'use client';
import type { ImportJob } from '../types';
import { etaText, formatCount, outcomeText, rowsText } from './job-status';

/** A running job: how far, how fast, how long still, and what became of the rows so far. */
export function JobProgress({ job }: { job: ImportJob }) {
  const { progress } = job;
  if (job.status === 'queued') return <p className="muted" role="status">Queued: it starts as soon as a worker is free.</p>;
  return (
    <section className="card progress" aria-label="Progress">
      <progress value={progress.rows_processed} max={progress.rows_total ?? undefined} aria-label="Import progress" />
      {/* Not a live region: each batch's figures read aloud would drown everything else. */}
      <p data-testid="progress-text">
        {rowsText(progress)}
        {progress.rows_per_second !== null && <> · {formatCount(Math.round(progress.rows_per_second))} rows/s</>}
        {progress.eta_seconds !== null && <> · {etaText(progress.eta_seconds)}</>}
      </p>
      <p className="muted">{outcomeText(progress)}</p>
    </section>
  );
}
