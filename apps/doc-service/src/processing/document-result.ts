import type { ClassifyOutcome, Extracted } from '../ai/classifier';
import type { AiResult, AiValue } from '../documents/document.entity';
import type { ExtractedText } from '../extraction/pdf-extractor';
import { isRealDate, storable } from '../documents/iso-date';
import { type AiSettings, sameName } from '@intake/contracts';
import type { ProcessedDocument } from './processing.repository';

/** Turns a provider's answer into what is stored: only values the columns can hold, types from the list. */
export function documentResult(outcome: ClassifyOutcome, extracted: ExtractedText, settings: AiSettings): Omit<ProcessedDocument, 'pageCount' | 'pagesRead' | 'text' | 'textTruncated'> {
  const c = outcome.classification;
  const type = (c.document_type.value === null ? undefined : settings.document_types.find((t) => sameName(t, c.document_type.value as string))) ?? null;
  const fields: AiResult['fields'] = {
    document_type: aiValue({ ...c.document_type, value: type }),
    title: aiValue(c.title, (v) => v.slice(0, 500)),
    document_date: aiValue(c.date, (v) => (isRealDate(v) ? v : null)),
    amount: aiValue(c.amount, (v) => (Number.isFinite(v) && Math.abs(v) < 1e15 ? Math.round(v * 100) / 100 : null)),
    currency: aiValue(c.currency, (v) => (/^[A-Za-z]{3}$/.test(v) ? v.toUpperCase() : null)),
    counterparty: aiValue(c.counterparty, (v) => v.slice(0, 500)),
    summary: aiValue(c.summary, (v) => v.slice(0, 5000)),
  };
  const value = <K extends keyof typeof fields>(k: K) => (fields[k]?.value ?? null) as never;
  const notes = [extracted.note, extracted.truncated ? `Only the first ${extracted.pagesRead} of ${extracted.pageCount} pages were read` : null, outcome.truncated ? `Only the first ${settings.max_text_chars} characters were sent to ${outcome.provider}` : null];
  return {
    note: notes.filter(Boolean).join('. ') || null,
    ai: { fields, categories: c.categories.map((cat) => ({ ...cat, snippet: cat.snippet === null ? null : storable(cat.snippet) })) },
    values: {
      document_type: value('document_type'),
      title: value('title'),
      document_date: value('document_date'),
      amount: value('amount'),
      currency: value('currency'),
      counterparty: value('counterparty'),
      summary: value('summary'),
    },
    provider: outcome.provider,
    model: outcome.model,
  };
}

function aiValue<T>(extracted: Extracted<T>, clean: (v: T) => T | null = (v) => v): AiValue {
  const raw = extracted.value === null || extracted.value === undefined ? null : clean(extracted.value);
  const value = typeof raw === 'string' ? storable(raw) : raw;
  return { value: value as AiValue['value'], confidence: value === null ? 0 : extracted.confidence, snippet: extracted.snippet === null ? null : storable(extracted.snippet) };
}
