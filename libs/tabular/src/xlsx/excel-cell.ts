import type { Cell, CellValue as ExcelValue } from 'exceljs';
import type { CellValue } from '../table-types';
import { excelSerialToValue, serialOfExceljsDate } from './excel-date';
import type { SharedStringTable } from './shared-string-table';

/** Resolves the { sharedString: index } values exceljs gives in emit mode (see streaming-workbook). */
export type SharedStrings = Pick<SharedStringTable, 'get' | 'size'>;

/** A cell's value as this library sees it, with a reason when Excel shows an error instead. */
export type CellRead = { value: CellValue; problem?: undefined } | { value: null; problem: string };

/** exceljs's own rule for "this number format is a date" (see exceljs utils.isDateFmt). */
function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  return /[ymdhMsb]/.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

function fromSharedString(index: unknown, sharedStrings: SharedStrings): CellRead {
  const text = typeof index === 'number' ? sharedStrings.get(index) : undefined;
  if (text !== undefined) return { value: text };
  const count = sharedStrings.size.toLocaleString('en');
  return { value: null, problem: `the cell refers to entry ${String(index)} of the workbook's shared text table, which has ${count}; the file is damaged` };
}

function fromValue(value: ExcelValue | undefined, format: string | undefined, date1904: boolean, sharedStrings: SharedStrings): CellRead {
  if (value === null || value === undefined) return { value: null };
  if (typeof value === 'string' || typeof value === 'boolean') return { value };
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return { value: null, problem: 'the cell shows an Excel error' };
    if (!Number.isFinite(value)) return { value: null };
    if (!isDateFormat(format)) return { value };
    const converted = excelSerialToValue(value, format, date1904);
    return 'error' in converted ? { value: null, problem: converted.error } : { value: converted.value };
  }
  if (value instanceof Date) {
    const converted = excelSerialToValue(serialOfExceljsDate(value, date1904), format, date1904);
    return 'error' in converted ? { value: null, problem: converted.error } : { value: converted.value };
  }
  if ('sharedString' in value) return fromSharedString(value.sharedString, sharedStrings);
  if ('error' in value) return { value: null, problem: `the cell shows the Excel error ${value.error}` };
  if ('richText' in value) return { value: value.richText.map((run) => run.text ?? '').join('') };
  // A formula yields its cached result, never its text; a number result in a date-formatted cell
  // is a date (exceljs converts only plain values).
  if ('formula' in value || 'sharedFormula' in value) {
    if (value.result === undefined) {
      return { value: null, problem: 'the formula has no saved result; open the file in Excel and save it again' };
    }
    return fromValue(value.result as ExcelValue, format, date1904, sharedStrings);
  }
  if ('hyperlink' in value) return fromValue(value.text as ExcelValue, format, date1904, sharedStrings);
  return { value: null };
}

/**
 * Plain value of an exceljs cell: shared strings and rich text → text, formulas → their cached
 * result, hyperlinks → their text, dates → naive Dates with Excel's 1900 leap-year bug corrected,
 * error values (#N/A…) → null with a problem.
 */
export function readCell(cell: Cell, date1904: boolean, sharedStrings: SharedStrings): CellRead {
  return fromValue(cell.value, cell.numFmt, date1904, sharedStrings);
}
