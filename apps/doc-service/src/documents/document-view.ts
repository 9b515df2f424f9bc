import { type AiValue, type DocumentRecord, EXTRACTED_FIELDS, type ExtractedField, type FieldValue } from './document.entity';

export interface CategoryRef {
  id: string;
  name: string;
}

export interface FieldView extends Partial<AiValue> {
  value: FieldValue;
  /** Who set the value that counts: the user's correction wins over the provider. */
  source: 'user' | 'ai' | null;
}

/** A document as the API shows it. */
export function documentView(doc: DocumentRecord, categories: CategoryRef[]) {
  return {
    id: doc.id,
    file_name: doc.file_name,
    size_bytes: Number(doc.size_bytes),
    sha256: doc.sha256,
    status: doc.status,
    failure: doc.failure_kind ? { kind: doc.failure_kind, reason: doc.failure_reason } : null,
    page_count: doc.page_count,
    pages_read: doc.pages_read,
    text_truncated: doc.text_truncated,
    note: doc.note,
    document_type: doc.document_type,
    title: doc.title,
    document_date: doc.document_date,
    amount: doc.amount === null ? null : Number(doc.amount),
    currency: doc.currency,
    counterparty: doc.counterparty,
    summary: doc.summary,
    fields: Object.fromEntries(EXTRACTED_FIELDS.map((f) => [f, fieldView(doc, f)])) as Record<ExtractedField, FieldView>,
    suggested_categories: doc.ai?.categories ?? [],
    categories,
    provider: doc.provider,
    model: doc.model,
    processed_at: doc.processed_at,
    created_at: doc.created_at,
    updated_at: doc.updated_at,
  };
}
export type DocumentView = ReturnType<typeof documentView>;

function fieldView(doc: DocumentRecord, field: ExtractedField): FieldView {
  const ai = doc.ai?.fields[field];
  if (field in doc.corrections) return { value: doc.corrections[field] ?? null, source: 'user', confidence: ai?.confidence, snippet: ai?.snippet };
  if (ai) return { ...ai, source: 'ai' };
  return { value: null, source: null };
}
