/**
 * Why a file (or one sheet of it) cannot be read as a table. Every code is a problem with the file
 * itself that the user can fix, so callers map all of them to a 4xx-style "bad file" answer; any
 * other error thrown while reading (storage, network) is passed through untouched.
 */
export type TabularErrorCode =
  /** Zero bytes, or nothing but blank lines. */
  | 'EMPTY_FILE'
  /** The sheet has no non-blank row. */
  | 'EMPTY_SHEET'
  /** The header row is missing or blank. */
  | 'NO_HEADER'
  /** Two header cells with the same name (compared case- and space-insensitively). */
  | 'DUPLICATE_HEADERS'
  | 'TOO_MANY_COLUMNS'
  | 'TOO_MANY_ROWS'
  /**
   * One row holds more characters than `limits.maxRowChars` (in CSV often an unclosed quote; in
   * XLSX also one shared string longer than any row may be).
   */
  | 'ROW_TOO_LARGE'
  /** The zip would inflate beyond the limits, or inflates to more than it declares. */
  | 'ZIP_BOMB'
  /** The workbook's shared-strings table exceeds `limits.maxSharedStringsBytes`. */
  | 'WORKBOOK_TOO_LARGE'
  /** A zip archive that is not an XLSX workbook. */
  | 'NOT_A_WORKBOOK'
  /** Not CSV and not XLSX (legacy .xls, PDF, image, other binary). */
  | 'UNSUPPORTED_FORMAT'
  | 'UNSUPPORTED_ENCODING'
  | 'SHEET_NOT_FOUND'
  /** A damaged or truncated file: broken zip structure, unreadable XML. */
  | 'CORRUPT_FILE';

/** Where in the file the problem is, for UIs that highlight it. Row numbers are as the user sees them. */
export interface TabularErrorDetails {
  sheet?: string;
  row?: number;
  /** Column letters (A, B, …, AA) involved. */
  columns?: string[];
  [key: string]: unknown;
}

/** A file that cannot be read as a table; `message` is written for the end user. */
export class TabularError extends Error {
  override name = 'TabularError';

  constructor(
    readonly code: TabularErrorCode,
    message: string,
    readonly details: TabularErrorDetails = {},
  ) {
    super(message);
  }
}

/** True for errors raised by this library (as opposed to storage or programming errors). */
export function isTabularError(error: unknown): error is TabularError {
  return error instanceof TabularError;
}
