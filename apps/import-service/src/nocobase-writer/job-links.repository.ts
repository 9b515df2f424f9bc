import { Inject, Injectable } from '@nestjs/common';
import type { QualifiedTable } from '@intake/contracts';
import { DataSource } from 'typeorm';

/** Links per page when undoing: bounded memory however many links a job changed. */
const PENDING_PAGE = 5000;

/**
 * One row of a NocoBase link table, by its two key columns: `columns` sorted by name, `keys` their
 * values as text in the same order.
 */
export interface LinkKey {
  table: QualifiedTable;
  columns: readonly [string, string];
  keys: readonly [string, string];
}

/** A link row a batch added or removed; `row` is the whole row as JSON text (what a rollback puts back). */
export interface LinkChange extends LinkKey {
  action: 'add' | 'remove';
  row: string;
}

/** The links of one link table and key column pair that a rollback undoes together. */
export interface LinkGroup {
  table: QualifiedTable;
  columns: readonly [string, string];
}

/**
 * `imports.job_links`: the link rows of belongsToMany fields a job added or removed (see the
 * migration). Written, like the rest of the journal, before the batch's NocoBase transaction
 * commits; a link's first entry wins, so a replayed batch, or a job that changes a link twice,
 * keeps what the link was before the job.
 */
@Injectable()
export class JobLinksRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async record(jobId: string, batchNo: number, changes: readonly LinkChange[]): Promise<void> {
    const groups = new Map<string, LinkChange[]>();
    for (const c of changes) {
      const key = JSON.stringify([c.table.schema, c.table.name, ...c.columns, c.action]);
      const group = groups.get(key);
      if (group) group.push(c);
      else groups.set(key, [c]);
    }
    for (const group of groups.values()) {
      const [{ table, columns, action }] = group;
      await this.dataSource.query(
        `INSERT INTO imports.job_links (job_id, link_schema, link_table, column_a, column_b, action, batch_no, key_a, key_b, link)
         SELECT $1, $2, $3, $4, $5, $6, $7, k.a, k.b, k.link::jsonb FROM unnest($8::text[], $9::text[], $10::text[]) k(a, b, link)
         ON CONFLICT DO NOTHING`,
        [jobId, table.schema, table.name, columns[0], columns[1], action, batchNo, group.map((c) => c.keys[0]), group.map((c) => c.keys[1]), group.map((c) => c.row)],
      );
    }
  }

  /** The link tables (and key columns) with changes left to undo. */
  async groups(jobId: string): Promise<LinkGroup[]> {
    const rows: { link_schema: string; link_table: string; column_a: string; column_b: string }[] = await this.dataSource.query(
      `SELECT DISTINCT link_schema, link_table, column_a, column_b FROM imports.job_links WHERE job_id = $1 AND NOT rolled_back ORDER BY 1, 2, 3, 4`,
      [jobId],
    );
    return rows.map((r) => ({ table: { schema: r.link_schema, name: r.link_table }, columns: [r.column_a, r.column_b] as const }));
  }

  /** A group's links left to undo with this action, a page of link rows (JSON text) at a time. */
  async *pending(jobId: string, group: LinkGroup, action: LinkChange['action']): AsyncGenerator<string[]> {
    let after: [string, string] | [null, null] = [null, null];
    for (;;) {
      const rows: { key_a: string; key_b: string; link: string }[] = await this.dataSource.query(
        `SELECT key_a, key_b, link::text AS link FROM imports.job_links
          WHERE job_id = $1 AND link_schema = $2 AND link_table = $3 AND column_a = $4 AND column_b = $5 AND action = $6 AND NOT rolled_back
            AND ($7::text IS NULL OR (key_a, key_b) > ($7::text, $8::text))
          ORDER BY key_a, key_b LIMIT ${PENDING_PAGE}`,
        [jobId, group.table.schema, group.table.name, group.columns[0], group.columns[1], action, after[0], after[1]],
      );
      if (!rows.length) return;
      yield rows.map((r) => r.link);
      const last = rows[rows.length - 1];
      after = [last.key_a, last.key_b];
    }
  }

  async markRolledBack(jobId: string): Promise<void> {
    await this.dataSource.query(`UPDATE imports.job_links SET rolled_back = true WHERE job_id = $1 AND NOT rolled_back`, [jobId]);
  }
}
