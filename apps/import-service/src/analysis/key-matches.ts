import type { CollectionDescription, CollectionField, ImportMode, KeyMatches } from '@intake/contracts';
import type { PoolClient } from 'pg';
import { qualified, quoteIdent } from '../nocobase/nocobase-names';
import { valueMatchKey } from '../nocobase-writer/same-import-records';
import { fieldKind } from '../nocobase-writer/field-kind';
import { INTEGER_COLUMNS } from '../nocobase-writer/relation-resolver';
import type { ConvertedRow } from '../nocobase-writer/writer-types';
import { comparable } from './unique-values';
import { FirstRows, listFirst, WaitingRows } from './waiting-rows';

/** Joins a key's values: no stored text holds NUL (field-values refuses it). */
const SEPARATOR = '\u0000';

/** How many records of the collection hold each of `keys` (by their joined match keys); a key no record has is absent. */
export type KeyLookup = (fields: CollectionField[], keys: string[][]) => Promise<Map<string, number>>;
/** The values records hold in `field` that equal one of `texts` but for case, by their lower case. */
export type LikeLookup = (field: CollectionField, texts: string[]) => Promise<Map<string, string>>;

type Counts = Omit<KeyMatches, 'mode' | 'key_fields' | 'fails' | 'all_counted' | 'unmatched_like'>;

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
  private readonly waiting = new WaitingRows<{ key: string | null; row: number; blank: boolean }>();
  /** The first unmatched rows' keys, to look for the same text in another case. */
  private readonly unmatchedKeys: { row: number; value: string }[] = [];
  private like: KeyMatches['unmatched_like'] = [];
  private readonly found: Counts = { matched: 0, unmatched: 0, unmatched_rows: [], incomplete: 0, incomplete_rows: [], ambiguous: 0, ambiguous_rows: [], empty: 0, empty_rows: [], repeated: 0, repeated_rows: [] };

  constructor(
    description: CollectionDescription,
    mapped: Iterable<string>,
    private readonly mode: ImportMode,
    private readonly keyFields: string[],
    private readonly lookup: KeyLookup,
    private readonly options: { capacity?: number; like?: LikeLookup } = {},
  ) {
    const names = new Set(mapped);
    const fields = keyFields.map((name) => description.fields.find((f) => f.name === name));
    const checkable = mode !== 'insert' && fields.length > 0 && fields.every((f) => f && names.has(f.name) && comparable(f));
    this.fields = checkable ? (fields as CollectionField[]) : null;
    this.required = description.fields.filter((f) => f.required && names.has(f.name));
    this.claims = new FirstRows(options.capacity);
  }

  /** Adds a row that converted, in row order. */
  add(row: ConvertedRow): void {
    if (!this.fields) return;
    const parts = this.fields.map((f) => valueMatchKey(f, row.values[f.name]));
    const blank = this.required.some((f) => row.values[f.name] === null || row.values[f.name] === undefined);
    this.waiting.push({ key: parts.some((p) => p === null) ? null : parts.join(SEPARATOR), row: row.rowNumber, blank });
  }

  get due(): boolean {
    return this.waiting.due;
  }

  /** See WaitingRows.drop. */
  drop(rows: ReadonlySet<number>): void {
    this.waiting.drop(rows);
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
    for (const { key, row, blank } of waiting) {
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
        // Skip-existing leaves the record alone: a later row with its key meets it again, not this row.
        if (this.mode !== 'skip-existing') this.claims.remember(key, row);
      } else if (blank && this.mode === 'upsert') {
        // Inserted, it would leave a required field empty: it fails, and writes nothing a later row could repeat.
        f.incomplete++;
        listFirst(f.incomplete_rows, row);
      } else {
        f.unmatched++;
        listFirst(f.unmatched_rows, row);
        listFirst(this.unmatchedKeys, { row, value: key });
        // Update fails the row: it writes nothing a later row could repeat.
        if (this.mode !== 'update') this.claims.remember(key, row);
      }
    }
  }

  /**
   * After the pass: which of the first unmatched keys a record has but for case (a text key of one
   * field), so the page can say that "EVE@EXAMPLE.COM" is no record's but "eve@example.com" is.
   */
  async findLike(): Promise<void> {
    const field = this.fields?.length === 1 ? this.fields[0] : null;
    if (!field || !this.options.like || fieldKind(field) === 'integer' || !this.unmatchedKeys.length) return;
    const existing = await this.options.like(field, [...new Set(this.unmatchedKeys.map((u) => u.value.toLowerCase()))]);
    this.like = this.unmatchedKeys.flatMap(({ row, value }) => {
      const other = existing.get(value.toLowerCase());
      return other !== undefined && other !== value ? [{ row, value, existing: other }] : [];
    });
  }

  result(): KeyMatches | null {
    if (!this.fields) return null;
    const f = this.found;
    const fails = f.ambiguous + f.empty + f.incomplete + (this.mode === 'update' ? f.unmatched : 0) + (this.mode === 'skip-existing' ? 0 : f.repeated);
    return { mode: this.mode, key_fields: this.keyFields, ...f, unmatched_like: this.like, fails, all_counted: !this.claims.full };
  }
}

/**
 * How many records hold each key: the keys go in as arrays, one per field in its column's type, and
 * are joined to the table, so an indexed key is probed through its index.
 */
export async function existingKeys(client: PoolClient, description: CollectionDescription, fields: CollectionField[], keys: string[][]): Promise<Map<string, number>> {
  const names = fields.map((_, i) => `k${i}`);
  // In the column's own type, so its index serves (a character column compared with text would be cast, row by row).
  const arrays = fields.map((f, i) => `$${i + 1}::${INTEGER_COLUMNS.has(f.db_type ?? '') ? 'bigint' : f.db_type === 'character' ? 'bpchar' : 'text'}[]`);
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
