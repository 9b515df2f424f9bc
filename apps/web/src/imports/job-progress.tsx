'use client';
import { useEffect, useState } from 'react';
import type { ImportJob } from '../types';
import { durationText, etaText, formatCount, outcomeText, rowsText } from './job-status';

/** A running import without new rows for this long says what may be going on, so nobody takes it for hung. */
const STALL_MS = 20_000;

/** A running job: how far, how fast, how long still, and what became of the rows so far. */
export function JobProgress({ job }: { job: ImportJob }) {
  const { progress } = job;
  const stalledMs = useStalledMs(job);
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
      {stalledMs !== null && (
        <p className="notice" role="status" data-testid="stalled">
          No new rows for {durationText(stalledMs / 1000)}. A busy database can take this long over a batch;
          if the import service restarted, the import goes on by itself from its last saved batch within about a minute, writing no row twice.
        </p>
      )}
    </section>
  );
}

/** How long a running job has gone without a new row, once that is past STALL_MS; null otherwise. */
function useStalledMs(job: ImportJob): number | null {
  const running = job.status === 'running';
  const [since, setSince] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => setSince(Date.now()), [job.progress.rows_processed, running]);
  useEffect(() => {
    if (!running) return;
    const tick = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(tick);
  }, [running]);
  return running && now - since >= STALL_MS ? now - since : null;
}
