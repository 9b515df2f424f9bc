import type { CollectionField } from '@intake/contracts';
import { matchFields, matchKey } from './relation-resolver';
import type { RelationPlan } from './row-converter';
import type { ConvertedRow, DbValue } from './writer-types';

/**
 * What rows of the same import say about a relation value no existing record has:
 * - `earlier`: an earlier row creates the record it names; `link` is what to write for it (null in a
 *   preview, which writes nothing);
 * - `later`, `self`: the record is created by a later row, or by the row itself: NocoBase, importing
 *   row by row, would not find it either;
 * - `several`: two earlier rows create records the value names;
 * - `unchecked`: the rows that could create it were not all kept (a preview's memory cap): not an error.
 */
export type SameImportMatch =
  | { found: 'earlier'; rowNumber: number; link: { rowIndex: number; key: string; byId: boolean } | null }
  | { found: 'later' | 'self'; rowNumber: number }
  | { found: 'several'; rowNumbers: [number, number]; field: CollectionField }
  | { found: 'unchecked' }
  | null;

/** The records rows of this import create in `collection`, as RelationResolver asks about them. */
export interface SameImportRecords {
  readonly collection: string;
  match(plan: RelationPlan, text: string, row: ConvertedRow): SameImportMatch;
  /**
   * Whether the record with primary key `id` is one a row of the batch creates. A replayed batch
   * finds such records in the table, but they did not exist when its rows were first resolved: they
   * must not be found now either, or the replay would not reach the same outcomes.
   */
  createdInBatch(id: string): boolean;
  /**
   * A preview's only: whether a sheet of the file written before this one adds the record a value
   * names, in any collection (the run finds such records in the table by then).
   */
  fromOtherSheets?(plan: RelationPlan, text: string): SameImportMatch;
}

/**
 * The fields a relation value may name a record another row creates by: RelationResolver's match
 * fields but the primary key, which a new record takes from its reservation, not from its row.
 */
export function rowMatchFields(plan: RelationPlan): CollectionField[] {
  return matchFields(plan).filter((f) => !f.primary_key);
}

/** A row's value as the text a relation cell must hold to name it (null: a value no cell names, like a date). */
export function valueMatchKey(field: CollectionField, value: DbValue | undefined): string | null {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return matchKey(field, String(value));
  return null;
}
