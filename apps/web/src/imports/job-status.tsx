import type { ImportJob, ImportJobStatus, ImportProgress } from '../types';

/** Statuses a job leaves by itself: the page follows them live. */
const MOVING = new Set<ImportJobStatus>(['analysing', 'queued', 'running', 'rolling_back']);
export const isMoving = (status: ImportJobStatus) => MOVING.has(status);

/** An all-or-nothing job that failed and undid itself: its counts say it kept nothing (one whose undo failed kept its rows). */
export const tookBack = (job: Pick<ImportJob, 'status' | 'plan' | 'progress'>) =>
  job.status === 'failed' && !!job.plan?.all_or_nothing && job.progress.inserted + job.progress.updated === 0;

/** What can still be undone: a job that ran, however it ended, but one that took its rows back itself. */
export const canRollBack = (job: Pick<ImportJob, 'status' | 'started_at' | 'plan' | 'progress'>) =>
  ['completed', 'cancelled', 'failed'].includes(job.status) && job.started_at !== null && !tookBack(job);
/** What may be deleted (as import-service allows): a job no worker is busy with; a ready one was never started. */
export const canDelete = (job: Pick<ImportJob, 'status'>) => ['ready', 'completed', 'failed', 'cancelled', 'rolled_back'].includes(job.status);
/** Before its run begins a job is dropped at once; a running one stops after its current batch. */
export const canCancel = (job: Pick<ImportJob, 'status' | 'cancel_requested'>) => ['analysing', 'ready', 'queued', 'running'].includes(job.status) && !job.cancel_requested;

const WORDS: Record<ImportJobStatus, string> = {
  analysing: 'reading the file',
  ready: 'ready to start',
  queued: 'queued',
  running: 'running',
  completed: 'completed',
  failed: 'failed',
  cancelled: 'cancelled',
  rolling_back: 'rolling back',
  rolled_back: 'rolled back',
};
/** "running", "ready to start": a status as the page says it. */
export const statusWords = (status: ImportJobStatus): string => WORDS[status];

// The documents' badge colours: green done, red failed, amber under way.
const BADGE: Partial<Record<ImportJobStatus, string>> = { completed: 'done', failed: 'failed', cancelled: 'failed', analysing: 'processing', queued: 'processing', running: 'processing', rolling_back: 'processing' };

/** A completed job whose rows failed is no plain green "completed": amber when some failed, red when every row did. */
function badgeOf(job: Pick<ImportJob, 'status' | 'progress'>): { className: string; words: string } {
  const { failed, inserted, updated, unchanged, skipped } = job.progress;
  if (job.status !== 'completed' || failed === 0) return { className: BADGE[job.status] ?? '', words: statusWords(job.status) };
  return inserted + updated + (unchanged ?? 0) + skipped === 0 ? { className: 'failed', words: 'every row failed' } : { className: 'partial', words: 'completed, some rows failed' };
}

export function JobBadge({ job }: { job: Pick<ImportJob, 'status' | 'error' | 'progress'> }) {
  const { className, words } = badgeOf(job);
  return (
    <span className={`badge ${className}`} title={job.error ?? undefined} data-testid="job-status">
      {words}
    </span>
  );
}

export const count = (n: number) => n.toLocaleString('en-US');

/** "1,200 of 5,000 rows" (of an unknown total while the file is still read). */
export function rowsText(progress: ImportProgress): string {
  const rows = (n: number) => (n === 1 ? 'row' : 'rows');
  return progress.rows_total === null ? `${count(progress.rows_processed)} ${rows(progress.rows_processed)}` : `${count(progress.rows_processed)} of ${count(progress.rows_total)} ${rows(progress.rows_total)}`;
}

/** "2 inserted, 1 failed": only the outcomes that happened. */
export function outcomeText(progress: ImportProgress): string {
  const parts = (['inserted', 'updated', 'unchanged', 'skipped', 'failed'] as const).filter((k) => progress[k] > 0).map((k) => `${count(progress[k])} ${k}`);
  return parts.join(', ') || 'no rows written';
}

/** "about 3 min 20 s left". */
export function etaText(seconds: number): string {
  return `about ${durationText(seconds)} left`;
}

/** "45 s", "3 min 20 s", "2 h 5 min". */
export function durationText(seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export { count as formatCount };

/** "1 row", "2,000 rows". */
export const plural = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? '' : 's'}`;
