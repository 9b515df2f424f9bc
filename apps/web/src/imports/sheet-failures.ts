import type { ImportPlan, ImportPreview } from '../types';
import { currentKeyMatches } from './key-matches';
import { failingRows, isSoleKey } from './unique-values';

/**
 * At least how many rows of the sheet will fail, by what the analysis checked: with the plan it
 * checked, its count of rows whose cells or lookups fail; else the columns still going into the
 * field it checked them against; and the rows their unique values or their key will fail. `exact`
 * when one kind of failure alone gives the count (rows failing for several reasons are counted once,
 * so kinds cannot be added up).
 */
export function sheetFailures(sheet: ImportPreview['sheets'][number], plan: ImportPlan['sheets'][number], mode: ImportPlan['mode'], planChecked: boolean): { count: number; exact: boolean } {
  if (sheet.proposed_collection !== plan.collection) return { count: 0, exact: true };
  const checked = sheet.columns.filter((c) => c.proposed_field !== null && plan.mapping[c.letter] === c.proposed_field);
  const cells = planChecked ? sheet.failing_rows : Math.max(0, ...checked.map((c) => c.error_count));
  const kinds = [cells, currentKeyMatches(sheet, planChecked)?.fails ?? 0, ...checked.map((c) => failingRows(c.unique_values, mode, isSoleKey(plan, c.proposed_field, mode)))].filter((n) => n > 0);
  // Without the plan checked, each column's count is a kind of its own too.
  const columnsFailing = planChecked ? 0 : checked.filter((c) => c.error_count > 0).length;
  return { count: Math.max(0, ...kinds), exact: kinds.length <= 1 && columnsFailing <= 1 };
}
