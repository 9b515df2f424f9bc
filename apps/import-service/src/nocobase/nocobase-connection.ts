import { AppError } from '@intake/contracts';
import type { ClientConfig } from 'pg';
import type { NocoBaseConnection } from '../targets/nocobase-target';

export interface ConnectionLimits {
  connectTimeoutMs: number;
  statementTimeoutMs: number;
}

/**
 * pg settings for a target. The password is given as a function so that pg never falls back to
 * this process's own PGPASSWORD or ~/.pgpass when a target has none.
 */
export function pgConfigFor(conn: NocoBaseConnection, limits: ConnectionLimits): ClientConfig {
  return {
    host: conn.host,
    port: conn.port,
    database: conn.database,
    user: conn.user,
    password: async () => conn.password,
    ssl: conn.ssl ? { rejectUnauthorized: true, servername: conn.host } : false,
    connectionTimeoutMillis: limits.connectTimeoutMs,
    statement_timeout: limits.statementTimeoutMs,
    query_timeout: limits.statementTimeoutMs + 2000,
    application_name: 'intake-import-service',
  };
}

interface PgError {
  code?: string;
  message?: string;
}

/** A sentence an administrator can act on, for any failure to reach or query a target's database. */
export function explainConnectionError(error: unknown, conn: NocoBaseConnection): { message: string; timeout: boolean } {
  const e = (error ?? {}) as PgError;
  const where = `${conn.host}:${conn.port}`;
  const raw = e.message ?? String(error);
  switch (e.code) {
    case 'ECONNREFUSED':
      return { message: `Nothing accepts connections on ${where} (connection refused): check host and port`, timeout: false };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { message: `Host '${conn.host}' cannot be resolved: check the host name`, timeout: false };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { message: `Host ${conn.host} is unreachable from import-service`, timeout: false };
    case '28P01':
      return { message: `Password authentication failed for user '${conn.user}': check user and password`, timeout: false };
    case '28000':
      return { message: `The server refused user '${conn.user}': ${raw}`, timeout: false };
    case '3D000':
      return { message: `Database '${conn.database}' does not exist on ${where}`, timeout: false };
    case '57014':
      return { message: `${where} did not finish a metadata query in time (statement timeout)`, timeout: true };
    case '42P01':
    case '3F000':
      return { message: `Connected, but NocoBase's tables are missing: ${raw}. Check schema and table prefix`, timeout: false };
  }
  if (/timeout|timed out/i.test(raw)) return { message: `No answer from ${where} in time: check host, port and firewall`, timeout: true };
  if (/SASL|password must be a/i.test(raw)) {
    return { message: `The server at ${where} asks for a password${conn.password ? ' and refused it' : ', and none is set'}`, timeout: false };
  }
  if (/does not support SSL/i.test(raw)) return { message: `The server at ${where} does not support SSL: turn ssl off`, timeout: false };
  if (/certificate|self[- ]signed|SSL|TLS/i.test(raw)) return { message: `SSL connection to ${where} failed: ${raw}`, timeout: false };
  if (/terminated/i.test(raw)) return { message: `${where} closed the connection: ${raw}`, timeout: false };
  return { message: `Cannot use the database at ${where}: ${raw}`, timeout: false };
}

/** The AppError for a target that cannot be used: 504 when it was too slow, 502 otherwise. */
/** The target's database could not be used just now (down, too slow, a connection ended): another try may pass. */
export function targetAway(error: unknown): boolean {
  return error instanceof AppError && (error.code === 'TARGET_UNREACHABLE' || error.code === 'TARGET_TIMEOUT');
}

/**
 * A failure that passes: the target away for a moment, or a service a worker asks (auth-service,
 * for the user a job runs for) not answering, as after a restart. The queue delivers the job again.
 */
export function passingFailure(error: unknown): boolean {
  return targetAway(error) || (error instanceof AppError && error.code === 'SERVICE_UNAVAILABLE');
}

export function targetError(error: unknown, conn: NocoBaseConnection): AppError {
  if (error instanceof AppError) return error;
  const { message, timeout } = explainConnectionError(error, conn);
  return new AppError(timeout ? 'TARGET_TIMEOUT' : 'TARGET_UNREACHABLE', message);
}
