import type { CollectionDescription, CollectionField } from '@intake/contracts';
import { fieldKind } from './field-kind';
import { fieldConversion, sortLikeNocoBase } from './field-values';
import type { PathColumns, TableFacts } from './table-facts';
import type { DbValue } from './writer-types';

/** A field the batch carries, and the real column it lands in. */
export interface PlannedColumn {
  field: CollectionField;
  column: string;
}

export interface SortColumn {
  column: string;
  /** The scope column (`parentId` for tickets); null when the sort is global. */
  scope: string | null;
  /** The file fills the sort value itself (then a blank one is computed). */
  mapped: boolean;
  /** The file fills the scope column, so an update can move a record to another scope. */
  scopeMapped: boolean;
}

/** Everything about one collection and one set of mapped fields that the batch statements need. */
export interface WritePlan {
  description: CollectionDescription;
  pk: string;
  /** Each column's SQL type (`format_type`). */
  columnTypes: Readonly<Record<string, string>>;
  /** The primary key's SQL type, for casting ids passed as text (`bigint` for snowflake and sequence ids). */
  pkType: string;
  /** Mapped fields that have a column (belongsTo: its foreign key column). */
  columns: PlannedColumn[];
  /** Mapped belongsToMany fields: their link rows are written once the records are (link-writes.ts). */
  links: CollectionField[];
  keys: PlannedColumn[];
  /** Mapped unique fields other than the primary key and a lone key field: checked against the table and the batch. */
  uniques: PlannedColumn[];
  actingUserId: number | null;
  /** An empty cell leaves an updated record's field as it is (its staged NULL means "not given"). */
  keepEmpty: boolean;
  sorts: SortColumn[];
  /** NocoBase's defaultValue of unmapped fields, applied to new records as its API would (`type`: the column's SQL type). */
  defaults: { column: string; value: DbValue; type: string }[];
  /** Columns that lead an index (see findExistingRecords). */
  indexedColumns: ReadonlySet<string>;
  /** Column sets of the table's plain unique indexes (see direct-insert). */
  uniqueIndexes: readonly (readonly string[])[];
  /** The tree's parent column, when the file fills it. */
  parentColumn: string | null;
  pathColumns: PathColumns | null;
}

export function buildWritePlan(
  description: CollectionDescription,
  fields: readonly string[],
  keyFields: readonly string[],
  actingUserId: number | null,
  facts: TableFacts,
  keepEmpty = false,
): WritePlan {
  const pk = description.primary_key.columns[0];
  if (!pk || description.primary_key.columns.length !== 1) throw new Error(`${description.name} has no single-column primary key`);
  const planned = (name: string): PlannedColumn => {
    const field = description.fields.find((f) => f.name === name);
    if (!field?.column) throw new Error(`${description.name}.${name} has no column to write`);
    return { field, column: field.column };
  };
  const links = fields.flatMap((name) => {
    const field = description.fields.find((f) => f.name === name);
    return field && fieldKind(field) === 'links' ? [field] : [];
  });
  const linkNames = new Set(links.map((f) => f.name));
  const columns = fields.filter((name) => !linkNames.has(name)).map(planned);
  const mappedColumns = new Set(columns.map((c) => c.column));
  const parent = description.tree?.parent_column ?? null;
  return {
    description,
    pk,
    columnTypes: facts.columnTypes,
    pkType: facts.columnTypes[pk] ?? 'bigint',
    columns,
    links,
    keys: keyFields.map(planned),
    // A unique field that is the whole key needs no second lookup: its holder is the key match.
    uniques: columns.filter((c) => c.field.unique && !c.field.primary_key && c.column !== pk && !(keyFields.length === 1 && keyFields[0] === c.field.name)),
    actingUserId,
    keepEmpty,
    sorts: description.sort_fields
      .filter((s) => s.column !== null)
      .map((s) => ({ column: s.column as string, scope: s.scope_column, mapped: mappedColumns.has(s.column as string), scopeMapped: s.scope_column !== null && mappedColumns.has(s.scope_column) })),
    defaults: insertDefaults(description, new Set(fields)).map((d) => ({ ...d, type: facts.columnTypes[d.column] ?? 'text' })),
    indexedColumns: facts.indexedColumns,
    uniqueIndexes: facts.uniqueIndexes,
    parentColumn: parent && mappedColumns.has(parent) ? parent : null,
    pathColumns: facts.pathColumns,
  };
}

/** Defaults NocoBase's API would give a new record; `{{…}}` variables and values that do not fit are left out. */
export function insertDefaults(description: CollectionDescription, mapped: ReadonlySet<string>): { column: string; value: DbValue }[] {
  const sortColumns = new Set(description.sort_fields.map((s) => s.column));
  const defaults: { column: string; value: DbValue }[] = [];
  for (const field of description.fields) {
    const value = field.default_value;
    if (mapped.has(field.name) || field.system || field.relation || !field.column || sortColumns.has(field.column) || value === null || value === undefined) continue;
    const kind = fieldKind(field);
    if (kind === 'multi-select' && Array.isArray(value) && value.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) {
      defaults.push({ column: field.column, value: sortLikeNocoBase(value as (string | number | boolean)[]) });
      continue;
    }
    if (kind === null || kind === 'multi-select' || !['string', 'number', 'boolean'].includes(typeof value) || /\{\{.*\}\}/.test(String(value))) continue;
    const result = fieldConversion({ ...field, required: false }, {})(value as string | number | boolean);
    if (result.ok && result.value !== null) defaults.push({ column: field.column, value: result.value });
  }
  return defaults;
}
