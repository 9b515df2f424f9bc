import { location } from '../table/column-letter';
import { TabularError } from '../tabular-error';
import type { TableLimits } from '../table-limits';
import type { XmlSpot } from './xml-length-guard';

/** What bounds the reading of one sheet: its name for messages, and the limits on text. */
export type LengthLimits = Pick<TableLimits, 'maxRowChars' | 'maxCellLength'> & { sheet: string };

const count = (n: number): string => n.toLocaleString('en');

/** "…the limit for one row (a cell holds at most 32,767)": the two limits a user can act on. */
function tooLong(limits: LengthLimits): string {
  return `longer than ${count(limits.maxRowChars)} characters, the limit for one row (a cell holds at most ${count(limits.maxCellLength)})`;
}

/** A row of the sheet holds more text than a row may; `columnLetters` is the cell being read then. */
export function rowTooLarge(limits: LengthLimits, row: number, columnLetters: string | undefined): TabularError {
  const where = location(limits.sheet, row) + (columnLetters ? `, column ${columnLetters}` : '');
  return new TabularError('ROW_TOO_LARGE', `${where}: the row is ${tooLong(limits)}`, {
    sheet: limits.sheet,
    row,
    ...(columnLetters ? { columns: [columnLetters] } : {}),
  });
}

/** The sheet's XML guard stopped (see XmlLengthGuard): in a row, or between rows. */
export function sheetTooLarge(limits: LengthLimits, spot: XmlSpot): TabularError {
  const row = Number.parseInt(spot.ref ?? '', 10) || spot.index + 1;
  if (spot.inElement) return rowTooLarge(limits, row, spot.cellRef?.match(/^[A-Za-z]+/)?.[0].toUpperCase());
  const near = spot.index < 0 ? 'before its first row' : `after row ${row}`;
  return new TabularError(
    'CORRUPT_FILE',
    `sheet '${limits.sheet}' has, ${near}, more than ${count(limits.maxRowChars)} characters of XML in one piece that belong to no cell; the file is damaged or was not written by a spreadsheet program`,
    { sheet: limits.sheet },
  );
}

/** The shared strings' guard stopped: one entry is longer than any row may be, or XML between entries is. */
export function sharedStringsTooLarge(limits: LengthLimits, spot: XmlSpot): TabularError {
  if (spot.inElement) {
    return new TabularError('ROW_TOO_LARGE', `entry ${spot.index} of the workbook's shared text table is ${tooLong(limits)}`, { entry: spot.index });
  }
  return new TabularError(
    'CORRUPT_FILE',
    `the workbook's shared text table has more than ${count(limits.maxRowChars)} characters of XML in one piece that belong to no entry; the file is damaged`,
  );
}
