'use client';
import type { ImportPlan, ImportPreview } from '../types';
import { plural } from './job-status';

type UniqueValues = NonNullable<ImportPreview['sheets'][number]['columns'][number]['unique_values']>;

/** Rows of a unique column that insert mode would fail: their value is in the collection, or an earlier row has it. */
export const insertClashes = (found: UniqueValues | null, mode: ImportPlan['mode']) => (found && mode === 'insert' ? found.existing + found.repeated : 0);

type Sheet = ImportPreview['sheets'][number];

/**
 * At least how many rows of the sheet insert would fail for their unique values, by the columns
 * the analysis checked (those still going into the field it proposed).
 */
export function sheetClashes(sheet: Sheet, plan: ImportPlan['sheets'][number], mode: ImportPlan['mode']): number {
  if (sheet.proposed_collection !== plan.collection) return 0;
  const checked = sheet.columns.filter((c) => c.proposed_field !== null && plan.mapping[c.letter] === c.proposed_field);
  return Math.max(0, ...checked.map((c) => insertClashes(c.unique_values, mode)));
}

const rowList = (rows: number[], total: number) => `row${total === 1 ? '' : 's'} ${rows.join(', ')}${total > rows.length ? '…' : ''}`;

/**
 * What the analysis found of a unique column's values, said for the chosen mode: a failure in
 * insert mode, the records a row would change in the others.
 */
export function UniqueValuesCheck({ found, mode }: { found: UniqueValues; mode: ImportPlan['mode'] }) {
  const insert = mode === 'insert';
  const kept = mode === 'skip-existing' ? 'skip existing leaves those records as they are' : `${mode} changes those records`;
  return (
    <ul className={insert ? 'error' : 'muted'}>
      {found.existing > 0 && (
        <li>
          {plural(found.existing, 'row')} {found.existing === 1 ? 'has a value' : 'have values'} already in the collection ({rowList(found.existing_rows, found.existing)}):{' '}
          {insert ? 'insert fails them; choose upsert, update or skip existing to match those records' : `with this field as key, ${kept}`}
        </li>
      )}
      {found.repeated > 0 && (
        <li>
          {plural(found.repeated, 'row')} {found.repeated === 1 ? 'repeats' : 'repeat'} an earlier row&apos;s value ({found.repeated_rows.map((r) => `row ${r.row} as row ${r.first_row}`).join(', ')}
          {found.repeated > found.repeated_rows.length ? '…' : ''}): {insert ? 'insert fails them' : 'the later row changes the same record again'}
        </li>
      )}
      {!found.all_counted && <li className="muted">Too many distinct values to remember them all: repeats of the later ones were not looked for.</li>}
    </ul>
  );
}
