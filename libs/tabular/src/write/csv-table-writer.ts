import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import Papa from 'papaparse';
import type { CellValue } from '../table-types';
import { dateText } from './date-text';
import { escapeFormula } from './formula-escape';
import { outputDrained } from './output-drained';
import { BufferedTableWriter } from './buffered-table-writer';
import type { TableWriterOptions } from './table-writer';

const BOM = '\ufeff';
/** Rows unparsed and written together: fewer, larger writes. */
const BATCH_ROWS = 500;

function cellText(value: CellValue, decimalSeparator: '.' | ','): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return decimalSeparator === ',' ? String(value).replace('.', ',') : String(value);
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return dateText(value);
  return escapeFormula(value);
}

/** CSV file: UTF-8 with BOM, CRLF line ends (what Excel writes), quoted only where needed. */
export class CsvTableWriter extends BufferedTableWriter {
  private batch: string[][] = [];
  private readonly delimiter: string;
  private readonly decimalSeparator: '.' | ',';

  constructor(
    private readonly output: Writable,
    columns: readonly string[],
    options: TableWriterOptions,
  ) {
    super(columns);
    this.delimiter = options.delimiter ?? ',';
    this.decimalSeparator = options.decimalSeparator ?? '.';
    this.batch.push(columns.map((name) => escapeFormula(name)));
  }

  protected add(cells: CellValue[]): void {
    this.batch.push(cells.map((value) => cellText(value, this.decimalSeparator)));
  }

  async close(): Promise<void> {
    await this.flush();
    this.output.end();
    // Rejects, rather than waiting for good, when the output closes before it has taken everything.
    await finished(this.output);
  }

  private started = false;

  protected full(): boolean {
    return this.batch.length >= BATCH_ROWS;
  }

  protected async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const text = Papa.unparse(this.batch, { delimiter: this.delimiter, newline: '\r\n', quotes: false, escapeFormulae: false }) + '\r\n';
    this.batch = [];
    const chunk = this.started ? text : BOM + text;
    this.started = true;
    if (!this.output.write(chunk, 'utf8')) await outputDrained(this.output);
  }
}
