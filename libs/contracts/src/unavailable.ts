import { AppError } from './errors';

/** PostgreSQL's connection exceptions (class 08), shutdowns and restarts (57P01–57P03), too many connections. */
const DATABASE_STATES = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300']);
/** What node-postgres and its pool say when the server is gone or does not let them in. */
const DATABASE_MESSAGES = /timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error|the database system is (starting up|shutting down)|is not currently accepting connections/i;
/** A statement cancelled by the statement timeout (or an administrator), a lock not granted in time. */
const TIMED_OUT = new Set(['57014', '55P03']);
/** File system errors of a disk that took no more. */
const DISK_FULL: Record<string, string> = { ENOSPC: 'is full', EDQUOT: 'is over its quota', EROFS: 'is read-only' };
/** Sent as Retry-After: a restart or failover takes seconds. */
const RETRY = { retry_after_seconds: 5 };
const REFUSED = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/**
 * A 503 saying which of a service's own dependencies failed (the database, the file storage),
 * for an error that is not the request's fault and passes once the dependency is back; null for
 * any other error. Read by duck typing, so neither pg nor the file system is imported here.
 */
export function unavailableDependency(error: unknown): AppError | null {
  const e = error as { code?: unknown; driverError?: { code?: unknown }; message?: unknown } | null;
  const code = String(e?.driverError?.code ?? e?.code ?? '');
  const message = String(e?.message ?? '');
  if (DATABASE_STATES.has(code) || DATABASE_MESSAGES.test(message)) {
    return new AppError('SERVICE_UNAVAILABLE', 'The database is not reachable right now; try again shortly', RETRY);
  }
  if (TIMED_OUT.has(code)) {
    return new AppError('SERVICE_UNAVAILABLE', 'The database did not answer in time (a long operation may be holding the data); try again shortly', RETRY);
  }
  if (DISK_FULL[code]) return new AppError('SERVICE_UNAVAILABLE', `The file storage ${DISK_FULL[code]}; nothing was stored. An administrator must free space or fix the storage`, RETRY);
  if (REFUSED.has(code)) return new AppError('SERVICE_UNAVAILABLE', 'A service this one depends on (database or file storage) is not reachable right now; try again shortly', RETRY);
  return null;
}
