import type { DocumentStatus } from './documents.schemas';
import type { ImportJobStatus, ImportProgress } from './import-jobs.schemas';

/** Fire-and-forget events (core NATS, not JetStream): they feed live views and may be missed. */
export const importProgressSubject = (jobId: string) => `import.progress.${jobId}`;

export interface ImportProgressEvent {
  job_id: string;
  status: ImportJobStatus;
  progress: ImportProgress;
  error: string | null;
}

export const docStatusSubject = (documentId: string) => `docs.status.${documentId}`;
/** Every document's status events, for a live view that filters them by owner. */
export const DOC_STATUS_ALL = 'docs.status.*';

/** An admin changed the document settings: every doc-service drops its cached copy (no payload). */
export const DOC_SETTINGS_CHANGED = 'docs.settings.changed';

export interface DocStatusEvent {
  document_id: string;
  owner_id: string;
  status: DocumentStatus;
  failure_kind: string | null;
  failure_reason: string | null;
}
