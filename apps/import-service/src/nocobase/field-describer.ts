import type { CollectionField, FieldRelation, QualifiedTable, SelectOption } from '@intake/contracts';
import type { ColumnInfo, FieldRow, TableKeys } from './nocobase-metadata.repository';
import { resolveColumn, stripTranslation } from './nocobase-names';

const RELATIONS = new Set(['belongsTo', 'hasOne', 'hasMany', 'belongsToMany']);
/** Field types that never have a column of their own. */
const VIRTUAL_TYPES = new Set(['hasOne', 'hasMany', 'belongsToMany', 'virtual']);
const SYSTEM_INTERFACES = new Set(['createdAt', 'updatedAt', 'createdBy', 'updatedBy']);
const DATETIME_TYPES = new Set(['date', 'datetime', 'datetimeTz']);

/** What a field needs to know about its collection and the tables around it. */
export interface FieldContext {
  underscored: boolean;
  columns: Map<string, ColumnInfo>;
  keys: TableKeys;
  /** The table of a collection (relation targets, through collections). */
  tableOf(collection: string): QualifiedTable;
  /** Column names of any table; empty when it does not exist. */
  columnsOf(table: QualifiedTable): Set<string>;
  warnings: string[];
}

type Options = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);
const uiSchemaOf = (o: Options): Options => (o.uiSchema && typeof o.uiSchema === 'object' ? (o.uiSchema as Options) : {});

export function isRelation(row: FieldRow): boolean {
  return RELATIONS.has(row.type);
}

/** The foreign key a belongsTo keeps in its own table; NocoBase's default is `<name>Id`. */
export function belongsToForeignKey(row: FieldRow): string {
  return str(row.options.foreignKey) ?? `${row.name}Id`;
}

export function fieldTitle(row: FieldRow): string {
  return stripTranslation(uiSchemaOf(row.options).title) ?? row.name;
}

export function describeField(row: FieldRow, ctx: FieldContext): CollectionField {
  const o = row.options;
  const ui = uiSchemaOf(o);
  const names = new Set(ctx.columns.keys());
  const ownColumn = row.type === 'belongsTo' ? belongsToForeignKey(row) : (str(o.field) ?? row.name);
  const column = VIRTUAL_TYPES.has(row.type) ? null : resolveColumn(ownColumn, names, ctx.underscored);
  if (!column && !VIRTUAL_TYPES.has(row.type)) ctx.warnings.push(`Field ${row.name} has no column ${ownColumn} in the table`);
  const info = column ? ctx.columns.get(column) : undefined;
  const pkSingle = ctx.keys.primaryKey.length === 1 ? ctx.keys.primaryKey[0] : null;
  const primaryKey = o.primaryKey === true || (column !== null && column === pkSingle);
  const rules = (o.validation as { rules?: { name?: string }[] } | undefined)?.rules;
  const required =
    (Array.isArray(rules) && rules.some((r) => r?.name === 'required')) || ui.required === true || o.required === true || (o.allowNull === false && !primaryKey);
  const numeric = row.type === 'decimal' || info?.dataType === 'numeric';
  return {
    name: row.name,
    title: fieldTitle(row),
    interface: row.interface,
    type: row.type,
    column,
    db_type: info?.dataType ?? null,
    nullable: info ? info.nullable : null,
    required,
    unique: o.unique === true || primaryKey || (column !== null && ctx.keys.uniqueColumns.has(column)),
    primary_key: primaryKey,
    system: primaryKey || SYSTEM_INTERFACES.has(row.interface ?? '') || row.type === 'context',
    hidden: o.hidden === true,
    options: selectOptions(ui.enum),
    precision: numeric ? (int(o.precision) ?? info?.precision ?? null) : null,
    scale: numeric ? (int(o.scale) ?? info?.scale ?? null) : null,
    timezone: timezoneOf(row, info),
    default_value: o.defaultValue ?? null,
    relation: isRelation(row) ? describeRelation(row, column, ctx) : null,
  };
}

/** `uiSchema.enum`: `[{ value, label }]` (labels may be `{{t("…")}}`) or plain values. */
export function selectOptions(raw: unknown): SelectOption[] | null {
  if (!Array.isArray(raw)) return null;
  const options: SelectOption[] = [];
  for (const item of raw) {
    const value = item && typeof item === 'object' ? (item as Options).value : item;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
    const label = item && typeof item === 'object' ? stripTranslation((item as Options).label) : null;
    options.push({ value, label: label ?? String(value) });
  }
  return options;
}

function timezoneOf(row: FieldRow, info: ColumnInfo | undefined): boolean | null {
  if (row.type === 'datetimeNoTz') return false;
  if (!DATETIME_TYPES.has(row.type)) return null;
  if (typeof row.options.timezone === 'boolean') return row.options.timezone;
  return info ? info.dataType === 'timestamp with time zone' : true;
}

function describeRelation(row: FieldRow, column: string | null, ctx: FieldContext): FieldRelation {
  const o = row.options;
  const target = str(o.target) ?? row.name;
  const base = {
    type: row.type as FieldRelation['type'],
    target,
    target_key: str(o.targetKey) ?? 'id',
    on_delete: str(o.onDelete),
    through: null,
    other_key: null,
    other_key_column: null,
  };
  if (row.type === 'belongsTo') {
    return { ...base, foreign_key: belongsToForeignKey(row), foreign_key_column: column, source_key: null };
  }
  const foreignKey = str(o.foreignKey);
  const sourceKey = str(o.sourceKey) ?? 'id';
  if (row.type !== 'belongsToMany') {
    const targetColumns = ctx.columnsOf(ctx.tableOf(target));
    const fkColumn = foreignKey ? resolveColumn(foreignKey, targetColumns, ctx.underscored) : null;
    return { ...base, foreign_key: foreignKey, foreign_key_column: fkColumn, source_key: sourceKey };
  }
  const throughName = str(o.through);
  const throughTable = throughName ? ctx.tableOf(throughName) : null;
  const throughColumns = throughTable ? ctx.columnsOf(throughTable) : new Set<string>();
  if (throughName && !throughColumns.size) ctx.warnings.push(`Relation ${row.name}: through table ${throughName} does not exist`);
  const otherKey = str(o.otherKey);
  return {
    ...base,
    foreign_key: foreignKey,
    foreign_key_column: foreignKey ? resolveColumn(foreignKey, throughColumns, ctx.underscored) : null,
    source_key: sourceKey,
    through: throughTable && throughName ? { schema: throughTable.schema, name: throughTable.name, collection: throughName } : null,
    other_key: otherKey,
    other_key_column: otherKey ? resolveColumn(otherKey, throughColumns, ctx.underscored) : null,
  };
}
