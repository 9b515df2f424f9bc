import type { CellValue } from '../table-types';
import type { TableWriterOptions } from './table-writer';

export type RowStatus = 'inserted' | 'updated' | 'unchanged' | 'skipped' | 'failed';

/** The columns a result file adds after the input's own. */
export const RESULT_COLUMNS = ['_status', '_error'] as const;

/**
 * What happened to a row: its status, and the error when it failed or was skipped for a reason; a
 * row number after them (import-service keeps one for failed rows) is the caller's, not written.
 */
export type ResultOutcome = readonly [status: RowStatus, error?: string, rowNumber?: number];

/** Streams a result file: the input rows, each followed by its `_status` and `_error`. */
export interface ResultWriter {
  /** Writes one row; resolves when the output can take more (backpressure). Values beyond the headers are dropped. */
  writeRow(values: CellValue[], status: RowStatus, error?: string): Promise<void>;
  /** writeRow for many rows (`outcomes[i]` is row i's), waiting only when the output is full. */
  writeRows(values: readonly CellValue[][], outcomes: readonly ResultOutcome[]): Promise<void>;
  /** Finishes the file, ends `output`, and resolves once everything is written. */
  close(): Promise<void>;
}

/** As TableWriterOptions; the sheet is 'Result' unless named. For CSV, pass the source's delimiter so Excel in the user's locale splits columns. */
export type ResultWriterOptions = TableWriterOptions;

/** The input values fitted to the header width, with status and error appended. */
export function resultCells(values: CellValue[], width: number, status: RowStatus, error: string | undefined): CellValue[] {
  const cells: CellValue[] = new Array(width);
  const inputWidth = width - RESULT_COLUMNS.length;
  for (let i = 0; i < inputWidth; i++) cells[i] = values[i] ?? null;
  cells[inputWidth] = status;
  cells[inputWidth + 1] = error ?? null;
  return cells;
}
