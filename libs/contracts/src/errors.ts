/**
 * Every error that crosses a process boundary carries one of these codes. The HTTP status is part of
 * the code's definition so the gateway maps RPC errors without a second table that could drift.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  CSRF_TOKEN_INVALID: 403,
  /** The request said which user it was for (x-intake-user), and the session is another's: signed in again as someone else elsewhere in the browser. */
  SESSION_CHANGED: 409,
  FORBIDDEN: 403,
  APP_NOT_GRANTED: 403,
  NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  GRANT_NOT_FOUND: 404,
  JOB_NOT_FOUND: 404,
  JOB_STATE: 409,
  TARGET_NOT_FOUND: 404,
  COLLECTION_NOT_FOUND: 404,
  CONFLICT: 409,
  USER_EXISTS: 409,
  GRANT_EXISTS: 409,
  LAST_ADMIN: 409,
  TARGET_EXISTS: 409,
  ACCOUNT_LOCKED: 429,
  RATE_LIMITED: 429,
  FILE_TOO_LARGE: 413,
  /** A request body too large to pass on to the service behind the gateway in one message. */
  REQUEST_TOO_LARGE: 413,
  /** More than one user may keep (documents, imports' files): deleting old ones makes room. */
  QUOTA_EXCEEDED: 413,
  UPLOAD_INVALID: 400,
  INTERNAL: 500,
  /** A target's database refused us or is not what its settings say (wrong password, no NocoBase tables…). */
  TARGET_UNREACHABLE: 502,
  SERVICE_UNAVAILABLE: 503,
  /** A target's database did not answer in time. */
  TARGET_TIMEOUT: 504,
  /** A service behind the gateway took longer than allowed to answer. */
  SERVICE_TIMEOUT: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  status: number;
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }

  toBody(): ErrorBody {
    return { status: this.status, code: this.code, message: this.message, details: this.details };
  }

  static fromBody(body: ErrorBody): AppError {
    const code = body.code in ERROR_STATUS ? body.code : 'INTERNAL';
    return new AppError(code, body.message, body.details);
  }
}
