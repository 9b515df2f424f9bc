import type { ImportJobStatus, ImportProgress } from './import-jobs.schemas';

/** Fire-and-forget events (core NATS, not JetStream): they feed live views and may be missed. */
export const importProgressSubject = (jobId: string) => `import.progress.${jobId}`;

export interface ImportProgressEvent {
  job_id: string;
  status: ImportJobStatus;
  progress: ImportProgress;
  error: string | null;
}
