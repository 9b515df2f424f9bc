import type { PoolClient } from 'pg';
import { qualified, quoteIdent } from '../nocobase/nocobase-names';
import type { StagedRow } from './batch-stage';
import { copyLines, copyValue } from './copy-text';
import { isRowDataError } from './pg-row-errors';
import { type Decision, decideRows } from './row-decisions';
import type { WritePlan } from './write-plan';
import type { DbValue } from './writer-types';

const NO_RECORDS = { ownIdTaken: new Set<number>(), keyMatches: new Map(), unchanged: new Set<number>(), uniqueHolders: new Map(), images: new Map() };

/**
 * Whether an insert batch may go straight into the table with COPY, leaving the checks against the
 * table to its indexes: every key and unique field has a unique index of its own (so a clash is an
 * error, never a silent duplicate), no sort value depends on a scope the file fills, the
 * collection is not a tree (its path table is written from the batch's records), and no
 * belongsToMany field is mapped (its link rows are written by the staged path only).
 */
export function canInsertDirectly(plan: WritePlan): boolean {
  const unique = new Set(plan.uniqueIndexes.map((columns) => columns.join('\u0000')));
  const guarded = (columns: string[]) => unique.has([...columns].sort().join('\u0000'));
  if (plan.keys.length && !guarded(plan.keys.map((k) => k.column))) return false;
  if (plan.uniques.some((u) => !guarded([u.column]))) return false;
  return !plan.links.length && !plan.pathColumns && !plan.parentColumn && plan.sorts.every((s) => !s.scopeMapped);
}

/**
 * The common case of an insert batch, at close to COPY's own speed: the rows' duplicates among
 * themselves are found here, then the new records are COPYed into the table in a savepoint. When
 * the table refuses anything (a value the table already holds, a reserved id taken by an earlier
 * attempt of this batch, a value too long), nothing of it stays and the answer is null: the batch
 * then takes the staged path, which explains every row.
 */
export async function insertDirectly(client: PoolClient, plan: WritePlan, rows: readonly StagedRow[]): Promise<Decision[] | null> {
  const decisions = decideRows({ rows, mode: 'insert', keys: plan.keys.map((k) => k.field), uniques: plan.uniques.map((u) => u.field), existing: NO_RECORDS, journal: new Map() });
  const byIndex = new Map(rows.map((r) => [r.rowIndex, r]));
  const inserted = decisions.filter((d) => d.action === 'insert').map((d) => byIndex.get(d.rowIndex) as StagedRow);
  if (!inserted.length) return decisions;
  const columns = await directColumns(client, plan);
  await client.query('SAVEPOINT intake_direct');
  try {
    await copyLines(client, qualified(plan.description.table.schema, plan.description.table.name), columns.map((c) => quoteIdent(c.column)), linesOf(columns, inserted));
    await client.query('RELEASE SAVEPOINT intake_direct');
    return decisions;
  } catch (error) {
    if (!isRowDataError(error)) throw error;
    await client.query('ROLLBACK TO SAVEPOINT intake_direct');
    return null;
  }
}

/** A column of the COPY and its value for the n-th new record of the batch (n from 1). */
interface DirectColumn {
  column: string;
  value: (row: StagedRow, n: number) => DbValue;
  /** The COPY text of a value that is the same for every row (audit columns, defaults), made once. */
  text?: string;
}

/** The same columns and values as insertStatement, computed here instead of in SQL. */
async function directColumns(client: PoolClient, plan: WritePlan): Promise<DirectColumn[]> {
  const { audit, table } = plan.description;
  const columns: DirectColumn[] = [];
  const add = (column: string | null, value: DirectColumn['value']) => {
    if (column && !columns.some((c) => c.column === column)) columns.push({ column, value });
  };
  const same = (column: string | null, value: DbValue) => {
    if (column && !columns.some((c) => c.column === column)) columns.push({ column, value: () => value, text: copyValue(value) });
  };
  const now = await transactionNow(client, plan, [audit.created_at, audit.updated_at]);
  add(plan.pk, (row) => row.newId);
  same(audit.created_at, now.get(audit.created_at as string) ?? null);
  same(audit.updated_at, now.get(audit.updated_at as string) ?? null);
  same(audit.created_by_id, plan.actingUserId);
  same(audit.updated_by_id, plan.actingUserId);
  for (const sort of plan.sorts) {
    const { rows } = await client.query<{ base: string }>(`SELECT COALESCE(max(${quoteIdent(sort.column)}), 0)::text AS base FROM ${qualified(table.schema, table.name)}`);
    const base = Number(rows[0].base);
    const name = plan.columns.find((c) => c.column === sort.column)?.field.name;
    add(sort.column, (row, n) => (name !== undefined && row.values[name] !== null && row.values[name] !== undefined ? row.values[name] : base + n));
  }
  for (const c of plan.columns) add(c.column, (row) => row.values[c.field.name]);
  for (const d of plan.defaults) same(d.column, d.value);
  return columns;
}

/** now() as insertStatement writes it (milliseconds), printed by PostgreSQL in each audit column's own type. */
async function transactionNow(client: PoolClient, plan: WritePlan, columns: (string | null)[]): Promise<Map<string, string>> {
  const wanted = columns.filter((c): c is string => c !== null);
  if (!wanted.length) return new Map();
  const select = wanted.map((c, i) => `date_trunc('milliseconds', now())::${plan.columnTypes[c] ?? 'timestamptz'}::text AS c${i}`).join(', ');
  const { rows } = await client.query<Record<string, string>>(`SELECT ${select}`);
  return new Map(wanted.map((c, i) => [c, rows[0][`c${i}`]]));
}

/** The rows' COPY lines, about 64 KB at a time (one generator step per chunk, not per row). */
function* linesOf(columns: readonly DirectColumn[], rows: readonly StagedRow[]): Generator<string> {
  let chunk = '';
  for (let n = 0; n < rows.length; n++) {
    const row = rows[n];
    chunk += copyValue(columns[0].value(row, n + 1));
    for (let i = 1; i < columns.length; i++) {
      const column = columns[i];
      chunk += `\t${column.text ?? copyValue(column.value(row, n + 1))}`;
    }
    chunk += '\n';
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
