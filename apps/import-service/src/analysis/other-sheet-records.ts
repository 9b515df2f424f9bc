import type { CollectionField } from '@intake/contracts';
import { matchKey } from '../nocobase-writer/relation-resolver';
import type { RelationPlan } from '../nocobase-writer/row-converter';
import { rowMatchFields, type SameImportMatch, valueMatchKey } from '../nocobase-writer/same-import-records';
import type { ConvertedRow } from '../nocobase-writer/writer-types';
import { EARLIER_VALUES_KEPT } from './earlier-records';

/**
 * The records the file's sheets add, as far as the relation cells of its sheets can name them. The
 * run writes the sheets in relation order (customers before the orders that name them), and the
 * analysis checks them in that order too: an order naming a customer that the customers sheet adds
 * is then no error, though no record has it yet. Keeps the first `capacity` distinct values in all;
 * past that, a value found nowhere in a collection that lost some is left unchecked.
 */
export class OtherSheetRecords {
  /** Per collection, the fields relations name its records by: value → the first row holding it. */
  private readonly kept = new Map<string, { field: CollectionField; first: Map<string, number> }[]>();
  private readonly full = new Set<string>();
  private size = 0;

  constructor(
    plans: readonly RelationPlan[],
    readonly capacity = EARLIER_VALUES_KEPT,
  ) {
    for (const plan of plans) {
      const fields = this.kept.get(plan.target.name) ?? [];
      for (const field of rowMatchFields(plan)) if (!fields.some((f) => f.field.name === field.name)) fields.push({ field, first: new Map() });
      this.kept.set(plan.target.name, fields);
    }
  }

  /** A row that converts, of a sheet going into `collection`. */
  add(collection: string, row: ConvertedRow): void {
    for (const { field, first } of this.kept.get(collection) ?? []) {
      const key = valueMatchKey(field, row.values[field.name]);
      if (key === null || first.has(key)) continue;
      if (this.size >= this.capacity) {
        this.full.add(collection);
        continue;
      }
      first.set(key, row.rowNumber);
      this.size++;
    }
  }

  /** Whether a sheet checked before adds the record `text` names. */
  match(plan: RelationPlan, text: string): SameImportMatch {
    const fields = this.kept.get(plan.target.name);
    if (!fields) return null;
    for (const field of rowMatchFields(plan)) {
      const first = fields.find((f) => f.field.name === field.name)?.first.get(matchKey(field, text));
      if (first !== undefined) return { found: 'earlier', rowNumber: first, link: null };
    }
    return this.full.has(plan.target.name) ? { found: 'unchecked' } : null;
  }
}
