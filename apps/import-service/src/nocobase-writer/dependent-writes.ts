import type { PoolClient } from 'pg';
import { quoteIdent } from '../nocobase/nocobase-names';
import { failActions, ROW, STAGE, type StagedRow } from './batch-stage';
import { executeWrites } from './batch-execution';
import { newlyFailed, type Repoint, settleDependencies } from './row-dependencies';
import type { Decision } from './row-decisions';
import type { WritePlan } from './write-plan';
import type { RowDependency } from './writer-types';

/** The batch's dependencies by the depending row's index, with what messages call the collection. */
export interface BatchDependencies {
  byRow: ReadonlyMap<number, readonly RowDependency[]>;
  title: string;
}

const writes = (d: Decision): boolean => d.action === 'insert' || d.action === 'update';

/**
 * Points repointed values at the records their rows update: in the staged rows (belongsToMany
 * lists, which link-writes reads) and in the stage table (belongsTo foreign keys), one UPDATE per field.
 */
export async function repointStaged(client: PoolClient, plan: WritePlan, repoints: readonly Repoint[], staged: StagedRow[]): Promise<void> {
  if (!repoints.length) return;
  const byIndex = new Map(staged.map((r) => [r.rowIndex, r]));
  for (const { rowIndex, field, from, to } of repoints) {
    const row = byIndex.get(rowIndex);
    if (!row) continue;
    const value = row.values[field];
    row.values = { ...row.values, [field]: Array.isArray(value) ? [...new Set(value.map((v) => (v === from ? to : v)))] : to };
  }
  for (const field of new Set(repoints.map((r) => r.field))) {
    const column = plan.columns.find((c) => c.field.name === field)?.column;
    if (!column) continue;
    const mine = repoints.filter((r) => r.field === field);
    await client.query(
      `UPDATE ${STAGE} SET ${quoteIdent(column)} = v.id::${plan.columnTypes[column] ?? 'bigint'} FROM unnest($1::bigint[], $2::text[]) v(row, id) WHERE ${STAGE}.${ROW} = v.row`,
      [mine.map((r) => r.rowIndex), mine.map((r) => r.to)],
    );
  }
}

/** Settles the dependencies again after more rows failed, and takes the rows that now fail out of the write. */
export async function failDependents(client: PoolClient, decisions: readonly Decision[], dependencies: BatchDependencies): Promise<Decision[]> {
  if (!dependencies.byRow.size) return [...decisions];
  const { decisions: settled } = settleDependencies(decisions, dependencies.byRow, dependencies.title);
  await failActions(client, newlyFailed(decisions, settled).map((d) => d.rowIndex));
  return settled;
}

/**
 * executeWrites, when rows of the batch depend on others: a row PostgreSQL refuses may be one whose
 * record later rows link to, and those rows are written by the same statements. Then everything is
 * rolled back to before the writes, the refused rows and their dependents are taken out, and the
 * writes run again (PostgreSQL refusing rows is rare, so rarely more than once; each round takes at
 * least one row out). Returns every failed row's message, the dependents' included.
 */
export async function executeSettledWrites(client: PoolClient, plan: WritePlan, decisions: readonly Decision[], dependencies: BatchDependencies): Promise<Map<number, string>> {
  if (!dependencies.byRow.size) return executeWrites(client, plan, decisions.filter(writes));
  const failed = new Map<number, string>();
  await client.query('SAVEPOINT intake_dependents');
  for (;;) {
    const refused = await executeWrites(client, plan, decisions.filter((d) => writes(d) && !failed.has(d.rowIndex)));
    refused.forEach((message, rowIndex) => failed.set(rowIndex, message));
    const marked = decisions.map((d): Decision => (failed.has(d.rowIndex) && writes(d) ? { ...d, action: 'fail', recordId: null, error: failed.get(d.rowIndex) } : d));
    const cascaded = newlyFailed(marked, settleDependencies(marked, dependencies.byRow, dependencies.title).decisions);
    if (!cascaded.length) {
      await client.query('RELEASE SAVEPOINT intake_dependents');
      return failed;
    }
    for (const d of cascaded) failed.set(d.rowIndex, d.error as string);
    await client.query('ROLLBACK TO SAVEPOINT intake_dependents');
    await failActions(client, [...failed.keys()]);
  }
}
