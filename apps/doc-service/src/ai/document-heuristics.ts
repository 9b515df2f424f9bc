import { type Extracted } from './classifier';
import { SNIPPET_MAX } from './model-answer';
import { lineAt, linesOf } from './text-lines';

const none = { value: null, confidence: 0, snippet: null };

/** The first line that reads like a heading: some letters, not just a number, date or page marker. */
export function findTitle(text: string): Extracted<string> {
  for (const { line } of linesOf(text).slice(0, 15)) {
    const letters = line.match(/\p{L}/gu)?.length ?? 0;
    // A salutation ("Dear Sir,", "Exmos. Senhores,") opens a letter; it names nothing.
    if (letters < 3 || line.length > 120 || /^(page|página|pag\.?)\s*\d/i.test(line) || /,$/.test(line)) continue;
    return { value: line.replace(/\s+/g, ' '), confidence: 0.4, snippet: line.slice(0, SNIPPET_MAX) };
  }
  return none;
}

/** The start of the text with its whitespace condensed; the snippet is the original slice. */
export function findSummary(text: string): Extracted<string> {
  const condensed = text.replace(/\s+/g, ' ').trim();
  if (!condensed) return none;
  const value = condensed.length > 300 ? `${condensed.slice(0, 300).replace(/\s+\S*$/, '')}…` : condensed;
  return { value, confidence: 0.3, snippet: text.trim().slice(0, SNIPPET_MAX) };
}

/** Issuer labels first (the other party of a bill the user received), then the billed party. */
// A label alone on its line (the name follows), or a label and a colon: "Supplier 30 GmbH" is a name, not a label.
const ISSUER = /^(from|supplier|vendor|seller|issued by|issuer|landlord|employer|fornecedor|emitente|vendedor|prestador|senhorio|entidade patronal)(?:\s+(?:name|nome))?\s*(?:[:\-–]\s*(.*))?$/i;
const BILLED = /^(bill to|billed to|customer|client|cliente|adquirente|destinat[áa]rio)(?:\s+(?:name|nome))?\s*(?:[:\-–]\s*(.*))?$/i;
/** Lower-case words that join the parts of a company's name (Portuguese, Spanish, English, Dutch, German). */
const PARTICLE = /^(de|da|do|das|dos|del|e|y|of|and|van|von|der)$/;
const COMPANY_SUFFIX = /(?<![\p{L}])(Lda|LDA|Ltda|LTDA|Ltd|LTD|Limited|LIMITED|LLC|L\.L\.C\.|S\.A\.|SA|GmbH|GMBH|Inc|INC|Unipessoal|PLC|plc)\.?(?=$|[\s,;)])/u;

/**
 * "Acme Widgets Ltd" out of "… made between Acme Widgets Ltd, VAT 123": the suffix and up to six
 * capitalised words before it (company names are capitalised; the sentence around them is not).
 */
function companyIn(line: string): string | null {
  const m = COMPANY_SUFFIX.exec(line);
  if (!m) return null;
  const words = line.slice(0, m.index).trim().split(/\s+/).filter(Boolean);
  const capitalised = (i: number) => i >= 0 && /^[\p{Lu}\d&"'(]/u.test(words[i]);
  const name: string[] = [];
  for (let i = words.length - 1; i >= 0 && name.length < 6; i--) {
    // "Águas de Portugal": a small joining word inside a name, never at its start.
    if (capitalised(i) || (PARTICLE.test(words[i]) && capitalised(i - 1) && name.length > 0)) name.unshift(words[i]);
    else break;
  }
  return name.length ? `${name.join(' ')} ${m[0]}`.replace(/^["'(]/, '') : null;
}

function labelled(text: string, label: RegExp): { value: string; snippet: string } | null {
  const lines = linesOf(text);
  for (const [i, { line, index }] of lines.entries()) {
    const m = label.exec(line);
    if (!m) continue;
    const rest = (m[2] ?? '').trim();
    const value = rest || lines[i + 1]?.line;
    if (value) return { value: value.replace(/\s+/g, ' ').slice(0, 200), snippet: rest ? lineAt(text, index) : `${line}\n${value}`.slice(0, SNIPPET_MAX) };
  }
  return null;
}

/** Words of a heading that is no one's name: what the document calls itself ("Sales Receipt", "Credit Note"), a greeting, a mark. */
const DOCUMENT_WORD =
  /(?<![\p{L}])(invoice|receipt|statement|quote|quotation|contract|agreement|bill|payslip|order|note|credit|copy|original|page|summary|confirmation|dear|fatura|factura|recibo|nota|contrato|orçamento|extrato|declaração|encomenda|cópia|exmos?|caro|cara)(?![\p{L}])/iu;

/**
 * A letterhead: the first line, when it reads as a name (a shop's on its receipt): one to six words,
 * each capitalised or a joining word, no digits, no label, not the document's own name.
 */
function letterhead(text: string): { value: string; snippet: string } | null {
  const first = linesOf(text)[0]?.line.trim().replace(/\s+/g, ' ');
  if (!first || /[\d:@]/.test(first) || DOCUMENT_WORD.test(first)) return null;
  const words = first.split(' ');
  if (words.length > 6 || !words.every((w, i) => /^[\p{Lu}&'"]/u.test(w) || (i > 0 && PARTICLE.test(w)))) return null;
  return { value: first, snippet: first.slice(0, SNIPPET_MAX) };
}

/**
 * The other party: after "From:"/"Fornecedor"/"Emitente"…, else a company name by its suffix, else
 * a letterhead, else the billed party.
 */
export function findCounterparty(text: string): Extracted<string> {
  const issuer = labelled(text, ISSUER);
  if (issuer) return { value: issuer.value, confidence: 0.8, snippet: issuer.snippet };
  for (const { line } of linesOf(text)) {
    const company = companyIn(line);
    if (company) return { value: company, confidence: 0.6, snippet: line.slice(0, SNIPPET_MAX) };
  }
  const head = letterhead(text);
  if (head) return { value: head.value, confidence: 0.45, snippet: head.snippet };
  const billed = labelled(text, BILLED);
  if (billed) return { value: billed.value, confidence: 0.5, snippet: billed.snippet };
  return none;
}
