import { type ClassifyInput } from './classifier';
import { MODEL_ANSWER_JSON_SCHEMA } from './classification-schema';
import { type AnswerProblem } from './model-answer';

export interface Prompt {
  system: string;
  user: string;
  /** True when the text was cut to maxChars. */
  truncated: boolean;
}

const list = (names: string[]) => (names.length ? names.map((n) => JSON.stringify(n)).join(', ') : '(none configured)');

/**
 * The prompt every LLM provider sends. The schema is in the system prompt as well as in each API's
 * structured-output option: small local models follow it better when they can read it, and an
 * API that ignores the option still gets told.
 */
export function buildPrompt(input: ClassifyInput, maxChars: number): Prompt {
  const truncated = input.text.length > maxChars;
  const text = truncated ? input.text.slice(0, maxChars) : input.text;
  const system = [
    'You classify documents for a document archive and extract key facts from their text.',
    'Answer with ONE JSON object and nothing else: no prose, no code fence. It must match this JSON schema:',
    JSON.stringify(MODEL_ANSWER_JSON_SCHEMA),
    `document_type.value: one of ${list(input.documentTypes)}. If none fits, give a short name of your own; it will be reviewed.`,
    `categories: those of ${list(input.categories)} that apply (an empty array if none). You may add a short name of your own when clearly needed.`,
    'Every value has a confidence from 0 to 1 and a snippet: the exact text (at most 300 characters) of the document it came from.',
    'date: the document date as YYYY-MM-DD. amount: the total to pay or paid, as a number with a dot for decimals. currency: ISO 4217 code like EUR.',
    'counterparty: the other party (issuer, supplier, employer, landlord…). summary: two sentences at most, in the language of the document.',
    'Use null for a value the text does not contain, with confidence 0 and snippet null. Do not invent values.',
  ].join('\n');
  const note = truncated ? `Note: the text was truncated to its first ${maxChars} of ${input.text.length} characters.\n` : '';
  const user = `File name: ${input.fileName}\nPages: ${input.pageCount}\n${note}<document>\n${text}\n</document>`;
  return { system, user, truncated };
}

/** The one corrective message sent before the single retry. */
export function correctionFor(problem: AnswerProblem): string {
  const why = problem.kind === 'empty' ? 'it was empty' : problem.kind === 'prose' ? 'it was not a JSON object' : `it did not match the schema (${problem.detail})`;
  return `Your previous answer could not be used: ${why}. Answer again with only the JSON object that matches the schema, nothing else.`;
}
