import type { Readable } from 'node:stream';
import type { TableLimits } from './table-limits';

/**
 * Opens the file from its first byte, every time it is called. Sources are read more than once
 * (analysis, then import; XLSX needs its zip directory before the rows), so this must hand out a
 * fresh stream on each call.
 */
export type OpenStream = () => Promise<Readable> | Readable;

/**
 * One cell as read. CSV gives strings (never converted: the profiler and `coerce` decide); XLSX gives
 * what the cell holds. Blank cells are null, never ''. A Date is *naive*: its UTC fields are the
 * wall-clock value shown in Excel, which stores no time zone (see `coerce` for zones).
 */
export type CellValue = string | number | boolean | Date | null;

export type RowProblemCode =
  /** More non-empty cells than header columns; the extra cells are dropped from `values`. */
  | 'EXTRA_CELLS'
  | 'CELL_TOO_LONG'
  /** An Excel error value (#N/A, #DIV/0!…) or the non-existent date 1900-02-29; the cell reads as null. */
  | 'CELL_ERROR'
  /** Bytes that are not valid in the file's encoding (shown as U+FFFD). */
  | 'INVALID_TEXT'
  /** A CSV quote that is never closed, or a stray quote inside a quoted value. */
  | 'MALFORMED_QUOTES';

/**
 * Something wrong with one row that does not stop the file. `column` (0-based) lets the import
 * ignore problems in columns it does not map; a problem without a column concerns the whole row.
 */
export interface RowProblem {
  code: RowProblemCode;
  column?: number;
  /** A complete sentence for the user, location included: "sheet 'Orders', row 7, column C: …". */
  message: string;
  /** The problem without its location ("the value is …"), for a caller that names the place its own way. */
  reason?: string;
}

export interface SourceRow {
  /** The row number the user sees: Excel's row number, or the CSV record number (1 = first line). */
  rowNumber: number;
  /** Exactly one value per column of the header, padded with null. */
  values: CellValue[];
  /** Present only when something is wrong; a row with problems should normally be reported as failed. */
  problems?: RowProblem[];
}

export interface ColumnInfo {
  /** 0-based position in `SourceRow.values`. */
  index: number;
  /** The spreadsheet letter (A, B, …, AA) used in every message. */
  letter: string;
  /** The header text, trimmed; `Column <letter>` for an empty header cell (see `generated`). */
  name: string;
  /** True when the header cell was empty and the name was made up. */
  generated: boolean;
}

export interface SheetInfo {
  name: string;
  /** 0-based position among the workbook's worksheets (always 0 for CSV). */
  index: number;
  /** Hidden or very hidden in Excel; still readable. */
  hidden: boolean;
}

export interface CsvDialect {
  /** iconv-lite name of the encoding the text was decoded with. */
  encoding: string;
  /**
   * How the encoding was chosen: a byte-order mark, a clean UTF-8 validation, the NUL pattern of
   * UTF-16, chardet naming a Western encoding, a Windows-1252 fallback (chardet named something
   * else — worth showing the user), or the caller's `encoding` option.
   */
  encodingSource: 'bom' | 'utf-8-valid' | 'utf-16-pattern' | 'chardet' | 'fallback' | 'option';
  bom: boolean;
  delimiter: string;
  newline: '\n' | '\r\n' | '\r';
  /** The file starts with Excel's `sep=<delimiter>` line, which is not counted as a row. */
  sepLine: boolean;
}

export interface ReadOptions {
  /**
   * 1-based row that holds the column names. Rows above it are skipped. By default the first
   * non-blank row is the header.
   */
  headerRow?: number;
}

/** One sheet being read: its header first, then its rows, streamed once. */
export interface SheetTable {
  sheet: SheetInfo;
  /** The row the header was taken from. */
  headerRow: number;
  headers: string[];
  columns: ColumnInfo[];
  /** Read as a result file of ours, as its rows were (see result-file.ts): its `_status` and `_error` left out, its formula apostrophes taken off. */
  readAsResult: boolean;
  /**
   * Data rows in file order; blank rows are skipped (their numbers are not reused). Iterate once.
   * Throws TabularError for file-level problems met while streaming (TOO_MANY_COLUMNS, ROW_TOO_LARGE…).
   */
  rows: AsyncIterable<SourceRow>;
  /** Releases the underlying stream when the rows are not read to the end. Safe to call twice. */
  close(): Promise<void>;
}

export interface TableSource {
  /** Found from the bytes, never from the file name. */
  format: 'csv' | 'xlsx';
  /** CSV: exactly one. XLSX: the worksheets in workbook order (chart sheets are left out). */
  sheets: SheetInfo[];
  /** What was detected for CSV; undefined for XLSX. */
  csv?: CsvDialect;
  limits: TableLimits;
  /** Starts reading one sheet (default: the first) and resolves once its header is known. */
  read(sheet?: string, options?: ReadOptions): Promise<SheetTable>;
}
