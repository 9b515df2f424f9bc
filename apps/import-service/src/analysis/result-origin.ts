import { Injectable } from '@nestjs/common';
import { type ImportPlan, sheetKeyFields } from '@intake/contracts';
import type { ImportJobEntity } from '../jobs/import-job.entity';
import { ImportJobsRepository } from '../jobs/import-jobs.repository';
import { resultFileSource } from '../run/result-file-names';

/** The import an uploaded result file came from, and what of its plan a new proposal takes over. */
export interface ResultOrigin {
  fileName: string;
  /** The origin's collection for the sheet. */
  collection: string;
  /** Column letter of the new file → field, by position: the result file keeps the original's columns in order. */
  mapping: Record<string, string | null>;
  /** Mode, how cells read, and the sheet's key fields (as the plan's own). */
  options: Omit<ImportPlan, 'sheets'>;
}

/**
 * An Intake result file uploaded again (its failed rows fixed, the usual round trip) is a sheet of an
 * earlier import of the owner's into the same target: the one its name comes from, whose sheet had
 * the same column names in the same order (the most recent such). Its plan was often adjusted by
 * hand (a column's field, upsert and its keys, how dates read), which a fresh proposal would not know.
 */
@Injectable()
export class ResultOrigins {
  constructor(private readonly jobs: ImportJobsRepository) {}

  async find(job: Pick<ImportJobEntity, 'id' | 'ownerId' | 'targetId' | 'originalName'>, columns: readonly { letter: string; name: string }[]): Promise<ResultOrigin | null> {
    const source = resultFileSource(job.originalName);
    if (!source) return null;
    const row = await this.jobs.resultOrigin(job, columns.map((c) => c.name), source);
    const planned = row?.plan.sheets.find((s) => s.sheet === row.sheet);
    if (!row || !planned?.collection) return null;
    const { mode, empty_cells, all_or_nothing, date_order, decimal_mark, time_zone } = row.plan;
    return {
      fileName: row.original_name,
      collection: planned.collection,
      mapping: Object.fromEntries(columns.map((c, i) => [c.letter, planned.mapping[row.letters[i]] ?? null])),
      options: { mode, key_fields: sheetKeyFields(row.plan, planned), empty_cells, all_or_nothing, date_order, decimal_mark, time_zone },
    };
  }
}
