import { type CategoryRef, type DocumentView, EXTRACTED_FIELDS, type ExtractedField, type FieldView } from '@intake/contracts';
import type { DocumentRecord } from './document.entity';

/** A document as the API shows it (DocumentSchema in @intake/contracts). */
export function documentView(doc: DocumentRecord, categories: CategoryRef[]): DocumentView {
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
    processed_at: doc.processed_at?.toISOString() ?? null,
    created_at: doc.created_at.toISOString(),
    updated_at: doc.updated_at.toISOString(),
  };
}

function fieldView(doc: DocumentRecord, field: ExtractedField): FieldView {
  const ai = doc.ai?.fields[field];
  // The user's value has no confidence or snippet of its own: the AI's would describe another value.
  if (field in doc.corrections) return { value: doc.corrections[field] ?? null, source: 'user' };
  if (ai) return { ...ai, source: 'ai' };
  return { value: null, source: null };
}
