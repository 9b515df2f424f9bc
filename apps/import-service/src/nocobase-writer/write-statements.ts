import { qualified, quoteIdent } from '../nocobase/nocobase-names';
import { ACTION, NEW_ID, ROW, STAGED, TARGET_ID } from './batch-stage';
import type { SortColumn, WritePlan } from './write-plan';

export interface Statement {
  text: string;
  values: unknown[];
}

/** NocoBase writes timestamps with millisecond precision; one value for the whole transaction. */
export const NOW = `date_trunc('milliseconds', now())`;
const q = quoteIdent;

/**
 * The base of a sort field per scope met in the batch: max(sort) over records with the same scope
 * value, or over the whole table when the scope value is null — NocoBase's SortField does exactly
 * that (`where {}` for a null scope). Computed once per scope, not once per row.
 */
function sortBase(plan: WritePlan, sort: SortColumn, i: number, action: string, only: string): string {
  const table = qualified(plan.description.table.schema, plan.description.table.name);
  if (!sort.scopeMapped || !sort.scope) return `sort_base_${i} AS (SELECT NULL::text AS scope, COALESCE(max(${q(sort.column)}), 0) AS base FROM ${table})`;
  const scope = q(sort.scope);
  return `sort_base_${i} AS (
    SELECT sc.v::text AS scope, (SELECT COALESCE(max(t2.${q(sort.column)}), 0) FROM ${table} t2 WHERE sc.v IS NULL OR t2.${scope} = sc.v) AS base
      FROM (SELECT DISTINCT s.${scope} AS v FROM ${STAGED} WHERE a.${ACTION} = '${action}'${only}) sc)`;
}

/** base + position of the row among the batch's rows of its scope (ordered by row index). */
function sortValue(sort: SortColumn, i: number): string {
  const scoped = sort.scopeMapped && sort.scope;
  const partition = scoped ? `PARTITION BY s.${q(sort.scope as string)} ` : '';
  return `b${i}.base + row_number() OVER (${partition}ORDER BY s.${ROW})`;
}

function sortJoins(plan: WritePlan): string {
  return plan.sorts
    .map((sort, i) => (sort.scopeMapped && sort.scope ? `LEFT JOIN sort_base_${i} b${i} ON b${i}.scope IS NOT DISTINCT FROM s.${q(sort.scope)}::text` : `CROSS JOIN sort_base_${i} b${i}`))
    .join(' ');
}

/** `AND s.intake_row = $n` when running one row at a time (the per-row fallback). */
function onlyRow(oneRow: number | null, values: unknown[]): string {
  if (oneRow === null) return '';
  values.push(oneRow);
  return ` AND s.${ROW} = $${values.length}`;
}

/**
 * INSERT … SELECT of the rows decided `insert`: reserved id, createdAt/updatedAt (now), createdById/
 * updatedById (the acting user), sort values, the mapped columns and NocoBase's defaults of unmapped fields.
 */
export function insertStatement(plan: WritePlan, oneRow: number | null): Statement {
  const values: unknown[] = [plan.actingUserId];
  const only = onlyRow(oneRow, values);
  const { audit } = plan.description;
  const target: string[] = [q(plan.pk)];
  const source: string[] = [`s.${NEW_ID}`];
  const add = (column: string | null, expr: string) => {
    if (!column || target.includes(q(column))) return;
    target.push(q(column));
    source.push(expr);
  };
  add(audit.created_at, NOW);
  add(audit.updated_at, NOW);
  add(audit.created_by_id, '$1::bigint');
  add(audit.updated_by_id, '$1::bigint');
  plan.sorts.forEach((sort, i) => add(sort.column, sort.mapped ? `COALESCE(s.${q(sort.column)}, ${sortValue(sort, i)})` : sortValue(sort, i)));
  for (const c of plan.columns) add(c.column, `s.${q(c.column)}`);
  for (const d of plan.defaults) {
    values.push(Array.isArray(d.value) ? JSON.stringify(d.value) : d.value);
    add(d.column, `$${values.length}::${d.type}`);
  }
  const ctes = plan.sorts.map((sort, i) => sortBase(plan, sort, i, 'insert', only));
  const text = `${ctes.length ? `WITH ${ctes.join(', ')} ` : ''}INSERT INTO ${qualified(plan.description.table.schema, plan.description.table.name)} (${target.join(', ')})
    SELECT ${source.join(', ')} FROM ${STAGED} ${sortJoins(plan)} WHERE a.${ACTION} = 'insert'${only}`;
  return { text, values };
}

/** Whether an updated record moves to another sort scope; kept empty, a scope cell moves nothing. */
function movedTest(scope: string, keepEmpty: boolean): string {
  const changed = `t.${scope} IS DISTINCT FROM u.${scope}`;
  return keepEmpty ? `u.${scope} IS NOT NULL AND ${changed}` : changed;
}

/**
 * UPDATE … FROM of the rows decided `update`: the mapped columns (never the primary key), updatedAt,
 * updatedById, and — as NocoBase's SortField does — a new sort value at the end of the new scope for
 * a record moved to another scope.
 */
export function updateStatement(plan: WritePlan, oneRow: number | null): Statement {
  const values: unknown[] = [plan.actingUserId];
  const only = onlyRow(oneRow, values);
  const { audit } = plan.description;
  const given = (column: string) => (plan.keepEmpty ? `COALESCE(u.${q(column)}, t.${q(column)})` : `u.${q(column)}`);
  const sets = plan.columns.filter((c) => c.column !== plan.pk).map((c) => `${q(c.column)} = ${given(c.column)}`);
  if (audit.updated_at) sets.push(`${q(audit.updated_at)} = ${NOW}`);
  if (audit.updated_by_id) sets.push(`${q(audit.updated_by_id)} = $1::bigint`);
  const movable = plan.sorts.map((sort, i) => ({ sort, i })).filter(({ sort }) => sort.scopeMapped && sort.scope);
  for (const { sort, i } of plan.sorts.map((sort, i) => ({ sort, i }))) {
    const keep = sort.mapped ? `COALESCE(u.${q(sort.column)}, t.${q(sort.column)})` : `t.${q(sort.column)}`;
    const moved = movable.some((m) => m.i === i) ? movedTest(q(sort.scope as string), plan.keepEmpty) : null;
    sets.push(`${q(sort.column)} = ${moved ? `CASE WHEN ${moved} THEN u.intake_sort_${i} ELSE ${keep} END` : keep}`);
  }
  const ctes = movable.map(({ sort, i }) => sortBase(plan, sort, i, 'update', only));
  const extra = movable.map(({ sort, i }) => `, ${sortValue(sort, i)} AS intake_sort_${i}`).join('');
  const joins = movable.map(({ sort, i }) => `LEFT JOIN sort_base_${i} b${i} ON b${i}.scope IS NOT DISTINCT FROM s.${q(sort.scope as string)}::text`).join(' ');
  const source = `(SELECT s.*, a.${TARGET_ID}${extra} FROM ${STAGED} ${joins} WHERE a.${ACTION} = 'update'${only}) u`;
  const text = `${ctes.length ? `WITH ${ctes.join(', ')} ` : ''}UPDATE ${qualified(plan.description.table.schema, plan.description.table.name)} t
    SET ${sets.join(', ')} FROM ${source} WHERE t.${q(plan.pk)} = u.${TARGET_ID}`;
  return { text, values };
}
