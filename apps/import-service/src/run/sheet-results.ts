import type { ObjectStorage } from '@intake/storage';
import { type CellValue, createResultWriter, type ResultWriter } from '@intake/tabular';
import { PassThrough } from 'node:stream';
import type { StoredOutcome } from './job-batches.repository';

export type ResultFormat = 'xlsx' | 'csv';
/** Every row, or the failed ones alone: what an operator fixes and uploads again. */
export type ResultRows = 'all' | 'failed';

/** Key of a sheet's result file; `resultKey` on the job is the folder. */
export function resultFileKey(folder: string, sheetIndex: number, format: ResultFormat, rows: ResultRows = 'all'): string {
  return `${folder}${sheetIndex}${rows === 'failed' ? '-failed' : ''}.${format}`;
}

/**
 * One sheet's result files (XLSX, CSV or both), streamed into storage while the rows are read: each
 * row goes in with its outcome, so the files never hold more than a writer's buffer.
 */
export class SheetResults {
  private readonly writers: ResultWriter[] = [];
  private readonly outputs: PassThrough[] = [];
  private readonly stored: Promise<void>[] = [];

  constructor(storage: ObjectStorage, folder: string, sheetIndex: number, headers: string[], delimiter: string, formats: readonly ResultFormat[], rows: ResultRows = 'all') {
    for (const format of formats) {
      const output = new PassThrough();
      // A failed put shows in close(); until then the writer must not meet an unhandled rejection.
      const stored = storage.put(resultFileKey(folder, sheetIndex, format, rows), output).then(() => undefined);
      stored.catch(() => undefined);
      this.outputs.push(output);
      this.stored.push(stored);
      this.writers.push(createResultWriter(format, output, headers, { delimiter }));
    }
  }

  async write(values: CellValue[], [status, error]: StoredOutcome): Promise<void> {
    for (const writer of this.writers) await writer.writeRow(values, status, error);
  }

  /** A batch's rows with their outcomes, in order. */
  async writeRows(values: readonly CellValue[][], outcomes: readonly StoredOutcome[]): Promise<void> {
    for (const writer of this.writers) await writer.writeRows(values, outcomes);
  }

  /** Runs `work` (which writes the rows), then finishes the files; if it fails, drops them. */
  async fill<T>(work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      await this.close();
      return result;
    } catch (error) {
      this.abort();
      throw error;
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.writers.map((w) => w.close()));
    await Promise.all(this.stored);
  }

  /** The run stopped early: the files are rewritten whole afterwards, so these are dropped. */
  abort(): void {
    for (const output of this.outputs) output.destroy();
  }
}

/** Walks a sheet's stored batch outcomes in row order; rows after the last batch were not reached. */
export class StoredOutcomes {
  private readonly batches: AsyncIterator<{ firstRow: number; outcomes: StoredOutcome[] }>;
  private current: { firstRow: number; outcomes: StoredOutcome[] } | null = null;

  constructor(
    batches: AsyncIterable<{ firstRow: number; outcomes: StoredOutcome[] }>,
    private readonly notReached: string,
  ) {
    this.batches = batches[Symbol.asyncIterator]();
  }

  /** The outcome of the sheet's row `row` (0-based); rows must be asked for in increasing order. */
  async at(row: number): Promise<StoredOutcome> {
    while (!this.current || row >= this.current.firstRow + this.current.outcomes.length) {
      const next = await this.batches.next();
      if (next.done) {
        this.current = { firstRow: Number.MAX_SAFE_INTEGER, outcomes: [] };
        break;
      }
      this.current = next.value;
    }
    return row >= this.current.firstRow ? this.current.outcomes[row - this.current.firstRow] : ['skipped', this.notReached];
  }
}
