import { isRealDate } from './iso-date';

/** What a search asks of the documents, cut from what a user types (see searchTerms). */
export interface SearchTerms {
  /** The words asked for as prefixes, as a tsquery ("fatur:* & 117:*"); null when there are none. */
  prefixes: string | null;
  /** Dates as typed ("2024-01-10", "10/01/2024"): each must be in the document as written, its parts side by side. */
  dates: string[];
  /** Every group with punctuation inside ("2024/117", "inv-0042"), dates too: a document holding one as written ranks first. */
  exact: string[];
}

/** Day, month and year (any order) joined by one of - / . */
const DATE = /^\d{1,4}([-/.])\d{1,2}\1\d{1,4}$/u;
/** Punctuation or symbols at a group's ends: "(2024/117)," is "2024/117". */
const EDGES = /^[^\p{L}\p{N}]+|[^\p{L}\p{M}\p{N}]+$/gu;

/**
 * The terms of a search. Every word must match, as a prefix ("fatur" finds "fatura"); only letters
 * and digits reach the prefixes' tsquery, so no input can break its syntax. A date must match as
 * written: its parts as loose prefixes ("2024", "01", "10") matched any document with 2024 and an
 * amount of 100.00. Composed first (NFC), and a mark left over (as lower-casing "İ" leaves one)
 * stays inside its word; the SQL also asks with the accents folded away. Null when nothing is left.
 */
export function searchTerms(text: string): SearchTerms | null {
  const prefixes: string[] = [];
  const dates: string[] = [];
  const exact: string[] = [];
  for (const raw of text.normalize('NFC').toLowerCase().split(/\s+/u)) {
    const group = raw.replace(EDGES, '');
    const words = searchWords(group);
    if (!words.length) continue;
    if (DATE.test(group)) dates.push(group);
    else prefixes.push(...words);
    if (words.length > 1) exact.push(group);
  }
  if (!prefixes.length && !dates.length) return null;
  return { prefixes: prefixes.length ? prefixes.slice(0, MAX_SEARCH_WORDS).map((w) => `${w}:*`).join(' & ') : null, dates, exact };
}

/** Whether a search's date is an ISO date: a document dated that day matches too, whatever its text says. */
export function isIsoDate(date: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && isRealDate(date);
}

/** Words a search asks for, all of them: more are refused (see the list's `q`), not dropped. */
export const MAX_SEARCH_WORDS = 20;

/** The words of a search, as searchTerms cuts them. */
export function searchWords(text: string): string[] {
  return text.match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu) ?? [];
}
