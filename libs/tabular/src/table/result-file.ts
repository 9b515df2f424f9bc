import type { CellValue, ColumnInfo } from '../table-types';
import { unescapeFormula } from '../write/formula-escape';
import { RESULT_COLUMNS } from '../write/result-row';

/**
 * A result file of ours, fixed and uploaded again (the usual way to retry the rows that failed),
 * ends with the `_status` and `_error` columns. Read as its rows were, not as written for a
 * spreadsheet: those two columns left out and the apostrophe that kept "=…", "+…", "-…" or "@…"
 * from running as a formula taken off again, else "+49 (0) 30" would be stored as "'+49 (0) 30".
 */
export function isResultFile(columns: readonly ColumnInfo[]): boolean {
  const names = columns.slice(-RESULT_COLUMNS.length).map((c) => c.name);
  return columns.length > RESULT_COLUMNS.length && RESULT_COLUMNS.every((name, i) => names[i] === name);
}

export function resultFileColumns(columns: readonly ColumnInfo[]): ColumnInfo[] {
  return columns.slice(0, -RESULT_COLUMNS.length).map((c) => ({ ...c, name: unescapeFormula(c.name) }));
}

export function resultFileValues(values: readonly CellValue[], width: number): CellValue[] {
  return values.slice(0, width).map((value) => (typeof value === 'string' ? unescapeFormula(value) : value));
}
