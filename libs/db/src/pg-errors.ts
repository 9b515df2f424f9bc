import { DatabaseError } from 'pg';

/**
 * The SQLSTATE of an error PostgreSQL sent, raw from pg or wrapped by TypeORM; '' for anything else
 * (a broken connection's EPIPE or ECONNRESET has a `code` too, but it is no SQLSTATE).
 */
export function sqlState(error: unknown): string {
  const e = error as { driverError?: unknown } | null;
  const pgError = e?.driverError ?? error;
  return pgError instanceof DatabaseError ? (pgError.code ?? '') : '';
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

/** True when `error` is PostgreSQL's check_violation (23514) on `constraint`. */
export function isCheckViolation(error: unknown, constraint: string): boolean {
  const e = error as { constraint?: string; driverError?: { constraint?: string } };
  return sqlState(error) === '23514' && (e?.driverError?.constraint ?? e?.constraint) === constraint;
}
