import { Inject, Injectable } from '@nestjs/common';
import { isUniqueViolation } from '@intake/db';
import { DataSource } from 'typeorm';
import type { JournalMark } from './row-decisions';

/** A record a batch inserted, and the row it came from. */
export interface InsertEntry {
  recordId: string;
  rowIndex: number;
  rowNumber: number;
}

interface BatchRow {
  record_ids: string[];
  row_indexes: string[];
  row_numbers: number[];
}

const BIGINT = /^-?\d{1,19}$/;
const ROLLBACK_PAGE = 20;

/**
 * `imports.job_inserts`: the records each batch inserted, one row per batch and collection (see the
 * migration). Written, like the rest of the journal, before the batch's NocoBase transaction commits.
 */
@Injectable()
export class JobInsertsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** A replay of the batch merges into the first attempt's row; a record's first entry wins. */
  async record(jobId: string, collection: string, batchNo: number, entries: readonly InsertEntry[]): Promise<void> {
    if (!entries.length) return;
    try {
      await this.insert(jobId, collection, batchNo, entries);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      await this.merge(jobId, collection, batchNo, entries);
    }
  }

  /**
   * Which of these records the job inserted, and from which row. Only ids inside the job's
   * reservation can be; the others (most key matches of an upsert) are not looked up at all.
   */
  async marks(jobId: string, collection: string, recordIds: readonly string[], range: { first: bigint; last: bigint } | null): Promise<Map<string, JournalMark>> {
    if (!range) return new Map();
    const inRange = (id: string) => BIGINT.test(id) && BigInt(id) >= range.first && BigInt(id) <= range.last;
    const wanted = new Set(recordIds.filter(inRange));
    if (!wanted.size) return new Map();
    // Each id's batch is the one with the greatest first_id at or below it (batches' id ranges do not overlap).
    const rows: BatchRow[] = await this.dataSource.query(
      `SELECT j.record_ids::text[] AS record_ids, j.row_indexes::text[] AS row_indexes, j.row_numbers
         FROM imports.job_inserts j
        WHERE j.job_id = $1 AND j.collection = $2 AND j.batch_no IN (
          SELECT b.batch_no FROM unnest($3::bigint[]) c(id)
            CROSS JOIN LATERAL (SELECT x.batch_no, x.last_id FROM imports.job_inserts x
                                 WHERE x.job_id = $1 AND x.collection = $2 AND x.first_id <= c.id ORDER BY x.first_id DESC LIMIT 1) b
           WHERE b.last_id >= c.id)`,
      [jobId, collection, [...wanted]],
    );
    const marks = new Map<string, JournalMark>();
    for (const row of rows) {
      row.record_ids.forEach((id, i) => {
        if (wanted.has(id)) marks.set(id, { rowIndex: Number(row.row_indexes[i]), rowNumber: row.row_numbers[i] });
      });
    }
    return marks;
  }

  /** Collections the job inserted into and has not rolled back. */
  async collections(jobId: string): Promise<string[]> {
    const rows: { collection: string }[] = await this.dataSource.query(`SELECT DISTINCT collection FROM imports.job_inserts WHERE job_id = $1 AND NOT rolled_back`, [jobId]);
    return rows.map((r) => r.collection);
  }

  /** The ids to delete, a few batches at a time, so a rollback never holds a whole job's ids. */
  async *insertedIds(jobId: string, collection: string): AsyncGenerator<string[]> {
    let after = -1;
    for (;;) {
      const rows: { batch_no: number; record_ids: string[] }[] = await this.dataSource.query(
        `SELECT batch_no, record_ids::text[] AS record_ids FROM imports.job_inserts
          WHERE job_id = $1 AND collection = $2 AND NOT rolled_back AND batch_no > $3 ORDER BY batch_no LIMIT ${ROLLBACK_PAGE}`,
        [jobId, collection, after],
      );
      if (!rows.length) return;
      for (const row of rows) yield row.record_ids;
      after = rows[rows.length - 1].batch_no;
    }
  }

  async markRolledBack(jobId: string): Promise<void> {
    await this.dataSource.query(`UPDATE imports.job_inserts SET rolled_back = true WHERE job_id = $1 AND NOT rolled_back`, [jobId]);
  }

  private insert(jobId: string, collection: string, batchNo: number, entries: readonly InsertEntry[]): Promise<void> {
    return insertBatchRow((sql, params) => this.dataSource.query(sql, params), [jobId, collection, batchNo], entries);
  }

  private async merge(jobId: string, collection: string, batchNo: number, entries: readonly InsertEntry[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [row]: BatchRow[] = await manager.query(
        `SELECT record_ids::text[] AS record_ids, row_indexes::text[] AS row_indexes, row_numbers FROM imports.job_inserts
          WHERE job_id = $1 AND collection = $2 AND batch_no = $3 FOR UPDATE`,
        [jobId, collection, batchNo],
      );
      const known = new Set(row.record_ids);
      const added = entries.filter((e) => !known.has(e.recordId));
      if (!added.length) return;
      const all = [...row.record_ids.map((id, i) => ({ recordId: id, rowIndex: Number(row.row_indexes[i]), rowNumber: row.row_numbers[i] })), ...added];
      await manager.query(`DELETE FROM imports.job_inserts WHERE job_id = $1 AND collection = $2 AND batch_no = $3`, [jobId, collection, batchNo]);
      await insertBatchRow((sql, params) => manager.query(sql, params), [jobId, collection, batchNo], all);
    });
  }
}

async function insertBatchRow(query: (sql: string, params: unknown[]) => Promise<unknown>, key: [string, string, number], entries: readonly InsertEntry[]): Promise<void> {
  const ids = entries.map((e) => BigInt(e.recordId));
  const first = ids.reduce((a, b) => (b < a ? b : a));
  const last = ids.reduce((a, b) => (b > a ? b : a));
  await query(
    `INSERT INTO imports.job_inserts (job_id, collection, batch_no, first_id, last_id, record_ids, row_indexes, row_numbers)
     VALUES ($1, $2, $3, $4, $5, $6::bigint[], $7::bigint[], $8::int[])`,
    [...key, first.toString(), last.toString(), entries.map((e) => e.recordId), entries.map((e) => e.rowIndex), entries.map((e) => e.rowNumber)],
  );
}
