import { Injectable } from '@nestjs/common';
import type { CollectionField } from '@intake/contracts';
import type { PoolClient } from 'pg';
import { NocoBasePools } from '../nocobase/nocobase-pools';
import { qualified, quoteIdent } from '../nocobase/nocobase-names';
import type { NocoBaseConnection } from '../targets/nocobase-target';
import { fieldKind } from './field-kind';
import type { RelationPlan } from './row-converter';
import type { SameImportMatch, SameImportRecords } from './same-import-records';
import type { CellError, ConvertedRow, DbValue, FailedRow, RelationRef, RowDependency, WriteRow } from './writer-types';

export interface ResolvedRows {
  rows: WriteRow[];
  failed: FailedRow[];
  /** The failed rows' cells that name no record at all (not several): the preview lists and suggests for these. */
  missing: MissingRef[];
}

/** A relation cell whose text no record of the related collection has. */
export interface MissingRef {
  rowNumber: number;
  field: string;
  column: number;
  text: string;
}

const STRING_COLUMNS = new Set(['character varying', 'text', 'character']);
export const INTEGER_COLUMNS = new Set(['bigint', 'integer', 'smallint']);
const INTEGER_TEXT = /^[+-]?\d{1,19}$/;

/** anyOf compares this field's column in its own type: as the unique index does, and through it. */
export const comparedAsStored = (f: CollectionField) => STRING_COLUMNS.has(f.db_type ?? '') || INTEGER_COLUMNS.has(f.db_type ?? '');

/** Cell texts, and those of them that name integers (as numbers: `007` is 7). */
export interface CellValues {
  texts: string[];
  integers: string[];
}

export function cellValues(texts: string[]): CellValues {
  return { texts, integers: [...new Set(texts.filter((x) => INTEGER_TEXT.test(x)).map((x) => BigInt(x).toString()))] };
}

/**
 * The condition that `column` (field `f`'s) holds one of `values`, as matchKey compares them; a text
 * column is compared as it is, so its index serves. `param` numbers a parameter and casts it.
 */
export function anyOf(f: CollectionField, column: string, values: CellValues, param: (value: unknown, type: string) => string): string {
  if (isInteger(f)) return `${column} = ANY(${param(values.integers, 'bigint[]')})`;
  return `${STRING_COLUMNS.has(f.db_type ?? '') ? column : `${column}::text`} = ANY(${param(values.texts, 'text[]')})`;
}

/** The fields a relation cell may name, in the order they are tried. */
export function matchFields(plan: RelationPlan): CollectionField[] {
  const t = plan.target;
  const usable = (f: CollectionField | undefined): f is CollectionField => !!f && !!f.column && !f.relation;
  if (plan.matchBy) return [t.fields.find((f) => f.name === plan.matchBy)].filter(usable);
  const title = t.fields.find((f) => f.name === t.title_field);
  const uniques = t.fields.filter((f) => f.unique && !f.primary_key && !f.hidden);
  const pk = t.fields.find((f) => f.primary_key);
  return [...new Set([title, ...uniques, pk].filter(usable))];
}

/**
 * The related record's column a link holds: the relation's target key (users.roles links roles by
 * `name`), falling back to the primary key when no field has that name.
 */
export function targetKeyColumn(plan: RelationPlan): string {
  const t = plan.target;
  const key = t.fields.find((f) => f.name === plan.field.relation?.target_key && f.column);
  return key?.column ?? t.primary_key.columns[0] ?? 'id';
}

const isInteger = (f: CollectionField) => INTEGER_COLUMNS.has(f.db_type ?? '') || fieldKind(f) === 'integer';
/** What a value of `f` is compared by: integers as numbers (`007` names 7), everything else as written. */
export const matchKey = (f: CollectionField, text: string) => (isInteger(f) && INTEGER_TEXT.test(text) ? BigInt(text).toString() : text);

/**
 * Turns relation cells into ids: per batch, one query per relation looks up all the distinct values
 * of that column in the related table (by its title field, then its unique fields, then its id, or
 * by the one field the mapping named). A value no record has, or that several records share, fails
 * its row with a message naming it. Values are matched as written (trimmed, case-sensitive).
 * A value of a relation to the sheet's own collection that no record has may name the record an
 * earlier row of the import creates (`sameImport`, as NocoBase's row-by-row importer finds it): the
 * row then depends on that row (WriteRow.dependsOn); one a later row creates fails, saying so.
 * Each item of a belongsToMany cell is one value; the row's value for the field becomes the list of
 * the records' target keys (two items naming the same record count once).
 */
@Injectable()
export class RelationResolver {
  constructor(private readonly pools: NocoBasePools) {}

  async resolve(conn: NocoBaseConnection, plans: readonly RelationPlan[], rows: readonly ConvertedRow[], sameImport: SameImportRecords | null = null): Promise<ResolvedRows> {
    const wanted = plans.filter((p) => rows.some((r) => r.refs.some((ref) => ref.field === p.field.name)));
    const found = wanted.length
      ? await this.pools.withClient(conn, async (client) => {
          const maps = new Map<string, Map<string, Match>>();
          for (const plan of wanted) maps.set(plan.field.name, await lookUp(client, plan, distinctTexts(rows, plan.field.name), plan.target.name === sameImport?.collection));
          return maps;
        })
      : new Map<string, Map<string, Match>>();
    const result: ResolvedRows = { rows: [], failed: [], missing: [] };
    for (const row of rows) {
      // Most rows of most sheets name no record: their values pass as they are (this runs per row).
      if (!row.refs.length) {
        result.rows.push({ rowNumber: row.rowNumber, rowIndex: row.rowIndex, values: row.values });
        continue;
      }
      const values = { ...row.values };
      const errors: CellError[] = [];
      const dependsOn: RowDependency[] = [];
      for (const ref of row.refs) {
        const plan = plans.find((p) => p.field.name === ref.field);
        const match = withoutBatchRecords(found.get(ref.field)?.get(ref.text), plan, sameImport);
        const link = (key: string) => (values[ref.field] = plan && fieldKind(plan.field) === 'links' ? withLink(values[ref.field], key) : key);
        if (match?.ids.length === 1) {
          link(match.ids[0]);
          continue;
        }
        const own = !match && plan ? ((plan.target.name === sameImport?.collection ? sameImport.match(plan, ref.text, row) : null) ?? sameImport?.fromOtherSheets?.(plan, ref.text) ?? null) : null;
        if (own?.found === 'earlier' || own?.found === 'unchecked') {
          if (own.found === 'earlier' && own.link) {
            link(own.link.key);
            dependsOn.push({ field: ref.field, ...own.link, rowNumber: own.rowNumber, where: ref.where, text: ref.text });
          }
          continue;
        }
        errors.push({ field: ref.field, column: ref.column, message: `${ref.where}: ${plan ? (own ? explainOwn(plan, ref, own) : explain(plan, ref.text, match)) : `no relation ${ref.field} is planned`}` });
        if (plan && !match && !own) result.missing.push({ rowNumber: row.rowNumber, field: ref.field, column: ref.column, text: ref.text });
      }
      if (errors.length) result.failed.push({ rowNumber: row.rowNumber, rowIndex: row.rowIndex, errors });
      else result.rows.push({ rowNumber: row.rowNumber, rowIndex: row.rowIndex, values, ...(dependsOn.length ? { dependsOn } : {}) });
    }
    return result;
  }
}

/**
 * The match without the records rows of this batch create. Only a replay finds them in the table;
 * the first attempt resolved without them (an earlier row's record through `sameImport`), so the
 * replay must too, or it would not reach the same outcomes.
 */
function withoutBatchRecords(match: Match | undefined, plan: RelationPlan | undefined, sameImport: SameImportRecords | null): Match | undefined {
  if (!match || !sameImport || plan?.target.name !== sameImport.collection) return match;
  const kept = match.pks.map((pk) => !sameImport.createdInBatch(pk));
  if (kept.every(Boolean)) return match;
  const ids = match.ids.filter((_, i) => kept[i]);
  return ids.length ? { ...match, ids, pks: match.pks.filter((_, i) => kept[i]) } : undefined;
}

function withLink(links: DbValue | undefined, key: string): DbValue {
  const list = Array.isArray(links) ? links : [];
  return list.includes(key) ? list : [...list, key];
}

function distinctTexts(rows: readonly ConvertedRow[], field: string): string[] {
  return [...new Set(rows.flatMap((r) => r.refs.filter((ref) => ref.field === field).map((ref) => ref.text)))];
}

/** The records a cell names (their target keys, and their primary keys in the same order), and through which field. */
interface Match {
  ids: string[];
  pks: string[];
  field: CollectionField;
}

/**
 * text → the records it names: the first match field with any hit decides. `withPks`: also their
 * primary keys (to tell the batch's own records apart); a collection without a one-column primary
 * key (a view, a table linked by `code`) has none to give.
 */
async function lookUp(client: PoolClient, plan: RelationPlan, texts: string[], withPks: boolean): Promise<Map<string, Match>> {
  const fields = matchFields(plan);
  // A named field the related collection lacks (unchecked plan): no value can match, each fails its row.
  if (!fields.length) return new Map();
  const t = plan.target;
  const keyColumn = quoteIdent(targetKeyColumn(plan));
  const pk = withPks && t.primary_key.columns.length === 1 ? `t.${quoteIdent(t.primary_key.columns[0])}::text` : 'NULL::text';
  const values = cellValues(texts);
  // Parameters are numbered as they are first used: PostgreSQL refuses one the statement never mentions.
  const params: unknown[] = [];
  const param = (value: unknown, type: string) => {
    const at = params.indexOf(value);
    return `$${at >= 0 ? at + 1 : params.push(value)}::${type}`;
  };
  const conditions = fields.map((f) => anyOf(f, `t.${quoteIdent(f.column as string)}`, values, param));
  const selected = fields.map((f, i) => `t.${quoteIdent(f.column as string)}::text AS m${i}`);
  const { rows } = await client.query<Record<string, string | null>>(
    `SELECT DISTINCT t.${keyColumn}::text AS id, ${pk} AS pk, ${selected.join(', ')} FROM ${qualified(t.table.schema, t.table.name)} t WHERE t.${keyColumn} IS NOT NULL AND (${conditions.join(' OR ')})`,
    params,
  );
  // Per match field, the records (target key → primary key) by the match key of their value: one pass over the rows.
  const byField = fields.map((f, i) => {
    const index = new Map<string, Map<string, string>>();
    for (const r of rows) {
      const value = r[`m${i}`];
      if (value === null) continue;
      const key = matchKey(f, value);
      const records = index.get(key) ?? new Map<string, string>();
      index.set(key, records.set(r.id as string, r.pk as string));
    }
    return index;
  });
  const result = new Map<string, Match>();
  for (const text of texts) {
    for (const [i, f] of fields.entries()) {
      const records = byField[i].get(matchKey(f, text));
      if (records?.size) {
        result.set(text, { ids: [...records.keys()], pks: [...records.values()], field: f });
        break;
      }
    }
  }
  return result;
}

function explain(plan: RelationPlan, text: string, match: Match | undefined): string {
  if (match) return `${match.ids.length} ${plan.target.title} records have ${match.field.title} '${text}': map the column to a field that identifies one record`;
  const fields = matchFields(plan).map((f) => f.title);
  const names = fields.length > 1 ? `${fields.slice(0, -1).join(', ')} or ${fields[fields.length - 1]}` : (fields[0] ?? plan.matchBy ?? 'id');
  return `no ${plan.target.title} record has ${names} '${text}'`;
}

/** Why a value another row of the import creates cannot be used here. */
function explainOwn(plan: RelationPlan, ref: RelationRef, own: Exclude<SameImportMatch, null | { found: 'earlier' | 'unchecked' }>): string {
  const title = plan.target.title;
  switch (own.found) {
    case 'self':
      return `'${ref.text}' is the ${title} record this row creates: a record cannot name itself here`;
    case 'later':
      return `no ${title} record has '${ref.text}' yet: row ${own.rowNumber} of this import creates it, after this row: put row ${own.rowNumber} first`;
    case 'several':
      return `rows ${own.rowNumbers.join(' and ')} of this import both create a ${title} record with ${own.field.title} '${ref.text}': map the column to a field that identifies one record`;
  }
}
