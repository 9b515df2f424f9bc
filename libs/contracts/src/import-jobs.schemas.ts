import { uuid } from './ids';
import { FileNameSchema } from './form-file-name';
import { StorableText } from './storable-text';
import { z } from 'zod';

export const IMPORT_MODES = ['insert', 'upsert', 'update', 'skip-existing'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** uploaded file → analysing → ready (preview + proposed plan) → queued → running → completed | failed | cancelled; a finished job can be rolled back. */
export const IMPORT_JOB_STATUSES = [
  'analysing',
  'ready',
  'queued',
  'running',
  'completed',
  'failed',
  'cancelled',
  'rolling_back',
  'rolled_back',
] as const;
export type ImportJobStatus = (typeof IMPORT_JOB_STATUSES)[number];

/** The most sheets one plan holds, and the longest sheet name: a workbook beyond them is refused when it is analysed. */
export const MAX_PLAN_SHEETS = 100;
export const MAX_SHEET_NAME = 255;

export const SheetPlanSchema = z.strictObject({
  sheet: StorableText.min(1).max(MAX_SHEET_NAME),
  /** The NocoBase collection this sheet goes into; null skips the sheet. */
  collection: StorableText.min(1).max(255).nullable(),
  /** Column letter (A, B, …) → field name, or null to leave the column out. */
  mapping: z
    .record(z.string().regex(/^[A-Z]{1,3}$/, 'must be a column letter such as A or AB'), StorableText.min(1).max(255).nullable())
    .describe(
      'Column letter → field name, or null to leave the column out. A relation field may name the related field its cells hold ' +
        "('customer.email'); without one a cell may hold the related record's title, a unique value or its id. A many-to-many " +
        "cell lists several, separated by commas ('HW-R1, SVC-INST'), and becomes the record's whole set of links.",
    ),
  /** This sheet's key fields (upsert, update, skip-existing); absent, the plan's `key_fields` serve it. */
  key_fields: z.array(StorableText.min(1).max(255)).max(10).optional(),
});
export type SheetPlan = z.infer<typeof SheetPlanSchema>;

export const ImportPlanSchema = z.strictObject({
  sheets: z.array(SheetPlanSchema).min(1).max(MAX_PLAN_SHEETS),
  mode: z.enum(IMPORT_MODES).default('insert'),
  /** Fields that identify an existing record for upsert, update and skip-existing, for every sheet without `key_fields` of its own. */
  key_fields: z.array(StorableText.min(1).max(255)).max(10).default([]),
  /**
   * What an empty cell does to a record the import updates (update, upsert): `keep` leaves the
   * field as it is, `clear` empties it. New records get nothing (or the field's default) either way.
   */
  empty_cells: z.enum(['keep', 'clear']).default('keep'),
  /** Roll the whole job back on its first failed row instead of reporting rows one by one. */
  all_or_nothing: z.boolean().default(false),
  /** How to read dates like 03/04/2024 when the file does not make it clear. */
  date_order: z.enum(['day-first', 'month-first']).default('day-first'),
  /** The decimal mark of numbers written as text (1.299,50 or 1,299.50); absent, each cell is read with a point, then a comma. */
  decimal_mark: z.enum(['.', ',']).optional(),
  /** Zone for dates and times written without one. */
  time_zone: z.string().min(1).max(64).default('UTC'),
});
export type ImportPlan = z.infer<typeof ImportPlanSchema>;

/** The key fields a sheet's rows are matched by: its own, or the plan's. */
export function sheetKeyFields(plan: Pick<ImportPlan, 'key_fields'>, sheet: Pick<SheetPlan, 'key_fields'>): string[] {
  return sheet.key_fields ?? plan.key_fields;
}

export const ImportProgressSchema = z.object({
  rows_total: z.number().int().nullable(),
  rows_processed: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  // Jobs counted before it existed read 0.
  unchanged: z.number().int().default(0).describe('Rows whose record already held every value they give: nothing was written to it (upsert, update)'),
  skipped: z.number().int(),
  failed: z.number().int(),
  rows_per_second: z.number().nullable(),
  eta_seconds: z.number().nullable(),
});
export type ImportProgress = z.infer<typeof ImportProgressSchema>;

export const ImportJobSchema = z.object({
  id: uuid(),
  owner_id: uuid(),
  target_id: uuid(),
  status: z.enum(IMPORT_JOB_STATUSES),
  file: z.object({ name: z.string(), size: z.number().int(), sha256: z.string(), format: z.string().nullable() }),
  plan: ImportPlanSchema.nullable(),
  progress: ImportProgressSchema,
  error: z.string().nullable(),
  has_result: z.boolean(),
  cancel_requested: z.boolean(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
});
export type ImportJob = z.infer<typeof ImportJobSchema>;
/** A job in a list: all but its plan, which `GET /imports/:id` gives (a page of plans could outgrow an answer). */
export const ImportJobSummarySchema = ImportJobSchema.omit({ plan: true }).extend({
  mode: z.enum(IMPORT_MODES).nullable().describe("The saved plan's mode: two imports of one file tell apart in a list; null before a plan is saved"),
  collections: z.array(z.string()).default([]).describe("The collections the saved plan writes to, in its sheets' order; empty before a plan is saved"),
});
export type ImportJobSummary = z.infer<typeof ImportJobSummarySchema>;
export const ImportJobListSchema = z.object({ items: z.array(ImportJobSummarySchema), total: z.number().int() });

/**
 * A preview lists this many distinct unresolved values per relation column, out of the first
 * UNRESOLVED_COUNTED it counts (so a million-row file keeps the preview, and the analyser, small),
 * each with this many suggestions.
 */
export const UNRESOLVED_LISTED = 50;
export const UNRESOLVED_COUNTED = 5000;
export const UNRESOLVED_SUGGESTIONS = 3;

export const UnresolvedValueSchema = z.object({
  value: z.string().describe('The cell text, as written'),
  rows: z.number().int().describe('How many rows name it'),
  first_row: z.number().int().describe('The first row that names it (row number as in the file)'),
  suggestions: z.array(z.string()).describe(`Up to ${UNRESOLVED_SUGGESTIONS} existing values of the related collection's identifying fields that look like it, closest first`),
});

/** Distinct values of a unique column the analysis keeps to find repeats, and their characters (so long texts stay within about 40 MB). */
export const UNIQUE_VALUES_KEPT = 200_000;
export const UNIQUE_CHARS_KEPT = 10_000_000;
/** A preview names this many of the rows behind each count. */
export const UNIQUE_ROWS_LISTED = 5;

export const UniqueValuesSchema = z.object({
  existing: z.number().int().describe("Rows whose value a record of the collection already has: insert fails them; with this field as the sheet's key, upsert and update change that record and skip-existing leaves it; otherwise they fail unless the row's key finds that same record"),
  existing_rows: z.array(z.number().int()).describe(`The first ${UNIQUE_ROWS_LISTED} of those rows (row numbers as in the file)`),
  repeated: z.number().int().describe("Rows whose value an earlier row of the file has: they fail in every mode, except skip-existing with this field as the sheet's key, which skips them"),
  repeated_rows: z.array(z.object({ row: z.number().int(), first_row: z.number().int() })).describe(`The first ${UNIQUE_ROWS_LISTED} of those rows, each with the earlier row holding its value`),
  insert_fails: z.number().int().describe('Rows insert fails for this column: those existing or repeated, each once'),
  all_counted: z.boolean().describe(`False when the column has more than ${UNIQUE_VALUES_KEPT} distinct values (or ${UNIQUE_CHARS_KEPT} characters of them): repeats of values past them are not found`),
});
export type UniqueValues = z.infer<typeof UniqueValuesSchema>;

const RowsListed = z.array(z.number().int()).describe(`The first ${UNIQUE_ROWS_LISTED} of those rows (row numbers as in the file)`);

/** A preview shows this many characters of a value a found record holds or would get. */
export const CHANGE_VALUE_CHARS = 200;

export const KeyChangesSchema = z.object({
  unchanged: z
    .number()
    .int()
    .nullable()
    .describe('Of the rows whose key finds one record, those whose record already holds every value they give: the run writes nothing for them. Null when a many-to-many field is mapped: such rows are always written'),
  changing: z.number().int().describe('Of those rows, the ones that change at least one compared field of their record'),
  fields: z
    .array(z.object({ field: z.string(), rows: z.number().int() }))
    .describe('Each compared field the found records would change, with how many of them, most first: a column mapped to the wrong field changes nearly every record'),
  not_compared: z.array(z.string()).describe('Mapped fields not compared: many-to-many fields'),
  first: z
    .array(
      z.object({
        row: z.number().int(),
        changes: z.array(
          z.object({
            field: z.string(),
            old: z.string().nullable().describe(`What the record holds, as PostgreSQL writes it (first ${CHANGE_VALUE_CHARS} characters); null when empty; a relation's record id`),
            new: z.string().nullable().describe('What the row gives, as it would be written; null when empty; a relation as the cell names it'),
          }),
        ),
      }),
    )
    .describe(`The first ${UNIQUE_ROWS_LISTED} changing rows, each with what it changes`),
});
export type KeyChanges = z.infer<typeof KeyChangesSchema>;

/**
 * What a sheet's key fields find, counted in the preview's pass with the saved plan's mode and keys
 * (upsert, update, skip-existing), as the run will decide each row that converts.
 */
export const KeyMatchesSchema = z.object({
  mode: z.enum(IMPORT_MODES).describe('The mode these rows were counted for'),
  key_fields: z.array(z.string()).describe('The key fields they were counted with'),
  matched: z.number().int().describe('Rows whose key finds one record: update and upsert change it, skip-existing leaves it as it is'),
  unmatched: z.number().int().describe('Rows whose key no record has: update fails them, upsert and skip-existing insert a new record'),
  unmatched_rows: RowsListed,
  unmatched_like: z
    .array(z.object({ row: z.number().int(), value: z.string(), existing: z.string() }))
    .default([])
    .describe(`The first ${UNIQUE_ROWS_LISTED} rows (of the first 50,000) whose text key no record has but a record has but for case ('EVE@EXAMPLE.COM' for 'eve@example.com'), with that record's value`),
  incomplete: z.number().int().default(0).describe('Upsert keeping empty cells: rows whose key no record has that leave a field a new record needs empty, so the record they would add fails'),
  incomplete_rows: RowsListed.default([]),
  ambiguous: z.number().int().describe('Rows whose key several records have: they fail in every mode'),
  ambiguous_rows: RowsListed,
  empty: z.number().int().describe('Rows with a key field empty: they fail in every mode'),
  empty_rows: RowsListed,
  repeated: z.number().int().describe("Rows whose key an earlier row of the file has already updated or inserted: skip-existing skips them, upsert and update fail them"),
  repeated_rows: z.array(z.object({ row: z.number().int(), first_row: z.number().int() })).describe(`The first ${UNIQUE_ROWS_LISTED} of those rows, each with the earlier row`),
  fails: z.number().int().describe('Rows the run fails for their key, in this mode'),
  changes: KeyChangesSchema.nullable()
    .default(null)
    .describe('Update and upsert: what the rows whose key finds one record would change in it. Null for skip-existing, and when the records could not be compared'),
  all_counted: z.boolean().describe(`False when the file has more than ${UNIQUE_VALUES_KEPT} distinct keys (or ${UNIQUE_CHARS_KEPT} characters of them): repeats of keys past them are not found`),
});
export type KeyMatches = z.infer<typeof KeyMatchesSchema>;

export const ColumnPreviewSchema = z.object({
  index: z.number().int(),
  letter: z.string(),
  name: z.string(),
  inferred_type: z.string(),
  nullable: z.boolean(),
  samples: z.array(z.string()),
  /** Values that did not fit the inferred type. */
  disagreeing: z.number().int(),
  note: z.string().nullable(),
  proposed_field: z.string().nullable(),
  /** With the proposed mapping: how many cells fail, and the first few messages. */
  error_count: z.number().int(),
  first_errors: z.array(z.object({ row: z.number().int(), message: z.string() })),
  // Defaults: previews stored before these fields existed still parse.
  unresolved: z
    .array(UnresolvedValueSchema)
    .default([])
    .describe(`Relation column only: the values no related record has, each distinct value once, most frequent first (at most ${UNRESOLVED_LISTED}).`),
  unresolved_more: z
    .number()
    .int()
    .default(0)
    .describe(`Distinct unresolved values beyond those listed; only the first ${UNRESOLVED_COUNTED} distinct values are counted, so past that it is a lower bound.`),
  unique_values: UniqueValuesSchema.nullable()
    .default(null)
    .describe('Column proposed for a unique field (or the id) only: its values already in the collection, and those repeated within the file'),
});

export const SheetPreviewSchema = z.object({
  name: z.string(),
  rows: z.number().int(),
  columns: z.array(ColumnPreviewSchema),
  sample_rows: z.array(z.array(z.unknown())),
  proposed_collection: z.string().nullable(),
  /** Rows that would fail with the proposed plan, and the problems found that are not about one column. */
  failing_rows: z.number().int(),
  problems: z.array(z.string()),
  key_matches: KeyMatchesSchema.nullable()
    .default(null)
    .describe('With a saved plan in upsert, update or skip-existing whose key fields are text or integer fields: what the keys find'),
});

export const ImportPreviewSchema = z.object({
  job_id: uuid(),
  format: z.string(),
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
  sheets: z.array(SheetPreviewSchema),
  proposed_plan: ImportPlanSchema,
});
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;

export const ImportLimitsSchema = z.object({
  max_upload_bytes: z.number().int().describe('The largest file an import takes (IMPORT_MAX_UPLOAD_BYTES): the web app says so before sending a larger one'),
});
export type ImportLimits = z.infer<typeof ImportLimitsSchema>;

export const CreateImportJobSchema = z.strictObject({
  job_id: uuid(),
  target_id: uuid(),
  original_key: z.string().min(1).max(1024),
  original_name: FileNameSchema,
  size: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export const ImportJobIdSchema = z.object({ id: uuid() });
/** Asked before an upload's file is read: whether the caller may make one more import into this target. */
export const AdmitImportSchema = z.object({ target_id: uuid() });
/**
 * The caller may upload: with what their imports' originals take now and the most they may keep,
 * so the gateway stops storing a file as soon as it would pass that.
 */
export const AdmittedImportSchema = z.object({ admitted: z.literal(true), stored_bytes: z.number().int().min(0), max_stored_bytes: z.number().int().min(1) });
/** A whole number as a query string writes it: digits only (Number() would also read "0x10", "1e2" and ""). */
const queryInt = (least: number, most: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : v),
    // Only for what is no number: one out of range is told its bound ("must be at most 200").
    z.number({ error: (issue) => (issue.code === 'invalid_type' ? 'must be a whole number written in digits' : undefined) }).int().min(least).max(most),
  );
/** Strict: a misspelt parameter ("lmit") is refused, not quietly ignored. */
export const ListImportJobsSchema = z.strictObject({
  limit: queryInt(1, 200).default(50),
  offset: queryInt(0, Number.MAX_SAFE_INTEGER).default(0),
});
/** A page of a job's failed rows (query of GET /imports/:id/failures). */
export const ListImportFailuresSchema = z.strictObject({
  limit: queryInt(1, 200).default(20),
  offset: queryInt(0, Number.MAX_SAFE_INTEGER).default(0),
});
export const ImportFailuresRequestSchema = ListImportFailuresSchema.extend({ id: uuid() });
export const ImportFailuresSchema = z.object({
  items: z.array(
    z.object({
      sheet: z.string().describe('The sheet the row is in'),
      row: z.number().int().nullable().describe('Its row number in the file (null for imports run before row numbers were kept)'),
      error: z.string().describe('Why it failed, naming the column and the value'),
    }),
  ),
  total: z.number().int().describe('How many rows failed in all'),
});
export type ImportFailures = z.infer<typeof ImportFailuresSchema>;
/** Earlier imports of the same file (by SHA-256) into the same target whose rows are there, or that are queued or running (GET /imports/:id/same-file). */
export const SameFileImportsSchema = z.object({
  items: z.array(
    z.object({
      id: uuid(),
      file_name: z.string(),
      status: z.enum(IMPORT_JOB_STATUSES),
      mode: z.enum(IMPORT_MODES).nullable().describe('How it wrote its rows'),
      collections: z.array(z.string()).default([]).describe('The collections its plan wrote to'),
      mine: z.boolean().describe("The caller's own import (an admin sees everyone's)"),
      created_at: z.string(),
      finished_at: z.string().nullable(),
      inserted: z.number().int(),
      updated: z.number().int(),
    }),
  ).describe('The most recent first, at most 5'),
  total: z.number().int().describe('How many there are in all'),
  collections: z.array(z.string()).default([]).describe('Every collection any of them wrote to, those past the 5 shown too'),
});
export type SameFileImports = z.infer<typeof SameFileImportsSchema>;
export const SetImportPlanSchema = z.object({ id: uuid(), plan: ImportPlanSchema });
export const ImportFileRequestSchema = z.object({
  id: uuid(),
  which: z.enum(['original', 'result']),
  /** Default: the upload's own format (a CSV's result is a CSV). */
  format: z.enum(['xlsx', 'csv']).optional(),
  /** Multi-sheet jobs: which imported sheet's result (default the first). */
  sheet: z.string().max(255).optional(),
  /** Every row, or the failed ones alone (a file to fix and upload again). */
  rows: z.enum(['all', 'failed']).default('all'),
});
export const ImportFileSchema = z.object({ key: z.string(), filename: z.string(), content_type: z.string() });
