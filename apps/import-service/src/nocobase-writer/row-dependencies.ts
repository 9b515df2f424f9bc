import type { Decision } from './row-decisions';
import type { RowDependency } from './writer-types';

/** A relation value to change from the reserved id it held to the record its row updates instead. */
export interface Repoint {
  rowIndex: number;
  field: string;
  from: string;
  to: string;
}

/**
 * Checks every row that names the record an earlier row of the batch creates against what that row
 * does, once the batch's decisions are known (and again whenever more rows fail):
 * - it inserts (or inserted, in an earlier attempt): nothing to do;
 * - it updates an existing record (or finds it unchanged): the value names that record, as NocoBase's row-by-row import
 *   would find it, and as a replay finds it in the table anyway: a value holding the reserved id
 *   is repointed to that record;
 * - it fails or is skipped: the row fails too, naming that row, so no link points at an id that was
 *   never written.
 * One pass in row order: a row depends only on earlier rows, so failures cascade within the pass.
 * Rows that are already `fail`, `skip` or `done` are left as they are.
 */
export function settleDependencies(
  decisions: readonly Decision[],
  dependencies: ReadonlyMap<number, readonly RowDependency[]>,
  collectionTitle: string,
): { decisions: Decision[]; repoints: Repoint[] } {
  const ordered = [...decisions].sort((a, b) => a.rowIndex - b.rowIndex);
  if (!dependencies.size) return { decisions: ordered, repoints: [] };
  const byIndex = new Map(ordered.map((d) => [d.rowIndex, d]));
  const repoints: Repoint[] = [];
  const settled = ordered.map((decision) => {
    const needs = dependencies.get(decision.rowIndex);
    if (!needs || (decision.action !== 'insert' && decision.action !== 'update')) return decision;
    const moved: Repoint[] = [];
    for (const need of needs) {
      const source = byIndex.get(need.rowIndex);
      const what = `'${need.text}' is the ${collectionTitle} record row ${need.rowNumber} of this import was to create, but row ${need.rowNumber}`;
      let error: string | null = null;
      if (!source || source.action === 'fail') error = `${what} failed`;
      else if (source.action === 'skip') error = `${what} was skipped, so it created none`;
      // A record left unchanged is there all the same: named as the one an update would name.
      else if ((source.action === 'update' || source.action === 'unchanged') && need.byId) moved.push({ rowIndex: decision.rowIndex, field: need.field, from: need.key, to: source.recordId as string });
      if (error) {
        const failed: Decision = { ...decision, action: 'fail', recordId: null, error: `${need.where}: ${error}` };
        byIndex.set(decision.rowIndex, failed);
        return failed;
      }
    }
    repoints.push(...moved);
    return decision;
  });
  return { decisions: settled, repoints };
}

/** The rows `settleDependencies` failed that were to write: their actions must change too. */
export function newlyFailed(before: readonly Decision[], after: readonly Decision[]): Decision[] {
  const was = new Map(before.map((d) => [d.rowIndex, d.action]));
  return after.filter((d) => d.action === 'fail' && was.get(d.rowIndex) !== 'fail');
}
