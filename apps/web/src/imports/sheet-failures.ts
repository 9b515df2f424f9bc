import type { ImportPlan, ImportPreview } from '../types';
import { currentKeyMatches } from './key-matches';
import { failingRows, isSoleKey } from './unique-values';

/**
 * At least how many rows of the sheet will fail, by what the analysis checked: with the plan it
 * checked, its count of rows whose cells or lookups fail; else the columns still going into the
 * field it checked them against; and the rows their unique values or their key will fail.
 */
export function sheetFailures(sheet: ImportPreview['sheets'][number], plan: ImportPlan['sheets'][number], mode: ImportPlan['mode'], planChecked: boolean): number {
  if (sheet.proposed_collection !== plan.collection) return 0;
  const checked = sheet.columns.filter((c) => c.proposed_field !== null && plan.mapping[c.letter] === c.proposed_field);
  const cells = planChecked ? sheet.failing_rows : Math.max(0, ...checked.map((c) => c.error_count));
  return Math.max(cells, currentKeyMatches(sheet, planChecked)?.fails ?? 0, ...checked.map((c) => failingRows(c.unique_values, mode, isSoleKey(plan, c.proposed_field, mode))));
}
