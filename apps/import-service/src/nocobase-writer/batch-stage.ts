import type { PoolClient } from 'pg';
import { qualified, quoteIdent } from '../nocobase/nocobase-names';
import { copyLine, copyLineOf, copyLines } from './copy-text';
import { isRowDataError, pgMessage } from './pg-row-errors';
import type { WritePlan } from './write-plan';
import type { DbValue } from './writer-types';

/**
 * The batch's rows in a temporary table shaped like the target's own columns (same types and
 * lengths), loaded with COPY: every later step (finding existing records, INSERT … SELECT,
 * UPDATE … FROM) is then one set-based statement instead of one per row. What each row will do is
 * COPYed into a second small table once decided (cheaper than updating the wide staged rows).
 */
export const STAGE = 'intake_stage';
export const ACTIONS = 'intake_actions';
/** Bookkeeping columns, named so they cannot meet a NocoBase column. */
export const ROW = 'intake_row';
export const NEW_ID = 'intake_new_id';
export const ACTION = 'intake_action';
export const TARGET_ID = 'intake_target_id';
/** The staged rows (`s`) with their decided action and target record (`a`). */
export const STAGED = `${STAGE} s JOIN ${ACTIONS} a ON a.${ROW} = s.${ROW}`;

export interface StagedRow {
  rowIndex: number;
  rowNumber: number;
  /** The reserved id for a new record; null when the mode never inserts. */
  newId: string | null;
  values: Record<string, DbValue>;
}

/** Dropped at commit or rollback, so a pooled connection never keeps one. */
export async function createStage(client: PoolClient, plan: WritePlan): Promise<void> {
  const { schema, name } = plan.description.table;
  const pk = quoteIdent(plan.pk);
  const columns = plan.columns.filter((c) => c.column !== plan.pk).map((c) => `t.${quoteIdent(c.column)}`);
  const pkColumn = plan.columns.some((c) => c.column === plan.pk) ? [`t.${pk}`] : [];
  const table = qualified(schema, name);
  await client.query(`CREATE TEMP TABLE ${STAGE} ON COMMIT DROP AS SELECT NULL::bigint AS ${ROW}, t.${pk} AS ${NEW_ID}, ${[...pkColumn, ...columns].join(', ')} FROM ${table} t WITH NO DATA`);
  await client.query(`CREATE TEMP TABLE ${ACTIONS} ON COMMIT DROP AS SELECT NULL::bigint AS ${ROW}, NULL::text AS ${ACTION}, t.${pk} AS ${TARGET_ID} FROM ${table} t WITH NO DATA`);
}

/**
 * COPYs the rows in. A value PostgreSQL still refuses (the converter lets through what it cannot
 * know, e.g. a length when no maxLengths were given) fails only its own row: the load is then
 * redone row by row, each in a savepoint. Returns the refused rows' messages by row index.
 */
export async function loadStage(client: PoolClient, plan: WritePlan, rows: readonly StagedRow[]): Promise<Map<number, string>> {
  const columns = [ROW, NEW_ID, ...plan.columns.map((c) => quoteIdent(c.column))];
  const names = plan.columns.map((c) => c.field.name);
  const line = (r: StagedRow) => copyLineOf([String(r.rowIndex), r.newId], r.values, names);
  const refused = new Map<number, string>();
  await client.query('SAVEPOINT intake_load');
  try {
    // Lines made as the COPY takes them: 10,000 of them held at once cost the collector more than making them.
    await copyLines(client, STAGE, columns, mapLazily(rows, line));
    await client.query('RELEASE SAVEPOINT intake_load');
    return refused;
  } catch (error) {
    if (!isRowDataError(error)) throw error;
    await client.query('ROLLBACK TO SAVEPOINT intake_load');
  }
  for (const row of rows) {
    await client.query('SAVEPOINT intake_row');
    try {
      await copyLines(client, STAGE, columns, [line(row)]);
      await client.query('RELEASE SAVEPOINT intake_row');
    } catch (error) {
      if (!isRowDataError(error)) throw error;
      await client.query('ROLLBACK TO SAVEPOINT intake_row');
      refused.set(row.rowIndex, pgMessage(error));
    }
  }
  return refused;
}

/** Records what each row will do (and to which record), for the set-based statements to join on. */
export async function setActions(client: PoolClient, actions: readonly { rowIndex: number; action: string; targetId: string | null }[]): Promise<void> {
  if (!actions.length) return;
  await copyLines(client, ACTIONS, [ROW, ACTION, TARGET_ID], mapLazily(actions, (a) => copyLine([String(a.rowIndex), a.action, a.targetId])));
}

/** Takes rows out of the write after all (a tree cycle found once their targets were known). */
export async function failActions(client: PoolClient, rowIndexes: readonly number[]): Promise<void> {
  if (rowIndexes.length) await client.query(`UPDATE ${ACTIONS} SET ${ACTION} = 'fail' WHERE ${ROW} = ANY($1::bigint[])`, [rowIndexes]);
}

function* mapLazily<T>(items: readonly T[], line: (item: T) => string): Generator<string> {
  for (const item of items) yield line(item);
}
