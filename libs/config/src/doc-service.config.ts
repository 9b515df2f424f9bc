import { join } from 'node:path';
import { z } from 'zod';
import { type Env, intFromEnv, loadConfig, mapWorkerService, statementTimeoutEnv, withRoleFlag, workerServiceEnv } from './env';

const schema = z.object({
  ...workerServiceEnv,
  ...statementTimeoutEnv,
  // Internal only: the gateway proxies to it; never publish this port to the host.
  DOC_SERVICE_PORT: intFromEnv(3100, 0, 65535),
  DOC_SERVICE_HOST: z.string().default('127.0.0.1'),
  DOC_SETTINGS_FILE: z.string().optional(),
  DOC_UPLOAD_MAX_FILES: intFromEnv(50, 1, 1000),
  // What one user may keep: documents, and their originals' total size in MB.
  DOC_MAX_DOCUMENTS_PER_USER: intFromEnv(100_000, 1, 100_000_000),
  DOC_MAX_STORED_MB_PER_USER: intFromEnv(10_240, 1, 100_000_000),
  // Documents in one CSV/XLSX export (XLSX holds at most 1,048,575 rows under its header).
  DOC_EXPORT_MAX_ROWS: intFromEnv(100_000, 1, 1_000_000),
  // Originals in one ZIP download, and their total size in MB.
  DOC_ARCHIVE_MAX_FILES: intFromEnv(1000, 1, 100_000),
  DOC_ARCHIVE_MAX_MB: intFromEnv(2048, 1, 65_536),
  // An export or archive whose client takes nothing for this long is stopped.
  DOC_EXPORT_IDLE_SECONDS: intFromEnv(120, 1, 3600),
  DOC_WORKER_CONCURRENCY: intFromEnv(4, 1, 64),
  // An owner's documents beyond this many waiting go to the bulk queue, which runs only while a worker
  // is free: one user's thousand files do not hold up another's one.
  DOC_BULK_AFTER_WAITING: intFromEnv(10, 0, 1_000_000),
  DOC_EXTRACT_TIMEOUT_SECONDS: intFromEnv(60, 1, 3600),
  DOC_WORKER_ACK_WAIT_SECONDS: intFromEnv(60, 2, 3600),
  // A provider call failing in passing (429, 5xx, overloaded, dropped connection) is asked again
  // this many times, the first after this wait and each next one after twice the last (or what the provider asks).
  DOC_AI_RETRIES: intFromEnv(3, 0, 10),
  DOC_AI_RETRY_DELAY_MS: intFromEnv(2000, 1, 60_000),
  // How often an open event stream re-asks auth-service whether its session and app still hold.
  DOC_EVENTS_RECHECK_SECONDS: intFromEnv(30, 1, 3600),
  // How often the worker asks auth-service which document owners were deleted, and erases their documents.
  DOC_DELETED_OWNERS_SWEEP_SECONDS: intFromEnv(600, 1, 86_400),
});

export type DocServiceConfig = ReturnType<typeof loadDocServiceConfig>;

export function loadDocServiceConfig(env: Env, argv: string[] = []) {
  const e = loadConfig(schema, withRoleFlag(env, argv));
  const service = mapWorkerService('doc-service', e);
  return {
    ...service,
    database: { ...service.database, statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_SECONDS * 1000 },
    http: { port: e.DOC_SERVICE_PORT, host: e.DOC_SERVICE_HOST },
    settingsFile: e.DOC_SETTINGS_FILE ?? join(e.DATA_DIR, 'doc_service_config.json'),
    uploads: { maxFiles: e.DOC_UPLOAD_MAX_FILES, quota: { maxDocuments: e.DOC_MAX_DOCUMENTS_PER_USER, maxBytes: e.DOC_MAX_STORED_MB_PER_USER * 1024 * 1024 } },
    exports: { maxRows: e.DOC_EXPORT_MAX_ROWS, archiveMaxFiles: e.DOC_ARCHIVE_MAX_FILES, archiveMaxBytes: e.DOC_ARCHIVE_MAX_MB * 1024 * 1024, idleMs: e.DOC_EXPORT_IDLE_SECONDS * 1000 },
    worker: { concurrency: e.DOC_WORKER_CONCURRENCY, bulkAfterWaiting: e.DOC_BULK_AFTER_WAITING, ackWaitMs: e.DOC_WORKER_ACK_WAIT_SECONDS * 1000, extractTimeoutMs: e.DOC_EXTRACT_TIMEOUT_SECONDS * 1000 },
    ai: { retry: { retries: e.DOC_AI_RETRIES, delayMs: e.DOC_AI_RETRY_DELAY_MS } },
    events: { recheckMs: e.DOC_EVENTS_RECHECK_SECONDS * 1000 },
    deletedOwners: { sweepMs: e.DOC_DELETED_OWNERS_SWEEP_SECONDS * 1000 },
  };
}
