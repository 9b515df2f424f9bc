/** The SQLSTATE of a PostgreSQL error, from pg directly or wrapped by TypeORM; '' for anything else. */
export function sqlState(error: unknown): string {
  const e = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = e?.driverError?.code ?? e?.code;
  // Node's own errors carry a code too (ECONNRESET): only a five-character SQLSTATE counts.
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : '';
}

/** True when `error` is PostgreSQL's foreign_key_violation (23503): the row it points at is gone. */
export function isForeignKeyViolation(error: unknown): boolean {
  return sqlState(error) === '23503';
}

/** True when `error` is PostgreSQL's unique_violation (23505), optionally on one constraint/index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { constraint?: string; driverError?: { constraint?: string } };
  const name = e?.driverError?.constraint ?? e?.constraint;
  return sqlState(error) === '23505' && (!constraint || name === constraint);
}
