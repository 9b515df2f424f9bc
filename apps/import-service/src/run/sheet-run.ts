import { AppError } from '@intake/contracts';
import type { SourceRow } from '@intake/tabular';
import type { JobCheckpoint } from '../jobs/import-job.entity';
import type { StoredOutcome } from './job-batches.repository';
import { BATCH_ROWS, type BatchPorts, type ConvertedBatch, convertBatch, type SheetImport, writeBatch } from './sheet-import';
import type { SheetResults, StoredOutcomes } from './sheet-results';

export class Cancelled extends Error {}

/** An all-or-nothing run ends at its first failed row, and says which. */
export const allOrNothingFailed = (error: string) => new AppError('VALIDATION_FAILED', `Nothing was kept (all-or-nothing): ${error}`);

/** What a sheet's run reports after each committed batch. */
export interface BatchCommit {
  batchNo: number;
  firstRow: number;
  outcomes: StoredOutcome[];
  checkpoint: JobCheckpoint;
}

export interface SheetRunPorts extends BatchPorts {
  /** Records the batch (outcomes, checkpoint, progress); answers whether a cancel was asked for. */
  commit(batch: BatchCommit): Promise<{ cancelRequested: boolean }>;
}

export interface SheetRunOptions {
  orderIndex: number;
  /** The run's sheet order, recorded in every checkpoint. */
  order: string[];
  /** Rows of this sheet committed before a restart: read again only for the result files. */
  skip: number;
  batchNo: number;
  allOrNothing: boolean;
}

/**
 * Runs one sheet: streams its rows from the checkpoint, converts each batch while the one before it
 * is being written (one batch in flight, so reading and converting overlap the database's work),
 * commits the checkpoint after each batch, and streams every row with its outcome into the result
 * files. Batches are written strictly in order. Returns the checkpoint after the sheet's last batch.
 */
export async function runSheet(sheet: SheetImport, ports: SheetRunPorts, results: SheetResults, stored: StoredOutcomes, options: SheetRunOptions): Promise<JobCheckpoint> {
  let checkpoint: JobCheckpoint = { sheetIndex: options.orderIndex, rowsDone: options.skip, batchNo: options.batchNo, order: options.order };
  let inFlight: Promise<void> = Promise.resolve();
  // A batch's rows go into the result files while the next batch is in the database; one batch at a time.
  let resultsWritten: Promise<void> = Promise.resolve();
  let rowsRead = 0;
  let batch: SourceRow[] = [];

  const commit = async (batchNo: number, firstRow: number, converted: ConvertedBatch): Promise<void> => {
    const outcomes = await writeBatch(sheet, ports, batchNo, converted);
    checkpoint = { sheetIndex: options.orderIndex, rowsDone: firstRow + outcomes.length, batchNo: batchNo + 1, order: options.order };
    const { cancelRequested } = await ports.commit({ batchNo, firstRow, outcomes, checkpoint });
    await resultsWritten;
    resultsWritten = writeResults(results, converted.rows, outcomes);
    resultsWritten.catch(() => undefined);
    const failed = outcomes.find(([status]) => status === 'failed');
    if (failed && options.allOrNothing) throw allOrNothingFailed(failed[1] ?? 'a row failed');
    if (cancelRequested) throw new Cancelled();
  };
  let nextBatchNo = options.batchNo;
  const flush = async (): Promise<void> => {
    const firstRow = rowsRead - batch.length;
    const converted = convertBatch(sheet, firstRow, batch);
    batch = [];
    await inFlight;
    inFlight = commit(nextBatchNo++, firstRow, converted);
    // Awaited at the next flush or at the end; until then a failure must not count as unhandled.
    inFlight.catch(() => undefined);
  };

  for await (const row of sheet.table.rows) {
    if (rowsRead < options.skip) {
      await results.write(row.values, await stored.at(rowsRead++));
      continue;
    }
    rowsRead++;
    batch.push(row);
    if (batch.length >= BATCH_ROWS) await flush();
  }
  if (batch.length) await flush();
  await inFlight;
  await resultsWritten;
  return checkpoint;
}

function writeResults(results: SheetResults, rows: readonly SourceRow[], outcomes: readonly StoredOutcome[]): Promise<void> {
  return results.writeRows(rows.map((row) => row.values), outcomes);
}
