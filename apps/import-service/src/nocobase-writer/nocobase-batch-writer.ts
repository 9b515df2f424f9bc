import { Injectable } from '@nestjs/common';
import { AppError, type CollectionDescription } from '@intake/contracts';
import type { PoolClient } from 'pg';
import { NocoBasePools } from '../nocobase/nocobase-pools';
import { qualified, quoteIdent } from '../nocobase/nocobase-names';
import type { NocoBaseConnection } from '../targets/nocobase-target';
import { canInsertDirectly, insertDirectly } from './direct-insert';
import { createStage, failActions, loadStage, ROW, setActions, STAGE, type StagedRow } from './batch-stage';
import { type BatchDependencies, executeSettledWrites, failDependents, repointStaged } from './dependent-writes';
import { findExistingRecords, idsMet } from './existing-records';
import { type ChangeEntry, JobChangesRepository } from './job-changes.repository';
import { type InsertEntry, JobInsertsRepository } from './job-inserts.repository';
import { JobLinksRepository } from './job-links.repository';
import { writeLinks } from './link-writes';
import { reservedIdFor, type ReservedIds, reservedRange } from './reserved-ids';
import { settleDependencies } from './row-dependencies';
import { type Decision, decideRows } from './row-decisions';
import { readTableFacts } from './table-facts';
import { newNodeAnchors, refreshTreePaths, rowsMakingCycles } from './tree-paths';
import { buildWritePlan, type WritePlan } from './write-plan';
import { NOW } from './write-statements';
import { modeInserts, type RowOutcome, type WriteMode, type WriteRow } from './writer-types';

export interface WriteBatchRequest {
  jobId: string;
  /** The job's batch counter; journal rows are grouped by it. A replay passes the same number. */
  batchNo: number;
  /** The target: its database, acting user (createdById/updatedById) and, through `ids`, its worker id. */
  conn: NocoBaseConnection;
  description: CollectionDescription;
  /** From IdReservations.reserve; may be null in update mode, which never creates records. */
  ids: ReservedIds | null;
  mode: WriteMode;
  keyFields: readonly string[];
  /** Whether an empty cell leaves an updated record's field as it is (keep) or empties it (clear). */
  emptyCells: 'keep' | 'clear';
  /** Converted rows with relations resolved; all with the same fields. Up to ~10,000 per batch. */
  rows: readonly WriteRow[];
  /** How a message names an earlier row of the job (DecisionInput.rowName). */
  rowName?: (rowIndex: number, rowNumber: number) => string;
}

/**
 * Writes one batch of rows into a NocoBase collection in one NocoBase transaction, and returns one
 * outcome per row, in the rows' order. A bad row fails alone; the batch fails (throws) only when
 * the database does (connection, timeout, deadlock), and can then simply be called again.
 *
 * Idempotent: calling it again with the same rows — after a success, or after a crash at any point —
 * creates nothing twice and returns the same outcomes. A row that inserted is recognised by its
 * reserved id and its journal entry ('inserted' again); a row that updated updates again with the
 * same values (the journal keeps the first before-image). belongsToMany links are added only where
 * missing and journaled by link, first entry kept, so a replay adds none twice. A row that names the
 * record an earlier row of the batch creates (WriteRow.dependsOn) is checked once the decisions are
 * known, inside the transaction (row-dependencies.ts): the same rows reach the same decisions, so a
 * replay reaches the same outcomes, and after a committed attempt the resolver finds those records
 * in the table and gives the same ids.
 *
 * While the batch runs, the table is locked in SHARE ROW EXCLUSIVE mode: NocoBase can read it but its
 * own writes to that table wait (typically well under a second for 10,000 rows), which makes the
 * uniqueness checks and sort values race-free.
 */
@Injectable()
export class NocoBaseBatchWriter {
  constructor(
    private readonly pools: NocoBasePools,
    private readonly journal: JobChangesRepository,
    private readonly inserts: JobInsertsRepository,
    private readonly links: JobLinksRepository,
  ) {}

  async writeBatch(request: WriteBatchRequest): Promise<RowOutcome[]> {
    const { rows, mode, ids } = request;
    if (!rows.length) return [];
    if (modeInserts(mode) && !ids) throw new Error(`Mode ${mode} creates records: reserve ids for job ${request.jobId} first`);
    const fields = sameFields(rows);
    const inserts = ids !== null && modeInserts(mode);
    const staged: StagedRow[] = rows.map((r) => ({ rowIndex: r.rowIndex, rowNumber: r.rowNumber, values: r.values, newId: inserts ? reservedIdFor(ids, r.rowIndex) : null }));
    const dependencies: BatchDependencies = { byRow: new Map(rows.flatMap((r) => (r.dependsOn?.length ? [[r.rowIndex, r.dependsOn]] : []))), title: request.description.title };
    const decided = await this.pools.withClient(request.conn, async (client) => {
      await client.query('BEGIN');
      try {
        // The time the transaction gives updatedAt (NOW in write-statements.ts), kept before it commits: a rollback checks a record still has it.
        const { rows } = await client.query<{ at: string }>(`SELECT to_char(${NOW} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at`);
        await this.journal.recordWriteTime(request.jobId, request.description.name, request.batchNo, rows[0].at).catch(journalError);
        const result = await this.write(client, request, fields, staged, dependencies);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
    await this.journal.markCommitted(request.jobId, request.description.name, request.batchNo);
    const byRow = new Map(decided.map((d) => [d.rowIndex, d]));
    return rows.map((r) => toOutcome(byRow.get(r.rowIndex) as Decision));
  }

  private async write(client: PoolClient, request: WriteBatchRequest, fields: string[], staged: StagedRow[], dependencies: BatchDependencies): Promise<Decision[]> {
    const { description: d, mode, jobId } = request;
    await client.query(`LOCK TABLE ${qualified(d.table.schema, d.table.name)} IN SHARE ROW EXCLUSIVE MODE`);
    await client.query(PLANNER_SETTINGS);
    const plan = buildWritePlan(d, fields, request.keyFields, request.conn.acting_user_id, await readTableFacts(client, d), request.emptyCells === 'keep');
    // The direct COPY writes every row it decided at once: no room to check dependencies first.
    if (mode === 'insert' && canInsertDirectly(plan) && !dependencies.byRow.size) {
      const direct = await insertDirectly(client, plan, staged);
      if (direct) {
        await this.inserts.record(jobId, d.name, request.batchNo, insertEntries(direct)).catch(journalError);
        return direct;
      }
    }
    await createStage(client, plan);
    const refused = await loadStage(client, plan, staged);
    // Statistics for the planner: without them it guesses the temp table's size and may pick nested
    // loops over big tables. Only the columns the lookups join on: all columns of 10,000 rows took
    // 18–34 ms here, these two or three 5–8 ms.
    await client.query(`ANALYZE ${STAGE} (${[ROW, ...new Set([...plan.keys, ...plan.uniques].map((c) => quoteIdent(c.column)))].join(', ')})`);
    const loaded = staged.filter((r) => !refused.has(r.rowIndex));
    const newIds = new Map(loaded.filter((r) => r.newId !== null).map((r) => [r.newId as string, r.rowIndex]));
    const existing = await findExistingRecords(client, plan, mode === 'upsert' || mode === 'update', newIds);
    const ownIds = loaded.filter((r) => r.newId !== null && existing.ownIdTaken.has(r.rowIndex)).map((r) => r.newId as string);
    const met = idsMet(existing, ownIds);
    const [updated, inserted] = await Promise.all([this.journal.marks(jobId, d.name, met), this.inserts.marks(jobId, d.name, met, request.ids ? reservedRange(request.ids) : null)]).catch(journalError);
    const marks = new Map([...updated, ...inserted]);
    const required = plan.columns.filter((c) => c.field.required).map((c) => c.field);
    const decided = decideRows({ rows: loaded, mode, keys: plan.keys.map((k) => k.field), uniques: plan.uniques.map((u) => u.field), required, existing, journal: marks, rowName: request.rowName });
    const settled = settleDependencies(decided, dependencies.byRow, dependencies.title);
    await repointStaged(client, plan, settled.repoints, staged);
    await setActions(client, settled.decisions.filter(writes).map((x) => ({ rowIndex: x.rowIndex, action: x.action, targetId: x.recordId })));
    const decisions = await failDependents(client, await this.failCycles(client, plan, settled.decisions, staged), dependencies);
    // The journal goes to our database on its own connection while NocoBase's runs the writes; both
    // finish before the NocoBase transaction commits, so no change is ever without its journal entry.
    const journaled = this.journal.record(jobId, d.name, request.batchNo, restorableColumns(plan), updateEntries(decisions, existing.images));
    journaled.catch(() => undefined);
    const failed = await executeSettledWrites(client, plan, decisions, dependencies);
    const { replayed } = await journaled.catch(journalError);
    const final = decisions.map((x): Decision => (failed.has(x.rowIndex) ? { ...x, action: 'fail', recordId: null, error: failed.get(x.rowIndex) } : x));
    // Entries of rows PostgreSQL refused are ours to drop, unless an earlier attempt wrote them first.
    const refusedIds = decisions.filter((x) => failed.has(x.rowIndex) && x.recordId !== null).map((x) => x.recordId as string);
    if (!replayed) await this.journal.forget(jobId, d.name, request.batchNo, refusedIds).catch(journalError);
    await this.inserts.record(jobId, d.name, request.batchNo, insertEntries(final)).catch(journalError);
    const linkChanges = await writeLinks(client, plan, final, staged);
    await this.links.record(jobId, request.batchNo, linkChanges).catch(journalError);
    await this.refreshPaths(client, plan, final);
    const refusedDecisions = staged
      .filter((r) => refused.has(r.rowIndex))
      .map((r): Decision => ({ rowIndex: r.rowIndex, rowNumber: r.rowNumber, action: 'fail', recordId: null, error: `row ${r.rowNumber}: ${refused.get(r.rowIndex)}` }));
    return [...final, ...refusedDecisions];
  }

  /** A moved tree node must not become its own ancestor, not even through new nodes of this batch. */
  private async failCycles(client: PoolClient, plan: WritePlan, decisions: Decision[], staged: readonly StagedRow[]): Promise<Decision[]> {
    const parentField = plan.columns.find((c) => c.column === plan.parentColumn)?.field.name;
    if (!plan.parentColumn || !plan.pathColumns || !parentField) return decisions;
    const byIndex = new Map(staged.map((r) => [r.rowIndex, r]));
    const parentOf = (x: Decision) => {
      const parent = byIndex.get(x.rowIndex)?.values[parentField];
      return parent === null || parent === undefined ? null : String(parent);
    };
    const anchors = newNodeAnchors(decisions.filter((x) => x.action === 'insert').map((x) => ({ recordId: x.recordId as string, parent: parentOf(x) })));
    const cycles = new Set(await rowsMakingCycles(client, treeOf(plan), plan.parentColumn, anchors));
    if (!cycles.size) return decisions;
    await failActions(client, [...cycles]);
    return decisions.map((x) => (cycles.has(x.rowIndex) ? { ...x, action: 'fail', recordId: null, error: `row ${x.rowNumber}: the new parent is this record itself or one of its descendants` } : x));
  }

  private async refreshPaths(client: PoolClient, plan: WritePlan, decisions: Decision[]): Promise<void> {
    if (!plan.pathColumns) return;
    const moved = decisions.filter((x) => x.action === 'insert' || (x.action === 'update' && plan.parentColumn !== null));
    await refreshTreePaths(client, treeOf(plan), moved.map((x) => x.recordId as string));
  }
}

/**
 * The batch probes a large table with 10,000 keys. With PostgreSQL's default random_page_cost (4,
 * made for uncached spinning disks) the planner prefers hash joins over full scans of the table, 5×
 * slower at a million rows than index probes into a table that is in memory. Only this transaction.
 */
export const PLANNER_SETTINGS = 'SET LOCAL random_page_cost = 1.1';

/**
 * Our own database failed inside the NocoBase transaction (which then rolls back): say so, rather
 * than let the target's pool report it as the NocoBase database being unusable.
 */
function journalError(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  throw new AppError('SERVICE_UNAVAILABLE', `The import journal could not be written, so the batch was not committed: ${message}`);
}

const writes = (d: Decision): boolean => d.action === 'insert' || d.action === 'update';

function treeOf(plan: WritePlan) {
  return { description: plan.description, pk: plan.pk, pkType: plan.pkType, pathColumns: plan.pathColumns as NonNullable<WritePlan['pathColumns']> };
}

/** Every row must carry the same fields: a missing one would silently become NULL in an update. */
function sameFields(rows: readonly WriteRow[]): string[] {
  const fields = Object.keys(rows[0].values).sort();
  const known = new Set(fields);
  const differs = (values: Record<string, unknown>): boolean => {
    let count = 0;
    for (const name in values) if (!known.has(name) || ++count > fields.length) return true;
    return count !== fields.length;
  };
  const odd = rows.find((r) => differs(r.values));
  if (odd) throw new Error(`Row ${odd.rowNumber} has fields ${Object.keys(odd.values).join(', ')}; the batch has ${fields.join(', ')}`);
  return fields;
}

/** The columns an update of this plan changes: what a rollback puts back. */
function restorableColumns(plan: WritePlan): string[] {
  const { audit } = plan.description;
  const columns = [...plan.columns.map((c) => c.column).filter((c) => c !== plan.pk), audit.updated_at, audit.updated_by_id, ...plan.sorts.map((s) => s.column)];
  return [...new Set(columns.filter((c): c is string => c !== null))];
}

/**
 * Updates with their before-images (the slow part of the journal, written while NocoBase works),
 * and the records found unchanged, so later batches know an earlier row had them.
 */
function updateEntries(decisions: readonly Decision[], befores: ReadonlyMap<string, string>): ChangeEntry[] {
  const entry = (x: Decision, action: 'update' | 'unchanged', before: string | null): ChangeEntry => ({ recordId: x.recordId as string, action, before, rowNumber: x.rowNumber, rowIndex: x.rowIndex });
  return decisions.flatMap((x) => {
    if (x.action === 'unchanged') return [entry(x, 'unchanged', null)];
    const before = x.action === 'update' ? befores.get(x.recordId as string) : undefined;
    return before === undefined ? [] : [entry(x, 'update', before)];
  });
}

function insertEntries(decisions: readonly Decision[]): InsertEntry[] {
  return decisions.filter((x) => x.action === 'insert').map((x) => ({ recordId: x.recordId as string, rowIndex: x.rowIndex, rowNumber: x.rowNumber }));
}

function toOutcome(d: Decision): RowOutcome {
  const recordId = d.recordId ?? undefined;
  switch (d.action) {
    case 'insert':
    case 'done':
      return { rowNumber: d.rowNumber, status: 'inserted', recordId };
    case 'update':
      return { rowNumber: d.rowNumber, status: 'updated', recordId };
    case 'unchanged':
      return { rowNumber: d.rowNumber, status: 'unchanged', recordId };
    case 'skip':
      return { rowNumber: d.rowNumber, status: 'skipped', recordId };
    case 'fail':
      return { rowNumber: d.rowNumber, status: 'failed', error: d.error };
  }
}
