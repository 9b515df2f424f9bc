import { type Extracted } from './classifier';
import { lineAt, lineStart } from './text-lines';

const MONTHS: Record<string, number> = {
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  janeiro: 1, fevereiro: 2, 'março': 3, marco: 3, abril: 4, maio: 5, junho: 6, julho: 7, agosto: 8, setembro: 9, outubro: 10, novembro: 11, dezembro: 12,
  fev: 2, abr: 4, mai: 5, ago: 8, set: 9, out: 10, dez: 12,
};
const MONTH = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');

/** How a date like 05/02/2024 reads: day first in Europe and Brazil, month first in the United States. */
export type DateOrder = 'day-first' | 'month-first';

/** A match's readings, the likelier first: a reading that is no date (a 13th month) gives way to the next. */
type Parts = (m: RegExpExecArray, order: DateOrder) => Array<[year: number, month: number, day: number]>;
const PATTERNS: Array<[RegExp, Parts]> = [
  [/\b(\d{4})-(\d{2})-(\d{2})\b/g, (m) => [[+m[1], +m[2], +m[3]]]],
  // Slashes: day first (dd/mm/yyyy) unless the document reads month first (an American one).
  [/\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/g, (m, order) => (order === 'month-first' ? [[+m[3], +m[1], +m[2]], [+m[3], +m[2], +m[1]]] : [[+m[3], +m[2], +m[1]], [+m[3], +m[1], +m[2]]])],
  // Dots and dashes (dd.mm.yyyy, dd-mm-yyyy): day first, as the countries that write them read them.
  [/\b(\d{1,2})[.-](\d{1,2})[.-](\d{4})\b/g, (m) => [[+m[3], +m[2], +m[1]]]],
  // "12 March 2024", "12 de março de 2024", "1st Feb 2024"
  [new RegExp(`(?<![\\p{L}\\d])(\\d{1,2})(?:st|nd|rd|th|º)?\\.?\\s+(?:de\\s+)?(${MONTH})\\.?,?\\s+(?:de\\s+)?(\\d{4})\\b`, 'giu'), (m) => [[+m[3], MONTHS[m[2].toLowerCase()], +m[1]]]],
  // "March 12, 2024"
  [new RegExp(`(?<![\\p{L}])(${MONTH})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'giu'), (m) => [[+m[3], MONTHS[m[1].toLowerCase()], +m[2]]]],
];

/**
 * Words before a date that name it the document's own, in either language: the issue date's own
 * words first, then a bare "date" (an "emitida em" may be the credited invoice's, on a credit note
 * dated above it); due dates, validity and billing periods come after ("Data limite de pagamento"
 * holds "data" too). Only the words between the date and the one before it on its line count:
 * "Data de emissão 01/07/2025 Prazo de pagamento 20 dias" is an issue date. Word edges by letter,
 * not `\b`: to `\b` an accented letter is no word character, so "até" never matched.
 */
const ISSUE_LABEL = /(?<![\p{L}\d])(issue date|date of issue|invoice date|document date|data de emiss[ãa]o|data da fatura|data do documento)(?![\p{L}\d])/iu;
const DATE_LABEL = /(?<![\p{L}\d])(date|dated|data|issued|emitid[oa]|emiss[ãa]o)(?![\p{L}\d])/iu;
const OTHER_LABEL = /(?<![\p{L}\d])(due|vencimento|valid|validade|until|at[ée]|expires?|nascimento|birth|limite|prazo|deadline|pay by|per[íi]odo|period)(?![\p{L}\d])/iu;

function iso(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || year > 2200 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * The document date: a date labelled as the issue date wins, then one labelled a date, then the
 * first date not labelled a due date, then the first date at all.
 */
export function findDate(text: string, order: DateOrder = 'day-first'): Extracted<string> {
  const matches: Array<{ value: string; index: number; end: number }> = [];
  for (const [pattern, parts] of PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      const value = parts(m as RegExpExecArray, order).map((reading) => iso(...reading)).find((date) => date !== null);
      const index = m.index ?? 0;
      if (value) matches.push({ value, index, end: index + m[0].length });
    }
  }
  if (matches.length === 0) return { value: null, confidence: 0, snippet: null };
  matches.sort((a, b) => a.index - b.index);
  const found = matches.map((date, i) => ({ ...date, snippet: lineAt(text, date.index), lead: leadOf(text, date.index, i > 0 ? matches[i - 1].end : 0) }));
  const labelled = [ISSUE_LABEL, DATE_LABEL].map((label) => found.find((d) => label.test(d.lead) && !OTHER_LABEL.test(d.lead))).find(Boolean);
  if (labelled) return { value: labelled.value, confidence: 0.85, snippet: labelled.snippet };
  const plain = found.find((d) => !OTHER_LABEL.test(d.lead));
  const pick = plain ?? found[0];
  return { value: pick.value, confidence: plain ? 0.6 : 0.4, snippet: pick.snippet };
}

/** The words before a date on its line, back to the date before it (see lineStart for how far back). */
function leadOf(text: string, index: number, previousEnd: number): string {
  return text.slice(Math.max(lineStart(text, index), previousEnd <= index ? previousEnd : 0), index);
}
