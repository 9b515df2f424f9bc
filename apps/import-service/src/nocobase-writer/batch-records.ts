import type { CollectionField } from '@intake/contracts';
import { matchKey, targetKeyColumn } from './relation-resolver';
import { reservedIdFor, type ReservedIds } from './reserved-ids';
import type { RelationPlan } from './row-converter';
import { rowMatchFields, type SameImportMatch, type SameImportRecords, valueMatchKey } from './same-import-records';
import type { ConvertedRow } from './writer-types';

/** Per match field: value → the first two rows holding it (two are enough to tell "several" apart). */
type FieldIndex = { field: CollectionField; rows: Map<string, ConvertedRow[]> };

/**
 * The records one batch's rows create, for a relation that points at the batch's own collection:
 * a value names the record of an earlier row holding it in a match field, and resolves to that row's
 * reserved id (or its value of the relation's target key). Earlier batches are committed before this
 * one resolves, so their records are found in the table. Whether the row really creates its record is
 * known only once the writer decided: it checks (row-dependencies.ts). Indexes are built on first use,
 * one pass over the batch per relation.
 */
export class BatchRecords implements SameImportRecords {
  private readonly indexes = new Map<string, FieldIndex[]>();
  private batchIds: Set<string> | null = null;

  constructor(
    readonly collection: string,
    private readonly ids: ReservedIds,
    private readonly rows: readonly ConvertedRow[],
  ) {}

  match(plan: RelationPlan, text: string, row: ConvertedRow): SameImportMatch {
    let after: ConvertedRow | undefined;
    for (const { field, rows } of this.indexOf(plan)) {
      const [first, second] = rows.get(matchKey(field, text)) ?? [];
      if (!first) continue;
      if (first.rowIndex >= row.rowIndex) {
        after ??= first;
        continue;
      }
      // A unique value held twice fails its second row in the writer: the first row's record is the one.
      if (second && second.rowIndex < row.rowIndex && !field.unique) return { found: 'several', rowNumbers: [first.rowNumber, second.rowNumber], field };
      const link = this.linkTo(plan, first);
      if (link) return { found: 'earlier', rowNumber: first.rowNumber, link };
    }
    if (!after) return null;
    return { found: after.rowIndex === row.rowIndex ? 'self' : 'later', rowNumber: after.rowNumber };
  }

  createdInBatch(id: string): boolean {
    this.batchIds ??= new Set(this.rows.map((r) => reservedIdFor(this.ids, r.rowIndex)));
    return this.batchIds.has(id);
  }

  /** The value a link to the row's new record holds; null when the row leaves the target key empty. */
  private linkTo(plan: RelationPlan, row: ConvertedRow): { rowIndex: number; key: string; byId: boolean } | null {
    const keyColumn = targetKeyColumn(plan);
    if (keyColumn === plan.target.primary_key.columns[0]) return { rowIndex: row.rowIndex, key: reservedIdFor(this.ids, row.rowIndex), byId: true };
    const keyField = plan.target.fields.find((f) => f.column === keyColumn);
    const value = keyField ? row.values[keyField.name] : null;
    return value === null || value === undefined ? null : { rowIndex: row.rowIndex, key: String(value), byId: false };
  }

  private indexOf(plan: RelationPlan): FieldIndex[] {
    const name = `${plan.field.name}.${plan.matchBy ?? ''}`;
    let indexes = this.indexes.get(name);
    if (indexes) return indexes;
    indexes = rowMatchFields(plan).map((field) => ({ field, rows: new Map<string, ConvertedRow[]>() }));
    for (const row of [...this.rows].sort((a, b) => a.rowIndex - b.rowIndex)) {
      for (const { field, rows } of indexes) {
        const key = valueMatchKey(field, row.values[field.name]);
        if (key === null) continue;
        const holders = rows.get(key);
        if (!holders) rows.set(key, [row]);
        else if (holders.length < 2) holders.push(row);
      }
    }
    this.indexes.set(name, indexes);
    return indexes;
  }
}
