import { uuid } from './ids';
import { z } from 'zod';

/**
 * What import-service learns about a NocoBase collection from NocoBase's own `collections` and
 * `fields` tables and from the database catalogue. Names are NocoBase's (field names as in its
 * API); `column`s are the real, case-sensitive column names to quote in SQL.
 */

export const QualifiedTableSchema = z.object({ schema: z.string(), name: z.string() });
export type QualifiedTable = z.infer<typeof QualifiedTableSchema>;

export const SelectOptionSchema = z.object({ value: z.union([z.string(), z.number(), z.boolean()]), label: z.string() });
export type SelectOption = z.infer<typeof SelectOptionSchema>;

export const RELATION_TYPES = ['belongsTo', 'hasOne', 'hasMany', 'belongsToMany'] as const;

export const FieldRelationSchema = z.object({
  type: z.enum(RELATION_TYPES),
  /** The related collection's name. */
  target: z.string(),
  /** belongsTo: the column in this table; hasOne/hasMany: in the target's table; belongsToMany: in `through`. */
  foreign_key: z.string().nullable(),
  foreign_key_column: z.string().nullable(),
  /** The related collection's key the foreign key holds (usually `id`). */
  target_key: z.string(),
  /** This collection's key the relation starts from (hasMany/belongsToMany). */
  source_key: z.string().nullable(),
  /** belongsToMany: the link table and its key pointing at the target. */
  through: QualifiedTableSchema.extend({ collection: z.string() }).nullable(),
  other_key: z.string().nullable(),
  other_key_column: z.string().nullable(),
  on_delete: z.string().nullable(),
});
export type FieldRelation = z.infer<typeof FieldRelationSchema>;

export const CollectionFieldSchema = z.object({
  name: z.string(),
  /** `options.uiSchema.title` with any `{{t("…")}}` wrapper removed; the name when there is none. */
  title: z.string(),
  interface: z.string().nullable(),
  type: z.string(),
  /** Null for fields with no column of their own (hasMany, belongsToMany, virtual fields). */
  column: z.string().nullable(),
  db_type: z.string().nullable(),
  nullable: z.boolean().nullable(),
  /** NocoBase refuses a record without it (validation rule, uiSchema.required or allowNull: false). */
  required: z.boolean(),
  /** `options.unique`, or a real single-column UNIQUE index or constraint. */
  unique: z.boolean(),
  primary_key: z.boolean(),
  /** Set by NocoBase or by the importer itself (primary key, createdAt/By, updatedAt/By), not mapped from a file. */
  system: z.boolean(),
  hidden: z.boolean(),
  /** select/multipleSelect/radioGroup/checkboxGroup choices; a cell may hold the value or the label. */
  options: z.array(SelectOptionSchema).nullable(),
  precision: z.number().int().nullable(),
  scale: z.number().int().nullable(),
  /** datetimes only: whether the value is an instant (timestamptz) rather than a wall-clock time. */
  timezone: z.boolean().nullable(),
  default_value: z.unknown().nullable(),
  relation: FieldRelationSchema.nullable(),
});
export type CollectionField = z.infer<typeof CollectionFieldSchema>;

export const PRIMARY_KEY_KINDS = ['snowflake', 'auto_increment', 'uuid', 'nanoid', 'composite', 'other', 'none'] as const;

export const PrimaryKeySchema = z.object({
  kind: z.enum(PRIMARY_KEY_KINDS),
  field: z.string().nullable(),
  columns: z.array(z.string()),
  /** auto_increment only: the sequence to advance with setval after inserting explicit ids. */
  sequence: z.string().nullable(),
});

export const CollectionDescriptionSchema = z.object({
  name: z.string(),
  title: z.string(),
  template: z.string().nullable(),
  table: QualifiedTableSchema,
  /** NocoBase's DB_UNDERSCORED: snake_case tables and columns instead of quoted camelCase. */
  underscored: z.boolean(),
  hidden: z.boolean(),
  /** The caller may import into it (admin/power, or an operator whose write grant matches the name), and it is no plugin's own. */
  can_write: z.boolean(),
  /** The NocoBase plugin that keeps this collection (`users`: @nocobase/plugin-users); null for one made in the collection manager. Never written by imports. */
  kept_by: z.string().nullable().default(null),
  row_estimate: z.number().int().nullable(),
  primary_key: PrimaryKeySchema,
  audit: z.object({
    created_at: z.string().nullable(),
    updated_at: z.string().nullable(),
    created_by_id: z.string().nullable(),
    updated_by_id: z.string().nullable(),
  }),
  /** The field whose value identifies a record in a relation cell. */
  title_field: z.string(),
  sort_fields: z.array(z.object({ field: z.string(), column: z.string().nullable(), scope_key: z.string().nullable(), scope_column: z.string().nullable() })),
  tree: z
    .object({
      type: z.string(),
      parent_field: z.string().nullable(),
      parent_column: z.string().nullable(),
      /** plugin-collection-tree's path table (`main_<name>_path`); a writer keeps it in step. */
      path_table: QualifiedTableSchema.extend({ exists: z.boolean() }),
    })
    .nullable(),
  /** Columns that only carry a relation (hidden `isForeignKey` fields): not fields to map. */
  foreign_key_columns: z.array(z.object({ field: z.string(), column: z.string().nullable() })),
  fields: z.array(CollectionFieldSchema),
  /** Metadata that did not match the database (a field without its column, …). */
  warnings: z.array(z.string()),
});
export type CollectionDescription = z.infer<typeof CollectionDescriptionSchema>;

export const CollectionSummarySchema = z.object({
  name: z.string(),
  title: z.string(),
  template: z.string().nullable(),
  tree: z.boolean(),
  field_count: z.number().int(),
  row_estimate: z.number().int().nullable(),
  can_write: z.boolean(),
  kept_by: z.string().nullable().default(null),
});
export type CollectionSummary = z.infer<typeof CollectionSummarySchema>;
export const CollectionSummaryListSchema = z.array(CollectionSummarySchema);

export const TargetCollectionsQuerySchema = z.object({ target_id: uuid() });
export const TargetCollectionQuerySchema = z.object({ target_id: uuid(), name: z.string().min(1).max(255) });
