'use client';
import type { ImportPlan, ImportPreview } from '../types';
import { plural } from './job-status';

type Sheet = ImportPreview['sheets'][number];
type UniqueValues = NonNullable<Sheet['columns'][number]['unique_values']>;
type Mode = ImportPlan['mode'];

/** The column's field alone finds a row's record (the writer's key), rather than being one more unique value to keep. */
export const isSoleKey = (plan: ImportPlan['sheets'][number], field: string | null, mode: Mode) => mode !== 'insert' && plan.key_fields?.length === 1 && plan.key_fields[0] === field;

/** Rows of a unique column the run will fail, by what the analysis found (row-decisions.ts decides the same). */
export function failingRows(found: UniqueValues | null, mode: Mode, soleKey: boolean): number {
  if (!found) return 0;
  if (mode === 'insert') return found.insert_fails;
  return mode === 'skip-existing' && soleKey ? 0 : found.repeated;
}

const rowList = (rows: number[], total: number) => `row${total === 1 ? '' : 's'} ${rows.join(', ')}${total > rows.length ? '…' : ''}`;

function existingOutcome(mode: Mode, soleKey: boolean, one: boolean): string {
  if (mode === 'insert') return `insert fails ${one ? 'it' : 'them'}; choose upsert, update or skip existing, with this field as key, to match ${one ? 'that record' : 'those records'}`;
  if (!soleKey) return `${one ? 'it fails' : 'they fail'} unless the row’s key finds that same record`;
  return mode === 'skip-existing' ? `skip existing leaves ${one ? 'that record as it is' : 'those records as they are'}` : `${mode} changes ${one ? 'that record' : 'those records'}`;
}

/** What the analysis found of a unique column's values, said for the chosen mode and keys. */
export function UniqueValuesNote({ found, mode, soleKey }: { found: UniqueValues; mode: Mode; soleKey: boolean }) {
  const skips = mode === 'skip-existing' && soleKey;
  return (
    <ul className={failingRows(found, mode, soleKey) > 0 ? 'error' : 'muted'}>
      {found.existing > 0 && (
        <li>
          {plural(found.existing, 'row')} {found.existing === 1 ? 'has a value' : 'have values'} already in the collection ({rowList(found.existing_rows, found.existing)}): {existingOutcome(mode, soleKey, found.existing === 1)}
        </li>
      )}
      {found.repeated > 0 && (
        <li>
          {plural(found.repeated, 'row')} {found.repeated === 1 ? 'repeats' : 'repeat'} an earlier row&apos;s value ({found.repeated_rows.map((r) => `row ${r.row} same as row ${r.first_row}`).join(', ')}
          {found.repeated > found.repeated_rows.length ? '…' : ''}): {skips ? `skip existing skips ${found.repeated === 1 ? 'it' : 'them'}` : found.repeated === 1 ? 'it fails' : 'they fail'}
        </li>
      )}
      {!found.all_counted && <li className="muted">Too many distinct values to remember them all: repeats of the later ones were not looked for.</li>}
    </ul>
  );
}
