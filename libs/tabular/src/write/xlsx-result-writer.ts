import ExcelJS from 'exceljs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { CellValue } from '../table-types';
import { escapeFormula } from './formula-escape';
import { resultCells, type ResultWriter, type RowStatus } from './result-row';

/** Excel refuses (asks to "repair") a file with longer cells. */
const EXCEL_MAX_CELL = 32_767;

function cellValue(value: CellValue): CellValue {
  if (typeof value !== 'string') return value;
  const escaped = escapeFormula(value);
  return escaped.length > EXCEL_MAX_CELL ? `${escaped.slice(0, EXCEL_MAX_CELL - 1)}…` : escaped;
}

/**
 * XLSX result file through exceljs's streaming WorkbookWriter: inline strings (no shared-strings
 * table to hold in memory), each row committed as written, and writeRow waits while the output is
 * full so a slow upload never lets rows pile up in memory.
 */
export class XlsxResultWriter implements ResultWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;

  constructor(
    private readonly output: Writable,
    private readonly columns: string[],
    sheetName: string,
  ) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useSharedStrings: false, useStyles: true });
    this.sheet = this.workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
    const header = this.sheet.addRow(columns.map((name) => escapeFormula(name)));
    header.font = { bold: true };
    header.commit();
  }

  async writeRow(values: CellValue[], status: RowStatus, error?: string): Promise<void> {
    const cells = resultCells(values, this.columns.length, status, error);
    const row = this.sheet.addRow(cells.map(cellValue));
    cells.forEach((cell, index) => {
      if (cell instanceof Date) {
        const midnight = cell.getUTCHours() + cell.getUTCMinutes() + cell.getUTCSeconds() === 0;
        row.getCell(index + 1).numFmt = midnight ? 'yyyy-mm-dd' : 'yyyy-mm-dd hh:mm:ss';
      }
    });
    row.commit();
    if (this.output.writableNeedDrain) await once(this.output, 'drain');
  }

  async close(): Promise<void> {
    this.sheet.commit();
    await this.workbook.commit();
  }
}
