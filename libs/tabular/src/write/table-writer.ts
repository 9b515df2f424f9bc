import type { Writable } from 'node:stream';
import type { TableWriter } from './buffered-table-writer';
import { CsvTableWriter } from './csv-table-writer';
import { XlsxTableWriter } from './xlsx-table-writer';

export type { TableWriter } from './buffered-table-writer';

export interface TableWriterOptions {
  /** XLSX: name of the single sheet. Default 'Sheet1'. */
  sheetName?: string;
  /** CSV: field delimiter. Default ','. */
  delimiter?: string;
  /** CSV: decimal mark for numbers. Default '.'. */
  decimalSeparator?: '.' | ',';
}

/**
 * A streaming spreadsheet writer: `columns` as the header row, then each row written. XLSX keeps
 * numbers as numbers and dates as dates (formatted); CSV is UTF-8 with a byte-order mark so Excel
 * detects the encoding. In both, text starting with = + - @ tab or CR is escaped with a leading
 * apostrophe (see escapeFormula), so no cell runs as a formula.
 */
export function createTableWriter(format: 'xlsx' | 'csv', output: Writable, columns: readonly string[], options: TableWriterOptions = {}): TableWriter {
  return format === 'xlsx' ? new XlsxTableWriter(output, columns, options.sheetName ?? 'Sheet1') : new CsvTableWriter(output, columns, options);
}
