import type { CollectionDescription, CollectionField, UniqueValues } from '@intake/contracts';
import type { PoolClient } from 'pg';
import { qualified, quoteIdent } from '../nocobase/nocobase-names';
import { fieldKind } from '../nocobase-writer/field-kind';
import { anyOf, cellValues, comparedAsStored, matchKey } from '../nocobase-writer/relation-resolver';
import { valueMatchKey } from '../nocobase-writer/same-import-records';
import type { ConvertedRow } from '../nocobase-writer/writer-types';
import { FirstRows, listFirst, WaitingRows } from './waiting-rows';
/**
 * Kinds whose converted value is one text or integer, the value stored: compared with what the table
 * holds, as its unique index compares (dates, decimals and floats have other texts for one value).
 */
const COMPARED_KINDS = new Set(['string', 'text', 'email', 'select', 'integer']);
/** The preview compares this field's values with the table's as the table does. */
export const comparable = (field: CollectionField): boolean => !!field.column && COMPARED_KINDS.has(fieldKind(field) ?? '') && comparedAsStored(field);

/** Finds which of `texts` a record of the collection holds in `field` (their match keys). */
export type ExistingLookup = (field: CollectionField, texts: string[]) => Promise<Set<string>>;

interface Tally {
  field: CollectionField;
  column: number;
  first: FirstRows;
  waiting: WaitingRows<{ key: string; row: number }>;
  found: Omit<UniqueValues, 'all_counted'>;
}

/**
 * What the run's unique checks will meet, found in the preview's pass: for every column proposed
 * for a unique field (or the id), the rows whose value a record already has and those repeating an
 * earlier row's value. Without it an insert of yesterday's export showed "every row fits" and then
 * failed every row.
 */
export class UniqueValueCheck {
  private readonly tallies: Tally[];

  constructor(
    description: CollectionDescription,
    mapping: Readonly<Record<number, string>>,
    private readonly lookup: ExistingLookup,
    capacity?: number,
  ) {
    this.tallies = Object.entries(mapping).flatMap(([column, name]) => {
      const field = description.fields.find((f) => f.name === name);
      if (!field || !(field.unique || field.primary_key) || !comparable(field)) return [];
      return [{ field, column: Number(column), first: new FirstRows(capacity), waiting: new WaitingRows(), found: { existing: 0, existing_rows: [], repeated: 0, repeated_rows: [], insert_fails: 0 } }];
    });
  }

  /** Adds a row that converted, in row order. */
  add(row: ConvertedRow): void {
    for (const t of this.tallies) {
      const key = valueMatchKey(t.field, row.values[t.field.name]);
      if (key !== null) t.waiting.push({ key, row: row.rowNumber });
    }
  }

  get due(): boolean {
    return this.tallies.some((t) => t.waiting.due);
  }

  /** See WaitingRows.drop. */
  drop(rows: ReadonlySet<number>): void {
    for (const t of this.tallies) t.waiting.drop(rows);
  }

  /**
   * Looks the values of the waiting rows before row `before` up, one query per unique column (rows
   * from it on may still fail their lookups, so they wait), then counts them in row order.
   */
  async check(before = Infinity): Promise<void> {
    for (const t of this.tallies) {
      const waiting = t.waiting.take(before);
      if (!waiting.length) continue;
      const existing = await this.lookup(t.field, [...new Set(waiting.map((w) => w.key))]);
      for (const { key, row } of waiting) this.count(t, key, row, existing.has(key));
    }
  }

  private count(t: Tally, key: string, row: number, held: boolean): void {
    const first = t.first.get(key);
    if (first !== undefined) {
      t.found.repeated++;
      listFirst(t.found.repeated_rows, { row, first_row: first });
    } else t.first.remember(key, row);
    if (held || first !== undefined) t.found.insert_fails++;
    if (!held) return;
    t.found.existing++;
    listFirst(t.found.existing_rows, row);
  }

  /** The column's findings; null for a column of no unique field. */
  of(column: number): UniqueValues | null {
    const t = this.tallies.find((x) => x.column === column);
    return t ? { ...t.found, all_counted: !t.first.full } : null;
  }
}

/** The values of `texts` that records of the collection hold in `field`, by their match keys. */
export async function existingValues(client: PoolClient, description: CollectionDescription, field: CollectionField, texts: string[]): Promise<Set<string>> {
  const column = `t.${quoteIdent(field.column as string)}`;
  const params: unknown[] = [];
  const condition = anyOf(field, column, cellValues(texts), (value, type) => `$${params.push(value)}::${type}`);
  const { rows } = await client.query<{ v: string }>(`SELECT DISTINCT ${column}::text AS v FROM ${qualified(description.table.schema, description.table.name)} t WHERE ${condition}`, params);
  return new Set(rows.map((r) => matchKey(field, r.v)));
}
