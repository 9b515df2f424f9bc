import type { DocumentStatus, ExtractedField } from '@intake/contracts';
export type FieldValue = string | number | null;

/** What the provider said about one field. */
export interface AiValue {
  value: FieldValue;
  confidence: number;
  snippet: string | null;
}

/** The provider's last answer, kept beside the user's corrections. */
export interface AiResult {
  fields: Partial<Record<ExtractedField, AiValue>>;
  categories: { name: string; confidence: number; snippet: string | null }[];
}

/** A row of docs.documents, as the repository reads it. */
export interface DocumentRecord {
  id: string;
  owner_id: string;
  file_name: string;
  storage_key: string;
  size_bytes: string;
  sha256: string;
  status: DocumentStatus;
  failure_kind: string | null;
  failure_reason: string | null;
  generation: number;
  page_count: number | null;
  pages_read: number | null;
  text_truncated: boolean;
  note: string | null;
  document_type: string | null;
  title: string | null;
  document_date: string | null;
  amount: string | null;
  currency: string | null;
  counterparty: string | null;
  summary: string | null;
  ai: AiResult | null;
  corrections: Partial<Record<ExtractedField, FieldValue>>;
  provider: string | null;
  model: string | null;
  processed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}
