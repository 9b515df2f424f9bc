import { Injectable } from '@nestjs/common';
import type { CollectionDescription } from '@intake/contracts';
import type { PoolClient } from 'pg';
import { NocoBasePools } from '../nocobase/nocobase-pools';
import { qualified, quoteIdent } from '../nocobase/nocobase-names';
import type { NocoBaseConnection } from '../targets/nocobase-target';
import { JobChangesRepository, type RecordedChange } from './job-changes.repository';
import { JobInsertsRepository } from './job-inserts.repository';
import { JobLinksRepository } from './job-links.repository';
import { undoLinkChanges } from './link-rollback';
import { PLANNER_SETTINGS } from './nocobase-batch-writer';
import { unlinkDeleted } from './rollback-links';
import { readTableFacts } from './table-facts';
import { deleteTreePaths, refreshTreePaths, type TreeTable } from './tree-paths';

export interface RollbackRequest {
  jobId: string;
  conn: NocoBaseConnection;
  /** The current description of a collection the job wrote to (CollectionReader.describe). */
  describe(collection: string): Promise<CollectionDescription>;
  /** A collection whose records point at the job's through a one-to-many relation: its keys are cleared as NocoBase would. */
  describeLinked(collection: string): Promise<CollectionDescription>;
}

export interface RollbackResult {
  /** Records the job inserted, deleted now. */
  deleted: number;
  /** Records the job updated, put back to how they were before the job. */
  restored: number;
  /** Records the job updated that someone deleted since: not recreated. */
  missing: number;
  /** References that could not be undone cleanly (records of other collections still pointing at deleted ones…). */
  warnings: string[];
}

/** What a rollback could not put back, as the job's note says it; null when it put back everything. */
export function rollbackNotes(result: RollbackResult): string | null {
  const notes = [result.missing ? `${result.missing} updated record(s) were deleted since and not recreated` : '', ...result.warnings].filter(Boolean);
  return notes.length ? notes.join('; ') : null;
}

/** Statements stay small: the target's pool cancels any statement after ~10 s. */
const CHUNK = 5000;
const q = quoteIdent;

/**
 * Undoes a job in NocoBase from its journal, in one NocoBase transaction: deletes the records it
 * inserted and nobody changed since (with their tree path rows and many-to-many link rows, and clears the foreign keys that
 * pointed at them where the relation says SET NULL), and writes the before-images back into the
 * columns it changed of the records it updated — the first before-image, so a record updated twice
 * gets its state from before the job. Before all that, many-to-many links the job added are
 * removed and those it removed put back (see undoLinkChanges). Idempotent: the journal is marked
 * after NocoBase commits; a second call finds nothing left and returns zeros, and a call repeated
 * after a crash between the two deletes nothing twice and writes the same before-images again.
 * Jobs that touched the same records should be rolled back newest first.
 */
@Injectable()
export class JobRollback {
  constructor(
    private readonly pools: NocoBasePools,
    private readonly journal: JobChangesRepository,
    private readonly inserts: JobInsertsRepository,
    private readonly links: JobLinksRepository,
  ) {}

  async rollbackJob({ jobId, conn, describe, describeLinked }: RollbackRequest): Promise<RollbackResult> {
    const result: RollbackResult = { deleted: 0, restored: 0, missing: 0, warnings: [] };
    const collections = [...new Set([...(await this.inserts.collections(jobId)), ...(await this.journal.collections(jobId))])].sort();
    const linkGroups = await this.links.groups(jobId);
    if (!collections.length && !linkGroups.length) return result;
    const descriptions = await Promise.all(collections.map((name) => describe(name)));
    const kept = new Map<string, number>();
    await this.pools.withClient(conn, async (client) => {
      await client.query('BEGIN');
      try {
        await client.query(PLANNER_SETTINGS);
        for (const group of linkGroups) {
          const lost = await undoLinkChanges(client, group, this.links.pending(jobId, group, 'add'), this.links.pending(jobId, group, 'remove'));
          if (lost) kept.set(`link changes in ${group.table.name}, a link table that no longer exists, were not undone`, lost);
        }
        for (const d of descriptions) await this.undoCollection(client, jobId, d, describeLinked, result, kept);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
    result.warnings = [...kept].map(([what, count]) => `${count} ${what}`);
    await this.inserts.markRolledBack(jobId);
    await this.journal.markRolledBack(jobId);
    await this.links.markRolledBack(jobId);
    return result;
  }

  private async undoCollection(
    client: PoolClient,
    jobId: string,
    d: CollectionDescription,
    describeLinked: RollbackRequest['describeLinked'],
    result: RollbackResult,
    kept: Map<string, number>,
  ): Promise<void> {
    const table = qualified(d.table.schema, d.table.name);
    await client.query(`LOCK TABLE ${table} IN SHARE ROW EXCLUSIVE MODE`);
    const facts = await readTableFacts(client, d);
    const pk = d.primary_key.columns[0];
    const pkType = facts.columnTypes[pk] ?? 'bigint';
    const tree: TreeTable | null = facts.pathColumns ? { description: d, pk, pkType, pathColumns: facts.pathColumns } : null;
    // The job gave a record it inserted one time for both (see insertStatement); an edit since (in
    // NocoBase, by a later import) moved updatedAt on: that record keeps the edit, as an updated one does.
    const { created_at: createdAt, updated_at: updatedAt } = d.audit;
    const unedited = createdAt && updatedAt && createdAt in facts.columnTypes && updatedAt in facts.columnTypes ? ` AND ${q(updatedAt)} IS NOT DISTINCT FROM ${q(createdAt)}` : '';
    const deleteSome = async (ids: string[]) => {
      for (const part of chunks(ids)) {
        const { rows } = await client.query<{ id: string }>(`DELETE FROM ${table} WHERE ${q(pk)} = ANY($1::${pkType}[])${unedited} RETURNING ${q(pk)}::text AS id`, [part]);
        const deleted = rows.map((r) => r.id);
        result.deleted += deleted.length;
        if (unedited && deleted.length < part.length) {
          const [{ n }] = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${q(pk)} = ANY($1::${pkType}[])`, [part])).rows;
          const what = `inserted ${d.title} record(s) were changed after the import (in NocoBase, or by a later import) and are kept`;
          if (n) kept.set(what, (kept.get(what) ?? 0) + n);
        }
        if (tree) await deleteTreePaths(client, tree, deleted);
        for (const link of await unlinkDeleted(client, d, deleted, pkType, describeLinked, tree)) kept.set(link.what, (kept.get(link.what) ?? 0) + link.count);
      }
    };
    for await (const ids of this.inserts.insertedIds(jobId, d.name)) await deleteSome(ids);
    for await (const page of this.journal.pending(jobId, d.name, 'insert')) await deleteSome(page.map((c) => c.recordId));
    for await (const page of this.journal.pending(jobId, d.name, 'update')) {
      const restored = await restoreBeforeImages(client, d, pk, facts.columnTypes, page, result, kept);
      if (tree && d.tree?.parent_column) await refreshTreePaths(client, tree, restored);
    }
  }
}

/**
 * before-images back into the columns the job changed; grouped by column set, CHUNK records per
 * statement. Only into records still as the job left them, by the updatedAt its batch gave them: a
 * record changed since (in NocoBase, by a later import) keeps that change, and the job's notes say
 * how many. Without an updatedAt column, or for batches written before their time was kept, every
 * record gets its old values back.
 */
async function restoreBeforeImages(
  client: PoolClient,
  d: CollectionDescription,
  pk: string,
  columnTypes: Record<string, string>,
  updates: RecordedChange[],
  result: RollbackResult,
  kept: Map<string, number>,
): Promise<string[]> {
  const table = qualified(d.table.schema, d.table.name);
  const groups = new Map<string, RecordedChange[]>();
  for (const u of updates) groups.set(JSON.stringify(u.columns ?? []), [...(groups.get(JSON.stringify(u.columns ?? [])) ?? []), u]);
  const restored: string[] = [];
  for (const [key, group] of groups) {
    const changed = (JSON.parse(key) as string[]).filter((c) => c !== pk);
    const columns = changed.filter((c) => c in columnTypes);
    // Renamed or dropped since: nothing to write the old values into, which the job's notes say.
    const gone = changed.filter((c) => !(c in columnTypes));
    if (gone.length) {
      const what = `updated ${d.title} records kept their values in ${gone.map((c) => `'${c}'`).join(', ')}: the column no longer exists`;
      kept.set(what, (kept.get(what) ?? 0) + group.length);
    }
    if (!columns.length) continue;
    const updatedAt = d.audit.updated_at && d.audit.updated_at in columnTypes ? d.audit.updated_at : null;
    // As the write cast its time into the column, so a timestamp without zone (or of another precision) compares alike.
    // Already back as it was (a rollback repeated after a crash) is as good as untouched.
    const at = updatedAt && `t.${q(updatedAt)}`;
    const untouched = at ? `AND (w.at IS NULL OR ${at} = ANY(w.at::${columnTypes[updatedAt as string]}[]) OR ${at} IS NOT DISTINCT FROM r.${q(updatedAt as string)})` : '';
    for (const part of chunks(group)) {
      const images = `[${part.map((u) => u.before).join(',')}]`;
      const { rows } = await client.query<{ id: string }>(
        `UPDATE ${table} t SET ${columns.map((c) => `${q(c)} = r.${q(c)}`).join(', ')}
           FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) r JOIN jsonb_to_recordset($2::jsonb) w(id text, at timestamptz[]) ON w.id = r.${q(pk)}::text
          WHERE t.${q(pk)} = r.${q(pk)} ${untouched} RETURNING t.${q(pk)}::text AS id`,
        [images, JSON.stringify(part.map((u) => ({ id: u.recordId, at: u.writtenAt })))],
      );
      restored.push(...rows.map((r) => r.id));
      result.restored += rows.length;
      const back = new Set(rows.map((r) => r.id));
      const left = part.filter((u) => !back.has(u.recordId));
      // A batch that never committed wrote nothing: its records are as they were, not changed since.
      const there = new Set(left.length ? (await client.query<{ id: string }>(`SELECT ${q(pk)}::text AS id FROM ${table} WHERE ${q(pk)} = ANY($1::${columnTypes[pk] ?? 'bigint'}[])`, [left.map((u) => u.recordId)])).rows.map((r) => r.id) : []);
      result.missing += left.filter((u) => !there.has(u.recordId)).length;
      const changed = left.filter((u) => there.has(u.recordId) && u.committed).length;
      if (changed) {
        const what = `updated ${d.title} record(s) were changed after the import (in NocoBase, or by a later import) and keep those changes`;
        kept.set(what, (kept.get(what) ?? 0) + changed);
      }
    }
  }
  return restored;
}

function* chunks<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += CHUNK) yield items.slice(i, i + CHUNK);
}
