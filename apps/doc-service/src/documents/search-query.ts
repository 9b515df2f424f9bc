/**
 * A tsquery from what a user types: every word must match, as a prefix ("fatur" finds "fatura").
 * Only letters and digits reach the query, so no input can break its syntax. Null when nothing is left.
 * Composed first (NFC), so an accent typed as a combining mark stays inside its word; the SQL
 * folds the accents away, as it did when the vectors were built.
 */
export function searchQuery(text: string): string | null {
  const words = text.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}]+/gu)?.slice(0, 20) ?? [];
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : null;
}
