import type { CellValue } from '../table-types';

/** Streams a spreadsheet (CSV or XLSX): a header row, then rows of cells. */
export interface TableWriter {
  /** Writes one row; resolves when the output can take more (backpressure). Cells beyond the columns are dropped, missing ones are empty. */
  writeRow(cells: readonly CellValue[]): Promise<void>;
  /** writeRow for many rows, waiting only when the output is full. */
  writeRows(rows: readonly (readonly CellValue[])[]): Promise<void>;
  /** Finishes the file, ends the output, and resolves once everything is written. */
  close(): Promise<void>;
}

/**
 * What both table writers share: rows are added to a buffer in the format's own form, and the
 * buffer goes to the output once it is full, which is the only time a write waits.
 */
export abstract class BufferedTableWriter implements TableWriter {
  constructor(protected readonly columns: readonly string[]) {}

  /** Adds one row, fitted to the columns, to the buffer. */
  protected abstract add(cells: CellValue[]): void;
  /** Whether the buffer should go to the output now. */
  protected abstract full(): boolean;
  protected abstract flush(): Promise<void>;
  abstract close(): Promise<void>;

  async writeRow(cells: readonly CellValue[]): Promise<void> {
    this.add(this.fitted(cells));
    if (this.full()) await this.flush();
  }

  async writeRows(rows: readonly (readonly CellValue[])[]): Promise<void> {
    for (const cells of rows) {
      this.add(this.fitted(cells));
      if (this.full()) await this.flush();
    }
  }

  /** The cells cut or padded to the columns (both formats write a missing cell, undefined too, as empty). */
  private fitted(cells: readonly CellValue[]): CellValue[] {
    if (cells.length === this.columns.length) return cells as CellValue[];
    const fitted: CellValue[] = new Array(this.columns.length);
    for (let i = 0; i < fitted.length; i++) fitted[i] = cells[i] ?? null;
    return fitted;
  }
}
