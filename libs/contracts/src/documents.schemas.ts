import { z } from 'zod';
import { uuid } from './ids';

/**
 * What doc-service answers about documents and categories: the response schemas of its routes in
 * the OpenAPI document, and the types the web app reads those answers with. Timestamps are ISO 8601.
 * Strict objects: a field the service adds without describing it here fails its contract tests.
 */
export const DOCUMENT_STATUSES = ['queued', 'processing', 'done', 'failed'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** The fields a provider extracts and a user may correct; each is also a column of its own. */
export const EXTRACTED_FIELDS = ['document_type', 'title', 'document_date', 'amount', 'currency', 'counterparty', 'summary'] as const;
export type ExtractedField = (typeof EXTRACTED_FIELDS)[number];

const snippet = z.string().nullable().describe('The line of the text the value was read from');

export const FieldViewSchema = z.strictObject({
  value: z.union([z.string(), z.number()]).nullable(),
  source: z.enum(['user', 'ai']).nullable().describe("Who set the value that counts: the user's correction wins over the provider"),
  confidence: z.number().min(0).max(1).optional(),
  snippet: snippet.optional(),
});
export type FieldView = z.infer<typeof FieldViewSchema>;

export const CategoryRefSchema = z.strictObject({ id: uuid(), name: z.string() });
export type CategoryRef = z.infer<typeof CategoryRefSchema>;

export const DocumentSchema = z.strictObject({
  id: uuid(),
  file_name: z.string(),
  size_bytes: z.number().int(),
  sha256: z.string(),
  status: z.enum(DOCUMENT_STATUSES),
  failure: z.strictObject({ kind: z.string(), reason: z.string().nullable() }).nullable().describe('Why the document failed (kind: not_pdf, encrypted, ai_rate_limited, …)'),
  page_count: z.number().int().nullable(),
  pages_read: z.number().int().nullable(),
  text_truncated: z.boolean(),
  note: z.string().nullable(),
  document_type: z.string().nullable(),
  title: z.string().nullable(),
  document_date: z.string().nullable().describe('YYYY-MM-DD'),
  amount: z.number().nullable(),
  currency: z.string().nullable(),
  counterparty: z.string().nullable(),
  summary: z.string().nullable(),
  fields: z.record(z.enum(EXTRACTED_FIELDS), FieldViewSchema).describe('Each extracted value with its source, confidence and snippet'),
  suggested_categories: z.array(z.strictObject({ name: z.string(), confidence: z.number().min(0).max(1), snippet })),
  categories: z.array(CategoryRefSchema),
  provider: z.string().nullable(),
  model: z.string().nullable(),
  processed_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type DocumentView = z.infer<typeof DocumentSchema>;

export const DocumentDetailSchema = DocumentSchema.extend({
  text: z.string().nullable(),
  look_alikes: z
    .array(z.strictObject({ id: uuid(), file_name: z.string(), title: z.string().nullable() }))
    .describe("The owner's other documents with the same amount, date and counterparty: likely the same paper twice (at most 5)"),
});
export type DocumentDetail = z.infer<typeof DocumentDetailSchema>;

export const DocumentPageSchema = z.strictObject({
  items: z.array(DocumentSchema),
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
});
export type DocumentPage = z.infer<typeof DocumentPageSchema>;

/** The types a user can filter by: the configured list, and whatever types their own documents carry. */
export const DocumentTypesSchema = z.strictObject({ types: z.array(z.string()) });
export type DocumentTypes = z.infer<typeof DocumentTypesSchema>;

export const RejectedFileSchema = z.strictObject({ file_name: z.string(), code: z.string(), message: z.string() });

export const UploadOutcomeSchema = z.strictObject({
  documents: z.array(DocumentSchema).describe('New documents, queued'),
  duplicates: z.array(z.strictObject({ file_name: z.string(), document_id: z.string() })).describe('Files you already have, with the document that holds them'),
  rejected: z.array(RejectedFileSchema).describe('Files refused, each with the reason'),
});
export type UploadOutcome = z.infer<typeof UploadOutcomeSchema>;

export const ReprocessOutcomeSchema = z.strictObject({
  documents: z.number().int().describe('Documents in the request'),
  queued: z.number().int().describe('Documents queued to be processed again'),
  not_queued: z.array(z.strictObject({ document_id: uuid(), reason: z.string() })).describe("Documents not queued, each with the reason: not found (not yours, or deleted), left as they were; or refused by the queue, now failed saying so"),
});
export type ReprocessOutcome = z.infer<typeof ReprocessOutcomeSchema>;

export const DocumentLimitsSchema = z.strictObject({
  max_files_per_upload: z.number().int().describe('Files one upload takes (DOC_UPLOAD_MAX_FILES): the web app sends more in several'),
  max_file_bytes: z.number().int().describe("The largest PDF taken (the AI settings' max_file_mb): the web app names a larger one at once instead of sending it"),
});
export type DocumentLimits = z.infer<typeof DocumentLimitsSchema>;

/** What `check=true` answers on the export and archive routes instead of the file. */
export const ExportCheckSchema = z.strictObject({
  files: z.number().int().describe('Documents the file would hold (rows of a CSV or XLSX export, PDFs in an archive)'),
  bytes: z.number().int().describe("The documents' PDFs together, in bytes (what an archive would hold before compression)"),
});
export type ExportCheck = z.infer<typeof ExportCheckSchema>;

export const CategorySchema = z.strictObject({ id: uuid(), name: z.string(), created_at: z.string(), document_count: z.number().int() });
export type Category = z.infer<typeof CategorySchema>;

export const CategoryChangeSchema = z.strictObject({
  category_id: uuid(),
  documents: z.number().int().describe('Documents in the request'),
  changed: z.number().int().describe('Documents filed into (or taken out of) the category by this request'),
});
