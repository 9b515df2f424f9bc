import type { Writable } from 'node:stream';
import { CsvResultWriter } from './csv-result-writer';
import { RESULT_COLUMNS, type ResultWriter, type ResultWriterOptions } from './result-row';
import { XlsxResultWriter } from './xlsx-result-writer';

/**
 * A streaming result-file writer. XLSX keeps numbers as numbers and dates as dates (formatted); CSV
 * is UTF-8 with a byte-order mark so Excel detects the encoding. In both, text starting with
 * = + - @ tab or CR is escaped with a leading apostrophe (see escapeFormula).
 */
export function createResultWriter(format: 'xlsx' | 'csv', output: Writable, headers: string[], options: ResultWriterOptions = {}): ResultWriter {
  const columns = [...headers, ...RESULT_COLUMNS];
  return format === 'xlsx' ? new XlsxResultWriter(output, columns, options.sheetName ?? 'Result') : new CsvResultWriter(output, columns, options);
}

