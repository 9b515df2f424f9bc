import type { CellValue } from '../table-types';
import type { ResultOutcome, ResultWriter, RowStatus } from './result-row';

/**
 * What both result writers share: rows are added to a buffer in the format's own form, and the
 * buffer goes to the output once it is full, which is the only time a write waits.
 */
export abstract class BufferedResultWriter implements ResultWriter {
  /** Adds one row, with its outcome, to the buffer. */
  protected abstract add(values: CellValue[], status: RowStatus, error: string | undefined): void;
  /** Whether the buffer should go to the output now. */
  protected abstract full(): boolean;
  protected abstract flush(): Promise<void>;
  abstract close(): Promise<void>;

  async writeRow(values: CellValue[], status: RowStatus, error?: string): Promise<void> {
    this.add(values, status, error);
    if (this.full()) await this.flush();
  }

  async writeRows(values: readonly CellValue[][], outcomes: readonly ResultOutcome[]): Promise<void> {
    for (let i = 0; i < values.length; i++) {
      this.add(values[i], outcomes[i][0], outcomes[i][1]);
      if (this.full()) await this.flush();
    }
  }
}
