import { Inject, Injectable } from '@nestjs/common';
import { OBJECT_STORAGE, type ObjectStorage, safeObjectKey } from '@intake/storage';
import { openTable } from '@intake/tabular';
import type { ImportJobEntity } from '../jobs/import-job.entity';
import { JobBatchesRepository } from './job-batches.repository';
import { SheetResults, StoredOutcomes } from './sheet-results';

/**
 * The result files of a job: per imported sheet, the input rows with `_status` and `_error` (XLSX
 * and CSV). A run that goes to the end writes them as it goes (`open`); a run that stops early
 * (cancelled, failed, all-or-nothing) has them rewritten whole by `write`, which streams the
 * original again beside the stored batch outcomes, so memory does not grow with the file either way.
 */
@Injectable()
export class ResultFiles {
  constructor(
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly batches: JobBatchesRepository,
  ) {}

  folder(job: ImportJobEntity): string {
    return `${safeObjectKey('imports', job.id, 'result')}/`;
  }

  open(job: ImportJobEntity, sheetIndex: number, headers: string[]): SheetResults {
    return new SheetResults(this.storage, this.folder(job), sheetIndex, headers, job.analysis?.delimiter ?? ',');
  }

  /** A running sheet's earlier outcomes (rows committed before a restart). */
  stored(job: ImportJobEntity, sheetIndex: number): StoredOutcomes {
    return new StoredOutcomes(this.batches.outcomes(job.id, sheetIndex), 'not imported: the job stopped before this row');
  }

  async write(job: ImportJobEntity): Promise<string | null> {
    if (!job.plan || !job.analysis) return null;
    const source = await openTable(() => this.storage.get(job.originalKey), { name: job.originalName.replace(/\.[^.]+$/, '') || 'Sheet1' });
    const notReached = job.status === 'running' ? 'not imported: the job stopped before this row' : 'not imported';
    for (const [sheetIndex, analysed] of job.analysis.sheets.entries()) {
      if (!job.plan.sheets.some((s) => s.sheet === analysed.name && s.collection !== null)) continue;
      const table = await source.read(analysed.name);
      const results = this.open(job, sheetIndex, table.headers);
      const outcomes = new StoredOutcomes(this.batches.outcomes(job.id, sheetIndex), notReached);
      let row = 0;
      try {
        await results.fill(async () => {
          for await (const input of table.rows) await results.write(input.values, await outcomes.at(row++));
        });
      } finally {
        await table.close();
      }
    }
    return this.folder(job);
  }
}
