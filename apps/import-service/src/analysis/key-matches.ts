import type { CollectionDescription, CollectionField, ImportMode, KeyMatches } from '@intake/contracts';
import type { PoolClient } from 'pg';
import { qualified, quoteIdent } from '../nocobase/nocobase-names';
import { valueMatchKey } from '../nocobase-writer/same-import-records';
import { fieldKind } from '../nocobase-writer/field-kind';
import type { ConvertedRow, DbValue, RelationRef, WriteRow } from '../nocobase-writer/writer-types';
import { type ChangeLookup, type FoundRow, KeyChangeTally, keyArrayType } from './key-changes';
import { comparable } from './unique-values';
import { FirstRows, listFirst, WaitingRows } from './waiting-rows';

/** Joins a key's values: no stored text holds NUL (field-values refuses it). */
const SEPARATOR = '\u0000';
/**
 * Unmatched keys looked for in another case, in one pass over the collection at the end: the first
 * five alone missed "ex-0000005" behind five new products. A cap, as memory must not grow with the file.
 */
const LIKE_CHECKED = 50_000;

/** How many records of the collection hold each of `keys` (by their joined match keys); a key no record has is absent. */
export type KeyLookup = (fields: CollectionField[], keys: string[][]) => Promise<Map<string, number>>;
/** The values records hold in `field` that equal one of `texts` but for case, by their lower case. */
export type LikeLookup = (field: CollectionField, texts: string[]) => Promise<Map<string, string>>;

type Counts = Omit<KeyMatches, 'mode' | 'key_fields' | 'fails' | 'all_counted' | 'unmatched_like' | 'changes'>;

interface Waiting {
  key: string | null;
  row: number;
  blank: boolean;
  /** Kept while what a found row changes is counted: its values (with its relations once they resolve) and relation cells. */
  values?: Readonly<Record<string, DbValue>>;
  refs?: RelationRef[];
}

/**
 * What the sheet's key finds, counted in the preview's pass as row-decisions.ts decides each row:
 * without it an update of last month's export said "every row fits" and then failed the rows whose
 * record was gone. Keys of other kinds (dates, relations) are not compared here: `result` is null.
 */
export class KeyMatchCheck {
  private readonly fields: CollectionField[] | null;
  /** Key → the first row that updated or inserted with it (a later row with it is a repeat). */
  private readonly claims: FirstRows;
  /** Mapped fields a new record needs: an upsert keeping empty cells lets their blanks through the conversion. */
  private readonly required: CollectionField[];
  private readonly waiting = new WaitingRows<Waiting>();
  /** Waiting rows whose relation cells are still to be looked up, by row number. */
  private readonly unresolved = new Map<number, Waiting>();
  private readonly changes: KeyChangeTally | null;
  /** The first LIKE_CHECKED unmatched rows' keys, to look for the same text in another case. */
  private readonly unmatchedKeys: { row: number; value: string }[] = [];
  private like: KeyMatches['unmatched_like'] = [];
  private readonly found: Counts = { matched: 0, unmatched: 0, unmatched_rows: [], incomplete: 0, incomplete_rows: [], ambiguous: 0, ambiguous_rows: [], empty: 0, empty_rows: [], repeated: 0, repeated_rows: [] };

  constructor(
    description: CollectionDescription,
    mapped: Iterable<string>,
    private readonly mode: ImportMode,
    private readonly keyFields: string[],
    private readonly lookup: KeyLookup,
    private readonly options: { capacity?: number; like?: LikeLookup; changes?: ChangeLookup; keepEmpty?: boolean } = {},
  ) {
    // A relation column may name the related field it holds ("customer.email").
    const names = new Set([...mapped].map((name) => name.split('.')[0]));
    const fields = keyFields.map((name) => description.fields.find((f) => f.name === name));
    const checkable = mode !== 'insert' && fields.length > 0 && fields.every((f) => f && names.has(f.name) && comparable(f));
    this.fields = checkable ? (fields as CollectionField[]) : null;
    this.required = description.fields.filter((f) => f.required && names.has(f.name));
    this.claims = new FirstRows(options.capacity);
    const changes = this.fields && options.changes && (mode === 'update' || mode === 'upsert');
    this.changes = changes ? new KeyChangeTally(description, names, this.fields as CollectionField[], options.keepEmpty ?? true, options.changes as ChangeLookup) : null;
  }

  /** Adds a row that converted, in row order. */
  add(row: ConvertedRow): void {
    if (!this.fields) return;
    const parts = this.fields.map((f) => valueMatchKey(f, row.values[f.name]));
    // A relation cell with text is in `refs` until it resolves: given, not blank (one naming no record fails the row anyway).
    const blank = this.required.some((f) => (row.values[f.name] === null || row.values[f.name] === undefined) && !row.refs.some((r) => r.field === f.name));
    const waiting: Waiting = { key: parts.some((p) => p === null) ? null : parts.join(SEPARATOR), row: row.rowNumber, blank };
    if (this.changes) {
      waiting.values = row.values;
      waiting.refs = row.refs;
      if (row.refs.length) this.unresolved.set(row.rowNumber, waiting);
    }
    this.waiting.push(waiting);
  }

  /** The rows whose relations resolved, with the ids they name: what their records are compared with. */
  resolved(rows: readonly WriteRow[]): void {
    for (const row of rows) {
      const waiting = this.unresolved.get(row.rowNumber);
      if (waiting) waiting.values = row.values;
      this.unresolved.delete(row.rowNumber);
    }
  }

  get due(): boolean {
    return this.waiting.due;
  }

  /** See WaitingRows.drop. */
  drop(rows: ReadonlySet<number>): void {
    this.waiting.drop(rows);
    for (const row of rows) this.unresolved.delete(row);
  }

  /**
   * Looks the keys of the waiting rows before row `before` up in one query (rows from it on may
   * still fail their lookups, so they wait), then decides them in row order.
   */
  async check(before = Infinity): Promise<void> {
    if (!this.fields) return;
    const waiting = this.waiting.take(before);
    if (!waiting.length) return;
    const asked = [...new Set(waiting.flatMap((w) => (w.key !== null && this.claims.get(w.key) === undefined ? [w.key] : [])))];
    const held = asked.length ? await this.lookup(this.fields, asked.map((k) => k.split(SEPARATOR))) : new Map<string, number>();
    const f = this.found;
    const found: FoundRow[] = [];
    for (const { key, row, blank, values, refs } of waiting) {
      if (key === null) {
        f.empty++;
        listFirst(f.empty_rows, row);
        continue;
      }
      const first = this.claims.get(key);
      if (first !== undefined) {
        f.repeated++;
        listFirst(f.repeated_rows, { row, first_row: first });
        continue;
      }
      const records = held.get(key) ?? 0;
      if (records > 1) {
        f.ambiguous++;
        listFirst(f.ambiguous_rows, row);
      } else if (records === 1) {
        f.matched++;
        if (this.changes) found.push(this.changes.foundRow(row, key.split(SEPARATOR), values ?? {}, refs ?? []));
        // Skip-existing leaves the record alone: a later row with its key meets it again, not this row.
        if (this.mode !== 'skip-existing') this.claims.remember(key, row);
      } else if (blank && this.mode === 'upsert') {
        // Inserted, it would leave a required field empty: it fails, and writes nothing a later row could repeat.
        f.incomplete++;
        listFirst(f.incomplete_rows, row);
      } else {
        f.unmatched++;
        listFirst(f.unmatched_rows, row);
        if (this.unmatchedKeys.length < LIKE_CHECKED) this.unmatchedKeys.push({ row, value: key });
        // Update fails the row: it writes nothing a later row could repeat.
        if (this.mode !== 'update') this.claims.remember(key, row);
      }
    }
    await this.changes?.compare(found);
  }

  /**
   * After the pass: which unmatched keys (the first LIKE_CHECKED) a record has but for case (a text key of one
   * field), so the page can say that "EVE@EXAMPLE.COM" is no record's but "eve@example.com" is.
   */
  async findLike(): Promise<void> {
    const field = this.fields?.length === 1 ? this.fields[0] : null;
    if (!field || !this.options.like || fieldKind(field) === 'integer' || !this.unmatchedKeys.length) return;
    const existing = await this.options.like(field, [...new Set(this.unmatchedKeys.map((u) => u.value.toLowerCase()))]);
    for (const { row, value } of this.unmatchedKeys) {
      const other = existing.get(value.toLowerCase());
      if (other !== undefined && other !== value) listFirst(this.like, { row, value, existing: other });
    }
  }

  result(): KeyMatches | null {
    if (!this.fields) return null;
    const f = this.found;
    const fails = f.ambiguous + f.empty + f.incomplete + (this.mode === 'update' ? f.unmatched : 0) + (this.mode === 'skip-existing' ? 0 : f.repeated);
    return { mode: this.mode, key_fields: this.keyFields, ...f, unmatched_like: this.like, fails, all_counted: !this.claims.full, changes: this.changes?.result() ?? null };
  }
}

/**
 * How many records hold each key: the keys go in as arrays, one per field in its column's type, and
 * are joined to the table, so an indexed key is probed through its index.
 */
export async function existingKeys(client: PoolClient, description: CollectionDescription, fields: CollectionField[], keys: string[][]): Promise<Map<string, number>> {
  const names = fields.map((_, i) => `k${i}`);
  const arrays = fields.map((f, i) => `$${i + 1}::${keyArrayType(f)}[]`);
  const on = fields.map((f, i) => `t.${quoteIdent(f.column as string)} = k.${names[i]}`).join(' AND ');
  const sql = `SELECT ${names.map((n) => `k.${n}::text AS ${n}`).join(', ')}, count(*)::int AS n
    FROM unnest(${arrays.join(', ')}) AS k(${names.join(', ')}) JOIN ${qualified(description.table.schema, description.table.name)} t ON ${on}
    GROUP BY ${names.map((n) => `k.${n}`).join(', ')}`;
  const { rows } = await client.query<Record<string, string | number>>(sql, fields.map((_, i) => keys.map((k) => k[i])));
  return new Map(rows.map((r) => [names.map((n) => String(r[n])).join(SEPARATOR), Number(r.n)]));
}

/** Values of `field` equal to one of `lowered` but for case, by their lower case (one each, the first in id order). */
export async function caseInsensitiveValues(client: PoolClient, description: CollectionDescription, field: CollectionField, lowered: string[]): Promise<Map<string, string>> {
  const column = `t.${quoteIdent(field.column as string)}::text`;
  const { rows } = await client.query<{ v: string }>(
    `SELECT DISTINCT ON (lower(${column})) ${column} AS v FROM ${qualified(description.table.schema, description.table.name)} t WHERE lower(${column}) = ANY($1::text[]) ORDER BY lower(${column})`,
    [lowered],
  );
  return new Map(rows.map((r) => [r.v.toLowerCase(), r.v]));
}
