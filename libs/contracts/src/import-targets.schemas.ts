import { uuid } from './ids';
import { LineText, StorableText } from './storable-text';
import { z } from 'zod';

/**
 * Import targets: where import jobs write. Every target has a `kind` and that kind's `settings`;
 * NocoBase databases now, Elasticsearch servers later (a second member of each union below).
 */
export const TARGET_KINDS = ['nocobase'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

const identifier = z
  .string()
  .trim()
  .min(1)
  .max(63)
  .regex(/^[A-Za-z_][A-Za-z0-9_$]*$/, 'must be a PostgreSQL identifier (letters, digits, _; not starting with a digit)');
const targetName = LineText.trim().min(1, 'is required').max(100);
const host = LineText.trim()
  .min(1, 'is required')
  .max(255)
  .regex(/^[^\s/?#@]+$/, 'must be a host name or IP address, without scheme, path or spaces');
const tablePrefix = z
  .string()
  .trim()
  .max(30)
  .regex(/^[A-Za-z0-9_]*$/, 'may contain letters, digits and _ only')
  .nullable()
  .transform((v) => (v ? v : null));

/** NocoBase's database, as its DB_* variables describe it. */
const nocoBaseFields = {
  host,
  port: z.number().int().min(1).max(65535),
  database: LineText.trim().min(1, 'is required').max(63),
  user: LineText.trim().min(1, 'is required').max(63),
  /** Empty for servers that trust the connection; a masked value or absence keeps the stored one. */
  // PostgreSQL's wire protocol ends a password at a NUL; a lone surrogate cannot be sent as UTF-8.
  password: StorableText.max(1024).nullable(),
  /** NocoBase's DB_SCHEMA: where its `collections` and `fields` tables live. */
  schema: identifier,
  /** NocoBase's DB_TABLE_PREFIX. */
  table_prefix: tablePrefix,
  /** TLS with certificate verification. */
  ssl: z.boolean(),
  /**
   * The NocoBase user (users.id) written into createdById/updatedById of imported rows. Null leaves
   * them empty, so NocoBase shows no author: create an "importer" user in NocoBase and put its id here.
   */
  acting_user_id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullable(),
  /**
   * Worker id (0–31) inside the snowflake ids we generate. Pick one no NocoBase process uses: each
   * NocoBase process without a cluster adapter picks a random one at start, so 31 is only a default.
   */
  snowflake_worker_id: z.number().int().min(0).max(31),
};

export const NocoBaseSettingsInputSchema = z.strictObject({
  host: nocoBaseFields.host,
  port: nocoBaseFields.port.default(5432),
  database: nocoBaseFields.database,
  user: nocoBaseFields.user,
  password: nocoBaseFields.password.default(''),
  schema: nocoBaseFields.schema.default('public'),
  table_prefix: nocoBaseFields.table_prefix.default(null),
  ssl: nocoBaseFields.ssl.default(false),
  acting_user_id: nocoBaseFields.acting_user_id.default(null),
  snowflake_worker_id: nocoBaseFields.snowflake_worker_id.default(31),
});
export type NocoBaseSettingsInput = z.infer<typeof NocoBaseSettingsInputSchema>;

export const NocoBaseSettingsPatchSchema = z.strictObject({
  host: nocoBaseFields.host.optional(),
  port: nocoBaseFields.port.optional(),
  database: nocoBaseFields.database.optional(),
  user: nocoBaseFields.user.optional(),
  password: nocoBaseFields.password.optional(),
  schema: nocoBaseFields.schema.optional(),
  table_prefix: nocoBaseFields.table_prefix.optional(),
  ssl: nocoBaseFields.ssl.optional(),
  acting_user_id: nocoBaseFields.acting_user_id.optional(),
  snowflake_worker_id: nocoBaseFields.snowflake_worker_id.optional(),
});
export type NocoBaseSettingsPatch = z.infer<typeof NocoBaseSettingsPatchSchema>;

/** Settings as every read shows them: the password masked (`••••abcd`), null when there is none. */
export const NocoBaseSettingsSchema = z.object({
  host: z.string(),
  port: z.number().int(),
  database: z.string(),
  user: z.string(),
  password: z.string().nullable(),
  schema: z.string(),
  table_prefix: z.string().nullable(),
  ssl: z.boolean(),
  acting_user_id: z.number().int().nullable(),
  snowflake_worker_id: z.number().int(),
});
export type NocoBaseSettings = z.infer<typeof NocoBaseSettingsSchema>;

const targetBase = {
  id: uuid(),
  name: z.string(),
  created_by: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
};

export const ImportTargetSchema = z.discriminatedUnion('kind', [
  z.object({
    ...targetBase,
    kind: z.literal('nocobase'),
    /** How the target is reached: for administrators only (null for everyone else, who only choose it by name). */
    settings: NocoBaseSettingsSchema.nullable(),
  }),
]);
export type ImportTarget = z.infer<typeof ImportTargetSchema>;
export const ImportTargetListSchema = z.array(ImportTargetSchema);

export const CreateImportTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('nocobase'), name: targetName, settings: NocoBaseSettingsInputSchema }),
]);
export type CreateImportTarget = z.infer<typeof CreateImportTargetSchema>;

/**
 * A target's kind never changes. `settings` holds the fields to change; import-service checks them
 * against the stored target's kind (today every target is a NocoBase database).
 */
export const UpdateImportTargetFieldsSchema = z.strictObject({
  name: targetName.optional(),
  settings: NocoBaseSettingsPatchSchema.optional(),
});
export type UpdateImportTargetFields = z.infer<typeof UpdateImportTargetFieldsSchema>;
export const UpdateImportTargetSchema = z.object({ id: uuid(), changes: UpdateImportTargetFieldsSchema });
export type UpdateImportTarget = z.infer<typeof UpdateImportTargetSchema>;

export const ImportTargetIdSchema = z.object({ id: uuid() });

/** The answer of POST /import-targets/:id/test: never an error status for an unreachable target. */
export const TargetTestResultSchema = z.object({
  ok: z.boolean(),
  server_version: z.string().nullable(),
  /** NocoBase collections found (rows of its `collections` table); null when not connected. */
  collections: z.number().int().nullable(),
  message: z.string(),
  /** Things that work but need attention (e.g. the acting user does not exist). */
  warnings: z.array(z.string()),
  elapsed_ms: z.number().int(),
});
export type TargetTestResult = z.infer<typeof TargetTestResultSchema>;
