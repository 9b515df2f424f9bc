import { Inject, Injectable } from '@nestjs/common';
import { OBJECT_STORAGE, type ObjectStorage, safeObjectKey } from '@intake/storage';
import { createResultWriter, openTable } from '@intake/tabular';
import { PassThrough } from 'node:stream';
import type { ImportJobEntity } from '../jobs/import-job.entity';
import { JobBatchesRepository, type StoredOutcome } from './job-batches.repository';

/** Key of a sheet's result file; `resultKey` on the job is the folder. */
export function resultFileKey(folder: string, sheetIndex: number, format: 'xlsx' | 'csv'): string {
  return `${folder}${sheetIndex}.${format}`;
}

/**
 * Writes, per imported sheet, the input rows with `_status` and `_error` (XLSX and CSV), streaming
 * the original again beside the stored batch outcomes, so memory does not grow with the file.
 * Rows the job never reached (cancelled, all-or-nothing) are reported as skipped.
 */
@Injectable()
export class ResultFiles {
  constructor(
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly batches: JobBatchesRepository,
  ) {}

  async write(job: ImportJobEntity): Promise<string | null> {
    if (!job.plan || !job.analysis) return null;
    const folder = `${safeObjectKey('imports', job.id, 'result')}/`;
    const source = await openTable(() => this.storage.get(job.originalKey), { name: job.originalName.replace(/\.[^.]+$/, '') || 'Sheet1' });
    const notReached = job.status === 'running' ? 'not imported: the job stopped before this row' : 'not imported';
    for (const [sheetIndex, analysed] of job.analysis.sheets.entries()) {
      if (!job.plan.sheets.some((s) => s.sheet === analysed.name && s.collection !== null)) continue;
      for (const format of ['xlsx', 'csv'] as const) {
        const table = await source.read(analysed.name);
        const output = new PassThrough();
        const stored = this.storage.put(resultFileKey(folder, sheetIndex, format), output);
        const writer = createResultWriter(format, output, table.headers, { delimiter: job.analysis.delimiter ?? ',' });
        const outcomes = this.batches.outcomes(job.id, sheetIndex)[Symbol.asyncIterator]();
        let current: { firstRow: number; outcomes: StoredOutcome[] } | null = null;
        let row = 0;
        for await (const input of table.rows) {
          while (!current || row >= current.firstRow + current.outcomes.length) {
            const next = await outcomes.next();
            if (next.done) {
              current = { firstRow: Number.MAX_SAFE_INTEGER, outcomes: [] };
              break;
            }
            current = next.value;
          }
          const outcome: StoredOutcome = row >= current.firstRow ? current.outcomes[row - current.firstRow] : ['skipped', notReached];
          await writer.writeRow(input.values, outcome[0], outcome[1]);
          row++;
        }
        await writer.close();
        await stored;
      }
    }
    return folder;
  }
}
