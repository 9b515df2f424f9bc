import { isRealDate } from './iso-date';

/** What a search asks of the documents, cut from what a user types (see searchTerms). */
export interface SearchTerms {
  /** The words asked for as prefixes, as a tsquery ("fatur:* & 117:*"); null when there are none. */
  prefixes: string | null;
  /** Dates as typed ("2024-01-10", "10/01/2024"): each must be in the document as written, its parts side by side. */
  dates: string[];
  /** Every group with punctuation inside ("2024/117", "inv-0042"), dates too, and every quoted phrase: a document holding one as written ranks first. */
  exact: string[];
  /** Quoted phrases ("late payment", "FT 2024/117"), as typed: each must be in the document, its words side by side and whole. */
  phrases: string[];
  /**
   * Groups that read as an amount ("1.258,98", "1,258.98", "12400"): each matches its words as prefixes, as
   * any group does, or a document whose amount is one of the values (either sign), however its text writes it.
   */
  amounts: { words: string; values: string[] }[];
}

/** Day, month and year (any order) joined by one of - / . */
const DATE = /^\d{1,4}([-/.])\d{1,2}\1\d{1,4}$/u;
/** Punctuation or symbols at a group's ends: "(2024/117)," is "2024/117". */
const EDGES = /^[^\p{L}\p{N}]+|[^\p{L}\p{M}\p{N}]+$/gu;

/** A quoted phrase, in straight or typographic quotes; a quote left open is no phrase. */
const QUOTED = /["“”„«»]([^"“”„«»]*)["“”„«»]/gu;

/**
 * The terms of a search. Every word must match, as a prefix ("fatur" finds "fatura"); only letters
 * and digits reach the prefixes' tsquery, so no input can break its syntax. A date must match as
 * written: its parts as loose prefixes ("2024", "01", "10") matched any document with 2024 and an
 * amount of 100.00. A quoted phrase must match as written, whole words side by side. Composed first
 * (NFC), and a mark left over (as lower-casing "İ" leaves one) stays inside its word; the SQL also
 * asks with the accents folded away. Null when nothing is left.
 */
export function searchTerms(text: string): SearchTerms | null {
  const prefixes: string[] = [];
  const dates: string[] = [];
  const exact: string[] = [];
  const phrases: string[] = [];
  const amounts: SearchTerms['amounts'] = [];
  const normal = text.normalize('NFC').toLowerCase();
  for (const [, quoted] of normal.matchAll(QUOTED)) {
    const words = searchWords(quoted);
    if (!words.length) continue;
    // Its words as prefixes too: the index finds the candidates, the phrase then checks them. As typed,
    // so the text search's parser keeps "2024/117" or "S.A." whole in it, as it does in the text.
    prefixes.push(...words);
    phrases.push(quoted.trim());
    exact.push(quoted.trim());
  }
  for (const raw of normal.replace(QUOTED, ' ').split(/\s+/u)) {
    const group = raw.replace(EDGES, '');
    const words = searchWords(group);
    if (!words.length) continue;
    const values = words.length > 1 ? amountValues(group) : WHOLE.test(group) ? [group] : [];
    if (DATE.test(group)) dates.push(group);
    else if (values.length) amounts.push({ words: prefixQuery(words), values });
    else prefixes.push(...words);
    if (words.length > 1) exact.push(group);
  }
  if (!prefixes.length && !dates.length && !amounts.length) return null;
  return { prefixes: prefixes.length ? prefixQuery(prefixes) : null, dates, exact, phrases, amounts };
}

const prefixQuery = (words: string[]) => words.slice(0, MAX_SEARCH_PARTS).map((w) => `${w}:*`).join(' & ');

/** A whole number: "12400" asks for a document whose amount is 12,400.00 too, as its text writes it apart. */
const WHOLE = /^[1-9]\d{0,14}$/u;
/** Digits in groups of three after the first, all behind the same separator, then maybe decimals after another. */
const GROUPED = /^\d{1,3}([.,'])\d{3}(?:\1\d{3})*(?:([.,])(\d{1,2}))?$/u;
/** Digits, then decimals after a point or a comma. */
const PLAIN = /^\d+[.,](\d{1,3})$/u;

/**
 * The amounts a group of digits may write, as decimal strings: "1.258,98" and "1,258.98" are
 * 1258.98; "1,258" may be 1258 or 1.258, so both. None when it reads as no amount ("2024/117").
 */
export function amountValues(group: string): string[] {
  const grouped = GROUPED.exec(group);
  if (grouped && grouped[1] !== grouped[2]) {
    const whole = group.slice(0, grouped[3] === undefined ? undefined : -grouped[3].length - 1).replace(/[.,']/g, '');
    const value = grouped[3] === undefined ? whole : `${whole}.${grouped[3]}`;
    // One separator before three digits reads either way.
    return grouped[3] === undefined && /^\d+[.,]\d{3}$/.test(group) ? [value, group.replace(',', '.')] : [value];
  }
  const plain = PLAIN.exec(group);
  return plain ? [group.replace(',', '.')] : [];
}

/** Whether a search's date is an ISO date: a document dated that day matches too, whatever its text says. */
export function isIsoDate(date: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && isRealDate(date);
}

/** Words a search asks for as typed ("FT 2024/117" is two), all of them: more are refused (see the list's `q`), not dropped. */
export const MAX_SEARCH_WORDS = 20;
/** And the parts of letters or digits they cut into ("2024/117" is two), each asked of the index. */
export const MAX_SEARCH_PARTS = 60;

/** The words of a search as a person counts them: what spaces separate, if it holds a letter or a digit. */
export function typedWords(text: string): string[] {
  return text.split(/\s+/u).filter((group) => searchWords(group).length > 0);
}

/** The words of a search, as searchTerms cuts them. */
export function searchWords(text: string): string[] {
  return text.match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu) ?? [];
}
