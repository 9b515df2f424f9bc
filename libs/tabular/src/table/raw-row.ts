import type { CellValue, RowProblem } from '../table-types';

/**
 * A row as a format reader produces it, before the header shapes it: cells may be fewer or more
 * than the columns, CSV cells are '' when blank, XLSX rows may have holes (undefined).
 */
export interface RawRow {
  rowNumber: number;
  cells: (CellValue | undefined)[];
  problems?: RowProblem[];
}
