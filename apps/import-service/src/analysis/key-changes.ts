import { CHANGE_VALUE_CHARS, type CollectionDescription, type CollectionField, type KeyChanges } from '@intake/contracts';
import type { PoolClient } from 'pg';
import { qualified, quoteIdent } from '../nocobase/nocobase-names';
import { valueText } from '../nocobase-writer/copy-text';
import { fieldKind } from '../nocobase-writer/field-kind';
import { INTEGER_COLUMNS } from '../nocobase-writer/relation-resolver';
import { comparedInType, sameValueSql } from '../nocobase-writer/value-equality';
import type { DbValue, RelationRef } from '../nocobase-writer/writer-types';
import { listFirst } from './waiting-rows';

/** A row whose key finds one record: its key (one text per key field) and the text of each compared field's value. */
export interface FoundRow {
  row: number;
  key: string[];
  values: (string | null)[];
  /** Compared fields (by index) whose value is a record an earlier row of the file adds: whatever the record holds, it changes. */
  added: number[];
  /** Relation cells, to show what the row names instead of the id it resolves to. */
  refs: RelationRef[];
}

/**
 * Per found row (in the order asked), what its record holds in each compared field (by index) that
 * the row would change; null for a row whose record is gone. recordChanges, on a connection.
 */
export type ChangeLookup = (keys: CollectionField[], compared: CollectionField[], rows: FoundRow[], keepEmpty: boolean) => Promise<(Map<number, string | null> | null)[]>;

/** PostgreSQL's data exceptions (class 22): a value its column would not take. */
const isDataError = (error: unknown): boolean => typeof (error as { code?: unknown })?.code === 'string' && (error as { code: string }).code.startsWith('22');

/**
 * What the rows an update or upsert finds would change in their records, as the writer decides it
 * (existing-records' sameValues): so an operator sees "Price in 4,812 of 4,812" before a column
 * mapped to the wrong field overwrites every record, and how many rows will write nothing.
 */
export class KeyChangeTally {
  /** Mapped fields with a column of their own, other than the key fields, compared as the writer compares them. */
  readonly compared: CollectionField[];
  private readonly links: string[];
  private unchanged = 0;
  private changing = 0;
  private readonly perField: number[];
  private readonly first: KeyChanges['first'] = [];
  private failed = false;

  constructor(
    description: CollectionDescription,
    mapped: Iterable<string>,
    private readonly keys: CollectionField[],
    private readonly keepEmpty: boolean,
    private readonly lookup: ChangeLookup,
  ) {
    const names = new Set(mapped);
    const fields = description.fields.filter((f) => names.has(f.name) && !keys.includes(f) && !description.primary_key.columns.includes(f.column ?? ''));
    this.links = fields.filter((f) => fieldKind(f) === 'links').map((f) => f.name);
    this.compared = fields.filter((f) => f.column && fieldKind(f) !== 'links');
    this.perField = this.compared.map(() => 0);
  }

  /** The row's found-record entry: its values as text, and relations that name a record the file adds. */
  foundRow(row: number, key: string[], values: Readonly<Record<string, DbValue>>, refs: RelationRef[]): FoundRow {
    const added: number[] = [];
    const texts = this.compared.map((f, i) => {
      const value = values[f.name];
      // true, not t: PostgreSQL reads both, and a person reads the one the record side shows.
      const text = typeof value === 'boolean' ? String(value) : valueText(value);
      // A relation cell that resolved to no existing record names one an earlier row adds (the preview has no id for it).
      if (text === null && refs.some((r) => r.field === f.name)) added.push(i);
      return text;
    });
    return { row, key, values: texts, added, refs: refs.filter((r) => this.compared.some((f) => f.name === r.field)) };
  }

  async compare(rows: FoundRow[]): Promise<void> {
    if (!rows.length || this.failed) return;
    let held: Awaited<ReturnType<ChangeLookup>>;
    try {
      held = await this.lookup(this.keys, this.compared, rows, this.keepEmpty);
    } catch (error) {
      // A value the column would refuse is the run's to report: the counts here are then not given at all (the page says so).
      // Anything else (the database away a moment) fails the analysis, which the queue tries again.
      if (!isDataError(error)) throw error;
      this.failed = true;
      return;
    }
    rows.forEach((found, i) => {
      const differs = held[i];
      if (!differs) return;
      const changed = this.compared.flatMap((field, f) => (differs.has(f) || found.added.includes(f) ? [f] : []));
      if (!changed.length) {
        this.unchanged++;
        return;
      }
      this.changing++;
      for (const f of changed) this.perField[f]++;
      listFirst(this.first, {
        row: found.row,
        changes: changed.map((f) => ({ field: this.compared[f].name, old: shown(differs.get(f) ?? null), new: shown(newText(this.compared[f], found, f)) })),
      });
    });
  }

  result(): KeyChanges | null {
    if (this.failed) return null;
    return {
      // A row with a many-to-many field is written whatever it holds (its links are not compared).
      unchanged: this.links.length ? null : this.unchanged,
      changing: this.changing,
      fields: this.compared.flatMap((f, i) => (this.perField[i] ? [{ field: f.name, rows: this.perField[i] }] : [])).sort((a, b) => b.rows - a.rows),
      not_compared: this.links,
      first: this.first,
    };
  }
}

function newText(field: CollectionField, found: FoundRow, index: number): string | null {
  const cells = found.refs.filter((r) => r.field === field.name);
  return cells.length ? cells.map((r) => r.text).join(', ') : found.values[index];
}

function shown(text: string | null): string | null {
  return text !== null && text.length > CHANGE_VALUE_CHARS ? `${[...text.slice(0, CHANGE_VALUE_CHARS + 1)].slice(0, CHANGE_VALUE_CHARS).join('')}…` : text;
}

/** A key field's values in its column's own type, so its index serves (a character column compared with text would be cast, row by row). */
export const keyArrayType = (f: CollectionField): string => (INTEGER_COLUMNS.has(f.db_type ?? '') ? 'bigint' : f.db_type === 'character' ? 'bpchar' : 'text');

/**
 * For each row, the compared fields whose record value differs from the row's, with what the
 * record holds: the rows go in as arrays (keys in their columns' types, values as text cast to
 * their column's), joined to the table through the key, and compared as the writer compares.
 */
export async function recordChanges(
  client: PoolClient,
  description: CollectionDescription,
  /** Each column's SQL type as format_type names it (TableFacts.columnTypes): `character(10)`, `numeric(10,2)`, `timestamp(0) …`. */
  columnTypes: Readonly<Record<string, string>>,
  keys: CollectionField[],
  compared: CollectionField[],
  rows: FoundRow[],
  keepEmpty: boolean,
): Promise<(Map<number, string | null> | null)[]> {
  const keyNames = keys.map((_, i) => `k${i}`);
  const valueNames = compared.map((_, i) => `v${i}`);
  // `a`: the row's added fields, as ",2,5,": their empty value is no "keep the field", and their record's value is shown.
  const arrays = ['$1::int[]', '$2::text[]', ...keys.map((f, i) => `$${i + 3}::${keyArrayType(f)}[]`), ...compared.map((_, i) => `$${i + 3 + keys.length}::text[]`)];
  const on = keys.map((f, i) => `t.${quoteIdent(f.column as string)} = k.${keyNames[i]}`).join(' AND ');
  const columns = compared.map((f, i) => {
    // Cast as the writer stages it, modifiers included (character(10) pads, numeric(10,2) and timestamp(0) round).
    const type = columnTypes[f.column as string] ?? f.db_type ?? '';
    const given = comparedInType(type) ? `k.${valueNames[i]}::${type}` : `k.${valueNames[i]}`;
    const record = `t.${quoteIdent(f.column as string)}`;
    const same = sameValueSql(record, given, type);
    const kept = keepEmpty ? `((k.${valueNames[i]} IS NULL AND k.a NOT LIKE '%,${i},%') OR ${same})` : same;
    // As JSON writes it (true, 2024-03-01T00:00:00+00:00), like the row's side, rather than PostgreSQL's own text (t, 2024-03-01 00:00:00+00).
    return `CASE WHEN ${kept} THEN NULL ELSE jsonb_build_array(left(to_jsonb(${record}) #>> '{}', ${CHANGE_VALUE_CHARS + 1})) END AS d${i}`;
  });
  const sql = `SELECT k.r${columns.map((c) => `, ${c}`).join('')}
    FROM unnest(${arrays.join(', ')}) AS k(r, a, ${[...keyNames, ...valueNames].join(', ')}) JOIN ${qualified(description.table.schema, description.table.name)} t ON ${on}`;
  const params = [rows.map((r) => r.row), rows.map((r) => `,${r.added.join(',')},`), ...keys.map((_, i) => rows.map((r) => r.key[i])), ...compared.map((_, i) => rows.map((r) => r.values[i]))];
  const { rows: found } = await client.query<Record<string, number | [string | null] | null>>(sql, params);
  const byRow = new Map(found.map((f) => [Number(f.r), f]));
  return rows.map((r) => {
    const record = byRow.get(r.row);
    if (!record) return null;
    const differs = new Map<number, string | null>();
    compared.forEach((_, i) => {
      const d = record[`d${i}`] as [string | null] | null;
      if (d) differs.set(i, d[0]);
    });
    return differs;
  });
}
