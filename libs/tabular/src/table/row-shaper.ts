import type { CellValue, RowProblem, SourceRow } from '../table-types';
import { columnLetter, location } from './column-letter';
import type { RawRow } from './raw-row';

export interface ShapeContext {
  /** Sheet name for messages; undefined for CSV, which has no sheets to tell apart. */
  sheet: string | undefined;
  columnCount: number;
  maxCellLength: number;
  /** Report U+FFFD as INVALID_TEXT: set when the text was decoded as UTF-8 after a clean sample. */
  flagReplacementChars: boolean;
}

/**
 * Fits a raw row to the header: blank cells become null, missing cells are padded with null, extra
 * *non-empty* cells become an EXTRA_CELLS problem (extra empty ones — a trailing delimiter — are
 * ignored silently). Returns undefined for a blank row, which the reader skips.
 */
export function shapeRow(raw: RawRow, context: ShapeContext): SourceRow | undefined {
  const { columnCount, maxCellLength, flagReplacementChars, sheet } = context;
  const values: CellValue[] = new Array(columnCount);
  let problems: RowProblem[] | undefined = raw.problems ? [...raw.problems] : undefined;
  let blank = true;
  let extra: number[] | undefined;
  const cells = raw.cells;
  for (let i = 0; i < cells.length || i < columnCount; i++) {
    let value = cells[i];
    if (value === undefined || value === '') value = null;
    if (i >= columnCount) {
      if (value !== null) (extra ??= []).push(i);
      continue;
    }
    values[i] = value;
    if (value === null) continue;
    blank = false;
    if (typeof value !== 'string') continue;
    if (value.length > maxCellLength) {
      const reason = `the value is ${value.length.toLocaleString('en')} characters long, more than the ${maxCellLength.toLocaleString('en')} allowed`;
      (problems ??= []).push({ code: 'CELL_TOO_LONG', column: i, message: `${location(sheet, raw.rowNumber, i)}: ${reason}`, reason });
    }
    if (flagReplacementChars && value.includes('\ufffd')) {
      const reason = 'the value contains bytes that are not valid UTF-8 (shown as \ufffd); the file may be saved in another encoding';
      (problems ??= []).push({ code: 'INVALID_TEXT', column: i, message: `${location(sheet, raw.rowNumber, i)}: ${reason}`, reason });
    }
  }
  if (extra) {
    const count = extra[extra.length - 1] + 1;
    const letters = extra.slice(0, 5).map(columnLetter).join(', ') + (extra.length > 5 ? ` and ${extra.length - 5} more` : '');
    const message = `${location(sheet, raw.rowNumber)} has ${count} values but the header has ${columnCount} columns; the extra values (in ${letters}) are ignored`;
    (problems ??= []).push({ code: 'EXTRA_CELLS', message });
  } else if (blank && !problems) {
    return undefined;
  }
  return problems ? { rowNumber: raw.rowNumber, values, problems } : { rowNumber: raw.rowNumber, values };
}
