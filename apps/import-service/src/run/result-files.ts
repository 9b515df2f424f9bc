import { Inject, Injectable } from '@nestjs/common';
import { OBJECT_STORAGE, type ObjectStorage, safeObjectKey } from '@intake/storage';
import { openTable } from '@intake/tabular';
import { type ImportJobEntity, tookBack } from '../jobs/import-job.entity';
import { JobBatchesRepository } from './job-batches.repository';
import { type ResultFormat, resultFileKey, type ResultRows, SheetResults, StoredOutcomes } from './sheet-results';

/**
 * The result files of a job: per imported sheet, the input rows with `_status` and `_error`, as XLSX
 * and as CSV. The run writes the file in the upload's own format as it goes (`open`); the other
 * format is made the first time someone asks for it (`ensure`): most people download one, and
 * formatting both cost a sixth of a large import's time. A run that stops early (cancelled, failed,
 * all-or-nothing) has its file rewritten whole by `write`. Both rewrites stream the original again
 * beside the stored batch outcomes, so memory does not grow with the file.
 */
const NOT_REACHED = 'not imported: the job stopped before this row';
const TAKEN_BACK = 'not kept: the import was all or nothing and a row failed, so the rows it wrote were taken back';
const ROLLED_BACK = 'not kept: the import was rolled back';

/** Why the rows a job wrote are no longer there, when they are not: their result then says `skipped` with it, never `inserted`. */
function notKept(job: ImportJobEntity): string | null {
  if (tookBack(job)) return TAKEN_BACK;
  return job.status === 'rolled_back' ? ROLLED_BACK : null;
}

@Injectable()
export class ResultFiles {
  /** Files being made by `ensure` in this process: a second request waits for the first. */
  private readonly making = new Map<string, Promise<void>>();

  constructor(
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly batches: JobBatchesRepository,
  ) {}

  folder(job: ImportJobEntity): string {
    return `${safeObjectKey('imports', job.id, 'result')}/`;
  }

  open(job: ImportJobEntity, sheetIndex: number, headers: string[]): SheetResults {
    return this.sheetResults(job, sheetIndex, headers, [runFormat(job)]);
  }

  /** A running sheet's earlier outcomes (rows committed before a restart). */
  stored(job: ImportJobEntity, sheetIndex: number): StoredOutcomes {
    return new StoredOutcomes(this.batches.outcomes(job.id, sheetIndex), NOT_REACHED);
  }

  /** Rewrites the run's files whole, for every imported sheet; `tookBack`: its all-or-nothing undo ran. */
  async write(job: ImportJobEntity, tookBack: boolean): Promise<string | null> {
    const reason = tookBack ? TAKEN_BACK : null;
    if (!job.plan || !job.analysis) return null;
    for (const [sheetIndex, analysed] of job.analysis.sheets.entries()) {
      if (job.plan.sheets.some((s) => s.sheet === analysed.name && s.collection !== null)) await this.rewrite(job, sheetIndex, runFormat(job), reason);
    }
    return this.folder(job);
  }

  /** Makes a finished job's result file for one sheet in `format` (of every row, or the failed ones) unless it exists already. */
  async ensure(job: ImportJobEntity, sheetIndex: number, format: ResultFormat, rows: ResultRows = 'all'): Promise<void> {
    const key = resultFileKey(this.folder(job), sheetIndex, format, rows);
    const pending = this.making.get(key);
    if (pending) return pending;
    // Registered before the first await, so a request arriving meanwhile waits for this one.
    const made = (async () => {
      if (!(await this.storage.stat(key))) await this.rewrite(job, sheetIndex, format, notKept(job), rows);
    })().finally(() => this.making.delete(key));
    this.making.set(key, made);
    return made;
  }

  /**
   * Once a job is rolled back its files would still say `inserted`: they go, and are made again on
   * their next download from the original and the stored outcomes, the rows marked not kept.
   */
  async forget(job: ImportJobEntity): Promise<void> {
    await this.storage.deletePrefix(this.folder(job));
  }

  private async rewrite(job: ImportJobEntity, sheetIndex: number, format: ResultFormat, notKeptReason: string | null, rows: ResultRows = 'all'): Promise<void> {
    const analysed = job.analysis?.sheets[sheetIndex];
    if (!analysed) throw new Error(`Job ${job.id} has no analysed sheet ${sheetIndex}`);
    const source = await openTable(() => this.storage.get(job.originalKey), { name: job.originalName.replace(/\.[^.]+$/, '') || 'Sheet1' });
    const table = await source.read(analysed.name);
    const results = this.sheetResults(job, sheetIndex, table.headers, [format], rows);
    const outcomes = new StoredOutcomes(this.batches.outcomes(job.id, sheetIndex), NOT_REACHED);
    let row = 0;
    try {
      await results.fill(async () => {
        for await (const input of table.rows) {
          const outcome = await outcomes.at(row++);
          if (rows === 'failed' && outcome[0] !== 'failed') continue;
          await results.write(input.values, notKeptReason && (outcome[0] === 'inserted' || outcome[0] === 'updated') ? ['skipped', notKeptReason] : outcome);
        }
      });
    } finally {
      await table.close();
    }
  }

  private sheetResults(job: ImportJobEntity, sheetIndex: number, headers: string[], formats: ResultFormat[], rows: ResultRows = 'all'): SheetResults {
    return new SheetResults(this.storage, this.folder(job), sheetIndex, headers, job.analysis?.delimiter ?? ',', formats, rows);
  }
}

/** The format of the upload itself: what its owner most likely opens the result in. */
export function runFormat(job: ImportJobEntity): ResultFormat {
  return job.analysis?.format === 'csv' ? 'csv' : 'xlsx';
}
