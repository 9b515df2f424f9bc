/** One extracted field as the doc-service's JSON schema asks the model for it. */
export interface AnswerField<T> {
  value: T | null;
  confidence: number;
  snippet: string | null;
}

/** The JSON object a well-behaved model answers (the doc-service's classification schema). */
export interface ClassificationAnswer {
  document_type: AnswerField<string>;
  title: AnswerField<string>;
  date: AnswerField<string>;
  amount: AnswerField<number>;
  currency: AnswerField<string>;
  counterparty: AnswerField<string>;
  summary: AnswerField<string>;
  categories: Array<{ name: string; confidence: number; snippet: string | null }>;
}

export interface AnswerChoices {
  documentType?: string | null;
  categories?: string[];
  overrides?: Partial<ClassificationAnswer>;
}

const none = { value: null, confidence: 0, snippet: null };

function lineWith(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index) + 1;
  const end = text.indexOf('\n', index);
  return text.slice(start, end === -1 ? undefined : end).trim().slice(0, 300);
}

/**
 * A correct answer for `text`, the way a good model would write it: the first line as title, the
 * first ISO date, the number after "Total", the line after "From:", each with the exact line it
 * came from as snippet. Tests choose the type and categories, and may override any field.
 */
export function buildClassificationAnswer(text: string, choices: AnswerChoices = {}): ClassificationAnswer {
  const firstLine = text.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? null;
  const date = /\b(\d{4}-\d{2}-\d{2})\b/.exec(text);
  const total = /\btotal\b[^\d\n]*([\d.,]+)/i.exec(text);
  const from = /^\s*from:\s*(.+)$/im.exec(text);
  const documentType = choices.documentType === undefined ? 'invoice' : choices.documentType;
  return {
    document_type: documentType ? { value: documentType, confidence: 0.92, snippet: firstLine } : none,
    title: firstLine ? { value: firstLine.slice(0, 120), confidence: 0.8, snippet: firstLine } : none,
    date: date ? { value: date[1], confidence: 0.9, snippet: lineWith(text, date.index) } : none,
    amount: total ? { value: Number(total[1].replace(/,/g, '')), confidence: 0.85, snippet: lineWith(text, total.index) } : none,
    currency: /€|\bEUR\b/.test(text) ? { value: 'EUR', confidence: 0.8, snippet: total ? lineWith(text, total.index) : null } : none,
    counterparty: from ? { value: from[1].trim(), confidence: 0.8, snippet: lineWith(text, from.index) } : none,
    summary: { value: text.replace(/\s+/g, ' ').trim().slice(0, 200), confidence: 0.6, snippet: null },
    categories: (choices.categories ?? []).map((name) => ({ name, confidence: 0.7, snippet: firstLine })),
    ...choices.overrides,
  };
}
