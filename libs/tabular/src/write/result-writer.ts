import type { Writable } from 'node:stream';
import type { CellValue } from '../table-types';
import { RESULT_COLUMNS, type ResultOutcome, type ResultWriter, type ResultWriterOptions, resultCells, type RowStatus } from './result-row';
import { createTableWriter, type TableWriter } from './table-writer';

/**
 * A streaming result file (see createTableWriter): the input's columns, then `_status` and
 * `_error` for what happened to each row.
 */
export function createResultWriter(format: 'xlsx' | 'csv', output: Writable, headers: string[], options: ResultWriterOptions = {}): ResultWriter {
  const columns = [...headers, ...RESULT_COLUMNS];
  return new TableResultWriter(createTableWriter(format, output, columns, { sheetName: 'Result', ...options }), columns.length);
}

class TableResultWriter implements ResultWriter {
  constructor(
    private readonly table: TableWriter,
    private readonly width: number,
  ) {}

  writeRow(values: CellValue[], status: RowStatus, error?: string): Promise<void> {
    return this.table.writeRow(resultCells(values, this.width, status, error));
  }

  writeRows(values: readonly CellValue[][], outcomes: readonly ResultOutcome[]): Promise<void> {
    return this.table.writeRows(values.map((row, i) => resultCells(row, this.width, outcomes[i][0], outcomes[i][1])));
  }

  close(): Promise<void> {
    return this.table.close();
  }
}
