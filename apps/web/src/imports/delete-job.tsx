'use client';
import { useState } from 'react';
import { api, errorMessage } from '../api';
import type { ImportJobSummary } from '../types';
import { canDelete } from './job-status';

/** What deleting the job loses, said before it is done: its files, and the rollback of what it wrote. */
export function deleteQuestion(job: Pick<ImportJobSummary, 'status' | 'file' | 'has_result' | 'started_at' | 'progress'>): string {
  const files = job.has_result ? 'its original file and its result files are deleted' : 'its original file is deleted';
  // An all-or-nothing import that failed took its rows back: its counts say none were kept.
  const kept = job.progress.inserted + job.progress.updated > 0;
  const rows = !job.started_at || !kept
    ? 'Nothing it wrote is in the database.'
    : job.status === 'rolled_back'
      ? 'Its rows were rolled back already.'
      : 'It can no longer be rolled back: the rows it wrote stay in the database (roll it back first to remove them).';
  return `Delete the import of ${job.file.name}? ${files[0].toUpperCase()}${files.slice(1)} for good. ${rows}`;
}

/**
 * "Delete" for a job the API lets the user delete (not while a worker is busy with it), asked first.
 * `onDeleted` runs once it is gone; a refusal goes to `onProblem`.
 */
export function DeleteJob({ job, onDeleted, onProblem, className = 'danger' }: { job: Omit<ImportJobSummary, 'mode' | 'collections'>; onDeleted: () => void; onProblem: (message: string | null) => void; className?: string }) {
  const [busy, setBusy] = useState(false);
  if (!canDelete(job)) return null;
  async function remove() {
    if (!window.confirm(deleteQuestion(job))) return;
    onProblem(null);
    setBusy(true);
    try {
      await api(`/imports/${job.id}`, { method: 'DELETE' });
      onDeleted();
    } catch (error) {
      onProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }
  return (
    <button type="button" className={className} disabled={busy} aria-label={`Delete the import of ${job.file.name}`} onClick={() => void remove()}>
      Delete
    </button>
  );
}
