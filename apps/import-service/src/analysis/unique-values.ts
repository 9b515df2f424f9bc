import { type CollectionDescription, type CollectionField, UNIQUE_CHARS_KEPT, UNIQUE_ROWS_LISTED, UNIQUE_VALUES_KEPT, type UniqueValues } from '@intake/contracts';
import type { PoolClient } from 'pg';
import { qualified, quoteIdent } from '../nocobase/nocobase-names';
import { fieldKind } from '../nocobase-writer/field-kind';
import { anyOf, cellValues, comparedAsStored, matchKey } from '../nocobase-writer/relation-resolver';
import { valueMatchKey } from '../nocobase-writer/same-import-records';
import type { ConvertedRow } from '../nocobase-writer/writer-types';

/** Rows waiting for one look-up of their values in the collection. */
const LOOKUP_BATCH = 2000;
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
  /** Value → the first row holding it. */
  first: Map<string, number>;
  chars: number;
  full: boolean;
  waiting: { key: string; row: number }[];
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
    private readonly capacity = UNIQUE_VALUES_KEPT,
  ) {
    this.tallies = Object.entries(mapping).flatMap(([column, name]) => {
      const field = description.fields.find((f) => f.name === name);
      if (!field || !(field.unique || field.primary_key) || !comparable(field)) return [];
      return [{ field, column: Number(column), first: new Map(), chars: 0, full: false, waiting: [], found: { existing: 0, existing_rows: [], repeated: 0, repeated_rows: [], insert_fails: 0 } }];
    });
  }

  /** Adds a row that converted, in row order. */
  add(row: ConvertedRow): void {
    for (const t of this.tallies) {
      const key = valueMatchKey(t.field, row.values[t.field.name]);
      if (key !== null) t.waiting.push({ key, row: row.rowNumber });
    }
  }

  /** Enough rows wait for a look-up. */
  get due(): boolean {
    return this.tallies.some((t) => t.waiting.length >= LOOKUP_BATCH);
  }

  /** Takes back rows that failed after all (a relation cell naming no record): the run writes none of their values. */
  drop(rows: ReadonlySet<number>): void {
    if (rows.size) for (const t of this.tallies) t.waiting = t.waiting.filter((w) => !rows.has(w.row));
  }

  /**
   * Looks the values of the waiting rows before row `before` up, one query per unique column (rows
   * from it on may still fail their lookups, so they wait), then counts them in row order.
   */
  async check(before = Infinity): Promise<void> {
    for (const t of this.tallies) {
      const at = t.waiting.findIndex((w) => w.row >= before);
      const waiting = at === -1 ? t.waiting : t.waiting.slice(0, at);
      if (!waiting.length) continue;
      t.waiting = at === -1 ? [] : t.waiting.slice(at);
      const existing = await this.lookup(t.field, [...new Set(waiting.map((w) => w.key))]);
      for (const { key, row } of waiting) this.count(t, key, row, existing.has(key));
    }
  }

  private count(t: Tally, key: string, row: number, held: boolean): void {
    const first = t.first.get(key);
    if (first !== undefined) {
      t.found.repeated++;
      if (t.found.repeated_rows.length < UNIQUE_ROWS_LISTED) t.found.repeated_rows.push({ row, first_row: first });
    } else if (t.first.size < this.capacity && t.chars + key.length <= UNIQUE_CHARS_KEPT) {
      t.first.set(key, row);
      t.chars += key.length;
    } else t.full = true;
    if (held || first !== undefined) t.found.insert_fails++;
    if (!held) return;
    t.found.existing++;
    if (t.found.existing_rows.length < UNIQUE_ROWS_LISTED) t.found.existing_rows.push(row);
  }

  /** The column's findings; null for a column of no unique field. */
  of(column: number): UniqueValues | null {
    const t = this.tallies.find((x) => x.column === column);
    return t ? { ...t.found, all_counted: !t.full } : null;
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
