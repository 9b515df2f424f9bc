import type { CollectionDescription, CollectionField } from '@intake/contracts';
import type { CollectionTables } from './collection-tables';
import { belongsToForeignKey, describeField, type FieldContext, isRelation } from './field-describer';
import type { CollectionRow, ColumnInfo, FieldRow, TableKeys } from './nocobase-metadata.repository';
import { resolveColumn, stripTranslation } from './nocobase-names';

export interface CollectionFacts {
  collection: CollectionRow;
  fields: FieldRow[];
  underscored: boolean;
  tables: CollectionTables;
  columns: ColumnInfo[];
  keys: TableKeys;
  /** Column names of other tables (relation targets, through tables). */
  columnsOf(table: { schema: string; name: string }): Set<string>;
  rowEstimate: number | null;
  canWrite: boolean;
}

const STRING_TYPES = new Set(['string', 'text', 'uid', 'uuid', 'nanoid']);

export function collectionTitle(c: CollectionRow): string {
  return stripTranslation(c.title) ?? c.name;
}

/**
 * Hidden FK rows (`isForeignKey`) and other plain fields that hold a belongsTo's key (`createdById`
 * of context type on `users`) are that relation's column, not fields a spreadsheet column maps to.
 */
export function splitForeignKeys(rows: FieldRow[]): { fields: FieldRow[]; foreignKeys: FieldRow[] } {
  const relationKeys = new Set(rows.filter((r) => r.type === 'belongsTo').map(belongsToForeignKey));
  const isKey = (r: FieldRow) => !isRelation(r) && (r.options.isForeignKey === true || relationKeys.has(r.name));
  return { fields: rows.filter((r) => !isKey(r)), foreignKeys: rows.filter(isKey) };
}

export function describeCollection(facts: CollectionFacts): CollectionDescription {
  const { collection: c, tables, underscored } = facts;
  const table = tables.of(c.name);
  const warnings: string[] = table.exists ? [] : [`Table ${table.schema}.${table.name} does not exist`];
  const columnNames = new Set(facts.columns.map((col) => col.name));
  const ctx: FieldContext = {
    underscored,
    columns: new Map(facts.columns.map((col) => [col.name, col])),
    keys: facts.keys,
    tableOf: (name) => tables.of(name),
    columnsOf: facts.columnsOf,
    warnings,
  };
  const { fields: rows, foreignKeys } = splitForeignKeys(facts.fields);
  const fields = rows.map((row) => describeField(row, ctx));
  const column = (name: string | null) => (name ? resolveColumn(name, columnNames, underscored) : null);
  const byInterface = (i: string) => fields.find((f) => f.interface === i) ?? fields.find((f) => f.name === i);
  const treeType = typeof c.options.tree === 'string' ? c.options.tree : null;
  const parent = fields.find((f) => f.relation && rows.find((r) => r.name === f.name)?.options.treeParent === true);
  return {
    name: c.name,
    title: collectionTitle(c),
    template: typeof c.options.template === 'string' ? c.options.template : null,
    table: { schema: table.schema, name: table.name },
    underscored,
    hidden: c.hidden || c.options.isThrough === true,
    can_write: facts.canWrite && keptBy(c) === null,
    kept_by: keptBy(c),
    row_estimate: facts.rowEstimate,
    primary_key: primaryKeyOf(fields, facts),
    audit: {
      created_at: byInterface('createdAt')?.column ?? column('createdAt'),
      updated_at: byInterface('updatedAt')?.column ?? column('updatedAt'),
      created_by_id: byInterface('createdBy')?.relation?.foreign_key_column ?? column('createdById'),
      updated_by_id: byInterface('updatedBy')?.relation?.foreign_key_column ?? column('updatedById'),
    },
    title_field: titleFieldOf(c, fields),
    sort_fields: fields
      .filter((f) => f.type === 'sort')
      .map((f) => {
        const scopeKey = rows.find((r) => r.name === f.name)?.options.scopeKey;
        const scope = typeof scopeKey === 'string' && scopeKey ? scopeKey : null;
        return { field: f.name, column: f.column, scope_key: scope, scope_column: column(scope) };
      }),
    tree: treeType
      ? { type: treeType, parent_field: parent?.name ?? null, parent_column: parent?.relation?.foreign_key_column ?? null, path_table: tables.pathTableOf(c.name) }
      : null,
    foreign_key_columns: foreignKeys.map((r) => ({ field: r.name, column: column(typeof r.options.field === 'string' ? r.options.field : r.name) })),
    fields,
    warnings,
  };
}

function primaryKeyOf(fields: CollectionField[], facts: CollectionFacts): CollectionDescription['primary_key'] {
  const dbColumns = facts.keys.primaryKey;
  const pkFields = fields.filter((f) => f.primary_key);
  const field = pkFields.length === 1 ? pkFields[0] : null;
  const columns = dbColumns.length ? dbColumns : pkFields.map((f) => f.column).filter((c): c is string => c !== null);
  if (columns.length > 1) return { kind: 'composite', field: null, columns, sequence: null };
  if (!columns.length) return { kind: 'none', field: null, columns, sequence: null };
  const sequence = facts.keys.sequences.get(columns[0]) ?? sequenceFromDefault(facts.columns.find((c) => c.name === columns[0])?.default);
  const row = field ? facts.fields.find((r) => r.name === field.name) : undefined;
  const kind =
    field?.type === 'snowflakeId' ? 'snowflake'
    : sequence || row?.options.autoIncrement === true ? 'auto_increment'
    : field?.type === 'uuid' ? 'uuid'
    : field?.type === 'nanoid' ? 'nanoid'
    : 'other';
  return { kind, field: field?.name ?? null, columns, sequence: kind === 'auto_increment' ? sequence : null };
}

function sequenceFromDefault(def: string | null | undefined): string | null {
  return def ? (/nextval\('([^']+)'/.exec(def)?.[1] ?? null) : null;
}

/** `options.titleField`, else the first unique text field, else the primary key field, else `id`. */
function titleFieldOf(c: CollectionRow, fields: CollectionField[]): string {
  const configured = typeof c.options.titleField === 'string' ? c.options.titleField : null;
  if (configured && fields.some((f) => f.name === configured)) return configured;
  const unique = fields.find((f) => f.unique && !f.primary_key && !f.hidden && STRING_TYPES.has(f.type));
  return unique?.name ?? fields.find((f) => f.primary_key)?.name ?? 'id';
}

/**
 * The plugin that keeps a collection NocoBase lists in its collection manager but defines itself
 * (`users`, whose rows hold sign-in names, emails and roles): its own hooks (password hashing, role
 * checks) run only through NocoBase, so a write straight into its table could take over an account.
 */
export function keptBy(c: CollectionRow): string | null {
  return typeof c.options.origin === 'string' && c.options.origin ? c.options.origin : null;
}

/** Why the caller may not import into a collection, as a sentence. */
export function notWritable(description: { title: string; kept_by: string | null }): string {
  return description.kept_by
    ? `${description.title} is NocoBase's own collection (kept by ${description.kept_by}): imports never write it, since NocoBase's own checks would be bypassed; change it in NocoBase`
    : `You may read but not import into ${description.title}; ask an administrator for a write grant`;
}
