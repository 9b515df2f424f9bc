import type { CollectionDescription, CollectionField } from '@intake/contracts';

/** Hand-made collection descriptions for unit specs, shaped like CollectionReader's output for the fixture. */
export function field(name: string, overrides: Partial<CollectionField> = {}): CollectionField {
  return {
    name,
    title: name,
    interface: 'input',
    type: 'string',
    column: name,
    db_type: 'character varying',
    nullable: true,
    required: false,
    unique: false,
    primary_key: false,
    system: false,
    hidden: false,
    options: null,
    precision: null,
    scale: null,
    timezone: null,
    default_value: null,
    relation: null,
    ...overrides,
  };
}

const PRESET: CollectionField[] = [
  field('id', { title: 'ID', interface: 'snowflakeId', type: 'snowflakeId', db_type: 'bigint', primary_key: true, unique: true, system: true, nullable: false }),
  field('createdAt', { title: 'Created at', interface: 'createdAt', type: 'date', db_type: 'timestamp with time zone', system: true, timezone: true }),
  field('createdBy', {
    title: 'Created by', interface: 'createdBy', type: 'belongsTo', column: 'createdById', db_type: 'bigint', system: true,
    relation: { type: 'belongsTo', target: 'users', foreign_key: 'createdById', foreign_key_column: 'createdById', target_key: 'id', source_key: null, through: null, other_key: null, other_key_column: null, on_delete: null },
  }),
];

export function collection(name: string, fields: CollectionField[], overrides: Partial<CollectionDescription> = {}): CollectionDescription {
  return {
    name,
    title: name[0].toUpperCase() + name.slice(1),
    template: 'general',
    table: { schema: 'public', name },
    underscored: false,
    hidden: false,
    can_write: true,
    kept_by: null,
    row_estimate: 0,
    primary_key: { kind: 'snowflake', field: 'id', columns: ['id'], sequence: null },
    audit: { created_at: 'createdAt', updated_at: 'updatedAt', created_by_id: 'createdById', updated_by_id: 'updatedById' },
    title_field: 'id',
    sort_fields: [],
    tree: null,
    foreign_key_columns: [],
    fields: [...PRESET, ...fields],
    warnings: [],
    ...overrides,
  };
}

/** A products-like collection with one field of every kind the converter handles. */
export const products = collection('products', [
  field('name', { title: 'Name', required: true }),
  field('sku', { title: 'SKU', unique: true }),
  field('price', { title: 'Price', interface: 'number', type: 'decimal', db_type: 'numeric', precision: 10, scale: 2 }),
  field('discount', { title: 'Discount', interface: 'percent', type: 'float', db_type: 'double precision' }),
  field('rate', { title: 'Rate', interface: 'percent', type: 'decimal', db_type: 'numeric', precision: 5, scale: 4 }),
  field('category', { title: 'Category', interface: 'select', options: [{ value: 'hw', label: 'Hardware' }, { value: 'sw', label: 'Software' }] }),
  field('priority', { title: 'Priority', interface: 'select', type: 'bigInt', db_type: 'bigint', options: [{ value: 1, label: 'Low' }, { value: 2, label: 'High' }] }),
  field('tags', { title: 'Tags', interface: 'multipleSelect', type: 'array', db_type: 'jsonb', default_value: [], options: [{ value: 'new', label: 'New' }, { value: 'sale', label: 'On sale' }, { value: 'eco', label: 'Eco' }] }),
  field('launched', { title: 'Launched', interface: 'date', type: 'dateOnly', db_type: 'date' }),
  field('opensAt', { title: 'Opens at', interface: 'time', type: 'time', db_type: 'time without time zone' }),
  field('localTime', { title: 'Local time', interface: 'datetimeNoTz', type: 'datetimeNoTz', db_type: 'timestamp without time zone', timezone: false }),
  field('stock', { title: 'Stock', interface: 'integer', type: 'integer', db_type: 'integer' }),
  field('active', { title: 'Active', interface: 'checkbox', type: 'boolean', db_type: 'boolean' }),
  field('email', { title: 'Support email', interface: 'email' }),
  field('notes', { title: 'Notes', interface: 'textarea', type: 'text', db_type: 'text' }),
  field('orders', {
    title: 'Orders', interface: 'm2m', type: 'belongsToMany', column: null, db_type: null,
    relation: { type: 'belongsToMany', target: 'orders', foreign_key: 'f_a', foreign_key_column: 'f_a', target_key: 'id', source_key: 'id', through: { schema: 'public', name: 't_x', collection: 't_x' }, other_key: 'f_b', other_key_column: 'f_b', on_delete: null },
  }),
  field('maker', {
    title: 'Maker', interface: 'm2o', type: 'belongsTo', column: 'makerId', db_type: 'bigint',
    relation: { type: 'belongsTo', target: 'makers', foreign_key: 'makerId', foreign_key_column: 'makerId', target_key: 'id', source_key: null, through: null, other_key: null, other_key_column: null, on_delete: 'SET NULL' },
  }),
  field('reviews', {
    title: 'Reviews', interface: 'o2m', type: 'hasMany', column: null, db_type: null,
    relation: { type: 'hasMany', target: 'reviews', foreign_key: 'productId', foreign_key_column: 'productId', target_key: 'id', source_key: 'id', through: null, other_key: null, other_key_column: null, on_delete: 'SET NULL' },
  }),
  field('formula', { title: 'Total', interface: 'formula', type: 'formula', db_type: 'double precision' }),
], { title: 'Products', title_field: 'sku', foreign_key_columns: [{ field: 'makerId', column: 'makerId' }] });
