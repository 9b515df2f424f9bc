import { sameName } from '@intake/contracts';
import { type Classification, type ClassifyInput, type Extracted } from './classifier';
import { type ModelAnswer, ModelAnswerSchema } from './classification-schema';

export const SNIPPET_MAX = 300;

/** Why an answer could not be used: `prose` when it was not JSON at all, `schema` when JSON of the wrong shape. */
export type AnswerProblem = { kind: 'prose' | 'schema' | 'empty'; detail: string };
export type ReadAnswer = { ok: true; classification: Classification } | { ok: false; problem: AnswerProblem };

const FENCE = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/i;

/** Models that were told not to still wrap JSON in a ```json fence now and then; it costs nothing to accept. */
export function stripFence(text: string): string {
  return FENCE.exec(text)?.[1] ?? text.trim();
}

/**
 * Read one model answer: a JSON text (from a chat reply) or an already parsed object (a forced
 * tool's input). Names outside the configured lists move to the proposed_* lists.
 */
export function readModelAnswer(raw: unknown, input: ClassifyInput): ReadAnswer {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(stripFence(raw));
    } catch {
      // Nothing at all (a server of another kind answering 200 in its own shape) is not prose.
      return { ok: false, problem: raw.trim() ? { kind: 'prose', detail: raw.trim().slice(0, 200) } : { kind: 'empty', detail: '' } };
    }
  }
  const parsed = ModelAnswerSchema.safeParse(value);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    return { ok: false, problem: { kind: 'schema', detail } };
  }
  return { ok: true, classification: toClassification(parsed.data, input) };
}

function clean<T>(field: Extracted<T>): Extracted<T> {
  const value = typeof field.value === 'string' ? (field.value.trim() || null) : field.value;
  return { value: value as T | null, confidence: value === null ? 0 : field.confidence, snippet: field.snippet?.slice(0, SNIPPET_MAX) || null };
}

/** Case-insensitive lookup that answers with the list's own spelling. */
function inList(list: string[], name: string): string | undefined {
  const wanted = name.trim();
  return list.find((entry) => sameName(entry, wanted));
}

export function toClassification(answer: ModelAnswer, input: ClassifyInput): Classification {
  const proposedTypes: string[] = [];
  const proposedCategories: string[] = [];
  const type = clean(answer.document_type);
  let documentType: Extracted<string> = { value: null, confidence: 0, snippet: null };
  if (type.value !== null) {
    const known = inList(input.documentTypes, type.value);
    if (known) documentType = { ...type, value: known };
    else proposedTypes.push(type.value);
  }
  const categories: Classification['categories'] = [];
  for (const category of answer.categories) {
    const name = category.name.trim();
    if (!name) continue;
    const known = inList(input.categories, name);
    if (known && !categories.some((c) => c.name === known)) {
      categories.push({ name: known, confidence: category.confidence, snippet: category.snippet?.slice(0, SNIPPET_MAX) || null });
    } else if (!known && !inList(proposedCategories, name)) proposedCategories.push(name);
  }
  const currency = clean(answer.currency);
  return {
    document_type: documentType,
    title: clean(answer.title),
    date: clean(answer.date),
    amount: clean(answer.amount),
    currency: { ...currency, value: currency.value?.toUpperCase() ?? null },
    counterparty: clean(answer.counterparty),
    summary: clean(answer.summary),
    categories,
    proposed_types: proposedTypes,
    proposed_categories: proposedCategories,
  };
}
