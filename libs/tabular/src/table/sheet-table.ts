import { TabularError } from '../tabular-error';
import type { TableLimits } from '../table-limits';
import type { CellValue, ColumnInfo, SheetInfo, SheetTable, SourceRow } from '../table-types';
import { location } from './column-letter';
import { buildColumns } from './header-row';
import { isResultFile, resultFileColumns, resultFileValues } from './result-file';
import type { RawRow } from './raw-row';
import { shapeRow } from './row-shaper';

export interface SheetTableOptions {
  /** Sheet name for messages; undefined for CSV. */
  label: string | undefined;
  headerRow?: number;
  limits: TableLimits;
  flagReplacementChars: boolean;
  /** See OpenTableOptions.asWritten. */
  asWritten?: boolean;
}

const isBlank = (cells: (CellValue | undefined)[]): boolean => cells.every((cell) => cell === null || cell === undefined || cell === '');

function emptyError(label: string | undefined): TabularError {
  return label === undefined
    ? new TabularError('EMPTY_FILE', 'the file has no data: it is empty or holds only blank lines')
    : new TabularError('EMPTY_SHEET', `sheet '${label}' is empty`, { sheet: label });
}

/** Hands out the rows of a batched reader one by one, keeping the rest of the current batch. */
class BatchCursor {
  private batch: RawRow[] = [];
  private index = 0;

  constructor(private readonly raw: AsyncIterator<RawRow[]>) {}

  async next(): Promise<IteratorResult<RawRow, undefined>> {
    while (this.index >= this.batch.length) {
      const next = await this.raw.next();
      if (next.done) return { done: true, value: undefined };
      [this.batch, this.index] = [next.value, 0];
    }
    return { done: false, value: this.batch[this.index++] };
  }

  /** Hands `rows` out again, before the rest. */
  putBack(rows: RawRow[]): void {
    this.batch = [...rows, ...this.batch.slice(this.index)];
    this.index = 0;
  }

  /** What is left of the current batch. */
  takeRest(): RawRow[] {
    const rest = this.batch.slice(this.index);
    this.index = this.batch.length;
    return rest;
  }
}

async function findHeader(raw: BatchCursor, options: SheetTableOptions): Promise<RawRow> {
  const { label, headerRow } = options;
  let seen: RawRow | undefined;
  for (;;) {
    const next = await raw.next();
    if (next.done) {
      if (!seen) throw emptyError(label);
      throw new TabularError('NO_HEADER', `${location(label, headerRow)} does not exist (the last row is ${seen.rowNumber}); it should hold the column names`, {
        sheet: label,
        row: headerRow,
      });
    }
    const row = next.value;
    if (headerRow === undefined) {
      if (isBlank(row.cells)) continue;
      return filled(row.cells) === 1 ? ((await headerBelowTitle(raw, row)) ?? row) : row;
    }
    seen = row;
    if (row.rowNumber < headerRow) continue;
    // XLSX leaves blank rows out, so a later row number means the header row was blank.
    if (row.rowNumber > headerRow || isBlank(row.cells)) {
      throw new TabularError('NO_HEADER', `${location(label, headerRow)} is empty; it should hold the column names`, { sheet: label, row: headerRow });
    }
    return row;
  }
}

const filled = (cells: (CellValue | undefined)[]): number => cells.filter((cell) => cell !== null && cell !== undefined && cell !== '').length;

/** How far below a one-cell first row a header is looked for. */
const TITLE_ROWS = 5;

/** Text a column name could be: not a number, nor a date as a CSV writes one. */
const nameLike = (cell: CellValue | undefined): boolean => cell === null || cell === undefined || (typeof cell === 'string' && !/^[-+]?[\d.,:/\s]+$/.test(cell.trim()));

/**
 * Exports often start with a title ("Customer export 2024-11-28"), a blank row and the column names.
 * After a first row of one cell, the first row within TITLE_ROWS rows that has two or more cells is
 * the header when a blank row lies between and its cells all read as names; else the rows read ahead
 * are put back and the first row stays the header (a one-column file, whose stray "Doe, Jane" row
 * must not become its header and drop the rows above it).
 */
async function headerBelowTitle(raw: BatchCursor, title: RawRow): Promise<RawRow | null> {
  const ahead: RawRow[] = [];
  let previous = title.rowNumber;
  let gap = false;
  while (ahead.length < TITLE_ROWS) {
    const next = await raw.next();
    if (next.done) break;
    ahead.push(next.value);
    // XLSX leaves blank rows out: a jump in row numbers is a blank row too.
    gap ||= isBlank(next.value.cells) || next.value.rowNumber > previous + 1;
    previous = next.value.rowNumber;
    if (filled(next.value.cells) >= 2) {
      if (gap && next.value.cells.every(nameLike)) return next.value;
      break;
    }
  }
  raw.putBack(ahead);
  return null;
}

/**
 * Reads up to the header, then hands out the remaining rows shaped to it. Shared by CSV and XLSX so
 * both apply the same header, blank-row, ragged-row and limit rules.
 */
export async function buildSheetTable(sheet: SheetInfo, raw: AsyncGenerator<RawRow[]>, options: SheetTableOptions): Promise<SheetTable> {
  const { label, limits } = options;
  const cursor = new BatchCursor(raw);
  let header: RawRow;
  let columns: ColumnInfo[];
  try {
    header = await findHeader(cursor, options);
    columns = buildColumns(header.cells, label, header.rowNumber, limits.maxColumns);
  } catch (error) {
    await raw.return(undefined);
    throw error;
  }
  const context = { sheet: label, columnCount: columns.length, maxCellLength: limits.maxCellLength, flagReplacementChars: options.flagReplacementChars };
  const fromResult = !options.asWritten && isResultFile(columns);
  if (fromResult) columns = resultFileColumns(columns);
  let started = false;

  async function* rows(): AsyncGenerator<SourceRow> {
    let count = 0;
    try {
      let batch = cursor.takeRest();
      for (;;) {
        for (const rawRow of batch) {
          const shaped = shapeRow(rawRow, context);
          if (!shaped) continue;
          const row = fromResult ? { ...shaped, values: resultFileValues(shaped.values, columns.length) } : shaped;
          if (limits.maxRows !== undefined && ++count > limits.maxRows) {
            throw new TabularError('TOO_MANY_ROWS', `${location(label, row.rowNumber)} is beyond the limit of ${limits.maxRows.toLocaleString('en')} data rows`, {
              sheet: label,
              row: row.rowNumber,
            });
          }
          yield row;
        }
        const next = await raw.next();
        if (next.done) break;
        batch = next.value;
      }
    } finally {
      await raw.return(undefined);
    }
  }

  return {
    sheet,
    headerRow: header.rowNumber,
    headers: columns.map((column) => column.name),
    columns,
    readAsResult: fromResult,
    rows: {
      [Symbol.asyncIterator]() {
        if (started) throw new Error('the rows of a SheetTable can be iterated only once; call read() again');
        started = true;
        return rows();
      },
    },
    close: async () => {
      await raw.return(undefined);
    },
  };
}
