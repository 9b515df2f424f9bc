import type { PoolClient } from 'pg';
import { isRowDataError, pgMessage } from './pg-row-errors';
import type { Decision } from './row-decisions';
import type { WritePlan } from './write-plan';
import { insertStatement, type Statement, updateStatement } from './write-statements';

/**
 * Runs the batch's INSERT and UPDATE as two set-based statements. When PostgreSQL refuses one of
 * them for a row's data (a constraint or a limit the checks before could not see), the batch is not
 * lost: both are rolled back to a savepoint and rerun one row at a time, each in its own savepoint,
 * so only the offending rows fail. Returns those rows' messages by row index.
 */
export async function executeWrites(client: PoolClient, plan: WritePlan, decisions: readonly Decision[]): Promise<Map<number, string>> {
  const failures = new Map<number, string>();
  const inserts = decisions.filter((d) => d.action === 'insert');
  const updates = decisions.filter((d) => d.action === 'update');
  const run = (statement: Statement) => client.query(statement.text, statement.values);
  await client.query('SAVEPOINT intake_write');
  try {
    if (inserts.length) await run(insertStatement(plan, null));
    if (updates.length) await run(updateStatement(plan, null));
    await client.query('RELEASE SAVEPOINT intake_write');
    return failures;
  } catch (error) {
    if (!isRowDataError(error)) throw error;
    await client.query('ROLLBACK TO SAVEPOINT intake_write');
  }
  for (const decision of [...inserts, ...updates]) {
    await client.query('SAVEPOINT intake_row');
    try {
      await run(decision.action === 'insert' ? insertStatement(plan, decision.rowIndex) : updateStatement(plan, decision.rowIndex));
      await client.query('RELEASE SAVEPOINT intake_row');
    } catch (error) {
      if (!isRowDataError(error)) throw error;
      await client.query('ROLLBACK TO SAVEPOINT intake_row');
      failures.set(decision.rowIndex, `row ${decision.rowNumber}: ${pgMessage(error)}`);
    }
  }
  return failures;
}
