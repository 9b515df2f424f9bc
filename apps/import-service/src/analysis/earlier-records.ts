import type { CollectionField } from '@intake/contracts';
import type { RelationPlan } from '../nocobase-writer/row-converter';
import { rowMatchFields, type SameImportMatch, type SameImportRecords, valueMatchKey } from '../nocobase-writer/same-import-records';
import { matchKey } from '../nocobase-writer/relation-resolver';
import type { ConvertedRow } from '../nocobase-writer/writer-types';
import type { OtherSheetRecords } from './other-sheet-records';

/** Distinct values kept per relation: about 20–40 MB for 200,000 short texts. */
export const EARLIER_VALUES_KEPT = 200_000;

interface Kept {
  plan: RelationPlan;
  /** Per match field: value → the first row (row number) holding it. */
  fields: { field: CollectionField; first: Map<string, number> }[];
  size: number;
  /** Some value could not be kept: a value not found may then be held by an earlier row after all. */
  full: boolean;
}

/**
 * The preview's view of the records the file's rows create, for the relations that point at the
 * sheet's own collection: the analysis adds every row that converts, in file order, before the rows
 * are resolved, and a relation value that an earlier row holds is then no error. Each relation keeps
 * the first `capacity` distinct values of its rows; past that, a value found nowhere is left
 * unchecked (`uncheckedFields` says which relations, for one problem message).
 */
export class EarlierRecords implements SameImportRecords {
  private readonly kept: Kept[];
  private readonly unchecked = new Set<string>();

  constructor(
    readonly collection: string,
    plans: readonly RelationPlan[],
    readonly capacity = EARLIER_VALUES_KEPT,
    /** What the file's other sheets add, checked before this one; this sheet's rows are added to it. */
    private readonly others: OtherSheetRecords | null = null,
  ) {
    this.kept = plans
      .filter((p) => p.target.name === collection)
      .map((plan) => ({ plan, fields: rowMatchFields(plan).map((field) => ({ field, first: new Map<string, number>() })), size: 0, full: false }));
  }

  add(row: ConvertedRow): void {
    this.others?.add(this.collection, row);
    for (const kept of this.kept) {
      for (const { field, first } of kept.fields) {
        const key = valueMatchKey(field, row.values[field.name]);
        if (key === null || first.has(key)) continue;
        if (kept.size >= this.capacity) {
          kept.full = true;
          continue;
        }
        first.set(key, row.rowNumber);
        kept.size++;
      }
    }
  }

  match(plan: RelationPlan, text: string, row: ConvertedRow): SameImportMatch {
    const kept = this.kept.find((k) => k.plan.field.name === plan.field.name);
    if (!kept) return null;
    let after: number | undefined;
    for (const { field, first: firsts } of kept.fields) {
      const first = firsts.get(matchKey(field, text));
      if (first === undefined) continue;
      if (first < row.rowNumber) return { found: 'earlier', rowNumber: first, link: null };
      after ??= first;
    }
    if (after !== undefined) return { found: after === row.rowNumber ? 'self' : 'later', rowNumber: after };
    if (!kept.full) return null;
    this.unchecked.add(plan.field.title);
    return { found: 'unchecked' };
  }

  fromOtherSheets(plan: RelationPlan, text: string): SameImportMatch {
    return this.others?.match(plan, text) ?? null;
  }

  /** A preview writes nothing: no record in the table was created by the file. */
  createdInBatch(): boolean {
    return false;
  }

  /** The relations (their titles) with values left unchecked. */
  get uncheckedFields(): string[] {
    return [...this.unchecked];
  }
}
