import type { CollectionField } from '@intake/contracts';

/**
 * How a NocoBase field takes a spreadsheet value, decided once per field from its interface, type
 * and real column type. NocoBase checks none of this in the database (no CHECK constraints, select
 * values unchecked), so this is where a direct writer must be as strict as NocoBase's API.
 */
export type FieldKind =
  | 'string'
  | 'text'
  | 'email'
  | 'select'
  | 'multi-select'
  | 'integer'
  | 'float'
  | 'decimal'
  | 'percent'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'naive-datetime'
  | 'time'
  | 'relation'
  | 'links';

const SELECT_INTERFACES = new Set(['select', 'radioGroup']);
const MULTI_INTERFACES = new Set(['multipleSelect', 'checkboxGroup']);
const STRING_TYPES = new Set(['string', 'uid', 'uuid', 'nanoid']);
const INTEGER_TYPES = new Set(['bigInt', 'integer', 'smallint', 'sort', 'snowflakeId']);
const FLOAT_TYPES = new Set(['float', 'double', 'real']);
const DATETIME_TYPES = new Set(['date', 'datetime', 'datetimeTz']);

/**
 * The kind of a field, or null when a spreadsheet cell cannot fill it (hasMany, formula, json, attachment…).
 * `relation`: a belongsTo, one related record; `links`: a belongsToMany, rows of its link table.
 */
export function fieldKind(field: CollectionField): FieldKind | null {
  const relation = field.relation;
  if (relation?.type === 'belongsTo') return field.column ? 'relation' : null;
  if (relation?.type === 'belongsToMany') return relation.through && relation.foreign_key_column && relation.other_key_column ? 'links' : null;
  if (relation) return null;
  if (!field.column) return null;
  const iface = field.interface ?? '';
  if (MULTI_INTERFACES.has(iface) && field.db_type !== null && /json/.test(field.db_type)) return 'multi-select';
  if (SELECT_INTERFACES.has(iface) && field.options?.length) return 'select';
  if (iface === 'email') return 'email';
  if (iface === 'percent') return 'percent';
  const varchar = field.db_type === 'character varying' || field.db_type === 'character';
  if (STRING_TYPES.has(field.type)) return field.db_type === 'text' ? 'text' : 'string';
  if (field.type === 'text') return varchar ? 'string' : 'text';
  if (INTEGER_TYPES.has(field.type)) return 'integer';
  if (FLOAT_TYPES.has(field.type)) return 'float';
  if (field.type === 'decimal') return 'decimal';
  if (field.type === 'boolean') return 'boolean';
  if (field.type === 'dateOnly') return 'date';
  if (field.type === 'datetimeNoTz') return 'naive-datetime';
  if (DATETIME_TYPES.has(field.type)) return field.timezone === false || field.db_type === 'timestamp without time zone' ? 'naive-datetime' : 'datetime';
  if (field.type === 'time') return 'time';
  return null;
}

/** belongsTo and belongsToMany fields: their cells name records of another collection, to be looked up. */
export function namesRecords(field: CollectionField): boolean {
  const kind = fieldKind(field);
  return kind === 'relation' || kind === 'links';
}

/** Why a mapped field cannot be imported into, in words for the mapping screen; null when it can. */
export function notImportableReason(field: CollectionField): string | null {
  if (fieldKind(field) !== null) return null;
  if (field.relation?.type === 'belongsToMany') return `${field.title} is a many-to-many relation whose link table or key columns NocoBase's metadata does not name`;
  if (field.relation) {
    return `${field.title} is a ${field.relation.type} relation: its links are kept in the related records, so only belongsTo and belongsToMany relations can be imported`;
  }
  if (!field.column) return `${field.title} has no column of its own`;
  return `${field.title} (${field.interface ?? field.type}) cannot be filled from a spreadsheet cell yet`;
}
