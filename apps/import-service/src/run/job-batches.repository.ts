import { Inject, Injectable } from '@nestjs/common';
import type { ImportProgress } from '@intake/contracts';
import { DataSource } from 'typeorm';
import type { JobCheckpoint } from '../jobs/import-job.entity';
import type { RowStatus } from '../nocobase-writer/writer-types';

/** A row's fate, compactly: [status, error?], and a failed row's number in the file (batches stored before it was kept have none). */
export type StoredOutcome = [status: RowStatus, error?: string, rowNumber?: number];

export interface CommittedBatch {
  jobId: string;
  batchNo: number;
  sheetIndex: number;
  firstRow: number;
  outcomes: StoredOutcome[];
  checkpoint: JobCheckpoint;
  progress: ImportProgress;
}

@Injectable()
export class JobBatchesRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * The batch's outcomes, the checkpoint after it and the progress counters, in one transaction.
   * Answers whether a cancel has been asked for meanwhile, so the runner needs no extra read.
   */
  async commit(batch: CommittedBatch): Promise<{ cancelRequested: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO imports.job_batches (job_id, batch_no, sheet_index, first_row, outcomes) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (job_id, batch_no) DO UPDATE SET outcomes = EXCLUDED.outcomes, sheet_index = EXCLUDED.sheet_index, first_row = EXCLUDED.first_row`,
        [batch.jobId, batch.batchNo, batch.sheetIndex, batch.firstRow, JSON.stringify(batch.outcomes)],
      );
      const [rows]: [{ cancel_requested: boolean }[]] = await manager.query(
        `UPDATE imports.import_jobs SET checkpoint = $2, progress = $3, updated_at = now() WHERE id = $1 RETURNING cancel_requested`,
        [batch.jobId, JSON.stringify(batch.checkpoint), JSON.stringify(batch.progress)],
      );
      return { cancelRequested: rows[0]?.cancel_requested ?? false };
    });
  }

  /** The error of the job's first failed row, in batch order; null when none failed. */
  async firstFailure(jobId: string): Promise<string | null> {
    const rows: { error: string | null }[] = await this.dataSource.query(
      `SELECT o->>1 AS error FROM imports.job_batches b, jsonb_array_elements(b.outcomes) WITH ORDINALITY AS e(o, n)
       WHERE b.job_id = $1 AND o->>0 = 'failed' ORDER BY b.batch_no, e.n LIMIT 1`,
      [jobId],
    );
    return rows.length ? (rows[0].error ?? 'a row failed') : null;
  }

  /**
   * A page of the job's failed rows, sheet by sheet in file order (the run may take sheets in
   * another order); how many failed in all is the job's progress, counted from the same outcomes.
   */
  async failures(jobId: string, limit: number, offset: number): Promise<{ sheetIndex: number; row: number | null; error: string }[]> {
    const rows: { sheet_index: number; row: number | null; error: string | null }[] = await this.dataSource.query(
      `SELECT b.sheet_index, (o->>2)::int AS row, o->>1 AS error
       FROM imports.job_batches b, jsonb_array_elements(b.outcomes) WITH ORDINALITY AS e(o, n)
       WHERE b.job_id = $1 AND o->>0 = 'failed' ORDER BY b.sheet_index, b.first_row, e.n LIMIT $2 OFFSET $3`,
      [jobId, limit, offset],
    );
    return rows.map((r) => ({ sheetIndex: r.sheet_index, row: r.row, error: r.error ?? 'a row failed' }));
  }

  /** A sheet's batches in row order, one at a time, so the result file never holds them all. */
  async *outcomes(jobId: string, sheetIndex: number): AsyncGenerator<{ firstRow: number; outcomes: StoredOutcome[] }> {
    let after = -1;
    for (;;) {
      const rows: { first_row: number; outcomes: StoredOutcome[] }[] = await this.dataSource.query(
        `SELECT first_row, outcomes FROM imports.job_batches WHERE job_id = $1 AND sheet_index = $2 AND first_row > $3 ORDER BY first_row LIMIT 20`,
        [jobId, sheetIndex, after],
      );
      if (!rows.length) return;
      for (const row of rows) yield { firstRow: row.first_row, outcomes: row.outcomes };
      after = rows[rows.length - 1].first_row;
    }
  }
}
