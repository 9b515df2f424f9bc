/**
 * A tsquery from what a user types: every word must match, as a prefix ("fatur" finds "fatura").
 * Only letters and digits reach the query, so no input can break its syntax. Null when nothing is left.
 * Composed first (NFC), and a mark left over (as lower-casing "İ" leaves one) stays inside its
 * word; the SQL also asks with the accents folded away.
 */
export function searchQuery(text: string): string | null {
  const words = text.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu)?.slice(0, 20) ?? [];
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : null;
}
