/**
 * A tsquery from what a user types: every word must match, as a prefix ("fatur" finds "fatura").
 * Only letters and digits reach the query, so no input can break its syntax. Null when nothing is left.
 * Composed first (NFC), and a mark left over (as lower-casing "İ" leaves one) stays inside its
 * word; the SQL also asks with the accents folded away.
 */
export function searchQuery(text: string): string | null {
  const words = searchWords(text.normalize('NFC').toLowerCase()).slice(0, MAX_SEARCH_WORDS);
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : null;
}

/** Words a search asks for, all of them: more are refused (see the list's `q`), not dropped. */
export const MAX_SEARCH_WORDS = 20;

/** The words of a search, as searchQuery cuts them. */
export function searchWords(text: string): string[] {
  return text.match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu) ?? [];
}
