import { type ImportPreview, UNRESOLVED_COUNTED, UNRESOLVED_LISTED } from '@intake/contracts';
import type { MissingRef } from '../nocobase-writer/relation-resolver';

type ColumnPreview = ImportPreview['sheets'][number]['columns'][number];
export type UnresolvedColumn = Pick<ColumnPreview, 'unresolved' | 'unresolved_more'>;

/** field → value → up to a few existing values like it. */
export type SuggestValues = (field: string, values: string[]) => Promise<Map<string, string[]>>;

interface Count {
  rows: number;
  firstRow: number;
}

/**
 * The relation values of a sheet that no record has, per column: each distinct value once, with how
 * many rows name it and the first. A column keeps only its first `capacity` distinct values, so a
 * file whose every row names another missing record keeps memory bounded; the rows of the values
 * kept are still counted exactly, since each is kept from its first row on.
 */
export class UnresolvedTally {
  private readonly columns = new Map<number, { field: string; counts: Map<string, Count> }>();

  constructor(private readonly capacity = UNRESOLVED_COUNTED) {}

  add(ref: MissingRef): void {
    let column = this.columns.get(ref.column);
    if (!column) this.columns.set(ref.column, (column = { field: ref.field, counts: new Map() }));
    const known = column.counts.get(ref.text);
    if (known) known.rows++;
    else if (column.counts.size < this.capacity) column.counts.set(ref.text, { rows: 1, firstRow: ref.rowNumber });
  }

  /**
   * Per column index: the most frequent values (the earliest first among equals), with suggestions
   * from `suggest` (one call per column), and how many more distinct values were counted.
   */
  async listed(suggest: SuggestValues, limit = UNRESOLVED_LISTED): Promise<Map<number, UnresolvedColumn>> {
    const result = new Map<number, UnresolvedColumn>();
    for (const [index, { field, counts }] of this.columns) {
      const top = [...counts].sort(([, a], [, b]) => b.rows - a.rows || a.firstRow - b.firstRow).slice(0, limit);
      const suggestions = await suggest(field, top.map(([value]) => value));
      result.set(index, {
        unresolved: top.map(([value, count]) => ({ value, rows: count.rows, first_row: count.firstRow, suggestions: suggestions.get(value) ?? [] })),
        unresolved_more: counts.size - top.length,
      });
    }
    return result;
  }
}
