/**
 * Which PostgreSQL errors belong to one row rather than to the batch: data exceptions (class 22:
 * too long, out of range, bad date), integrity violations (class 23: a unique index or CHECK the
 * metadata did not show) and exceptions raised by a trigger. Anything else (lost connection,
 * timeout, deadlock) fails the batch, to be retried as a whole.
 */
export function isRowDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23') || code === 'P0001');
}

/** PostgreSQL's message with its detail ("Key (email)=(a@b.c) already exists."), for a failed row. */
export function pgMessage(error: unknown): string {
  const e = error as { message?: string; detail?: string };
  return [e.message ?? String(error), e.detail].filter(Boolean).join(': ');
}
