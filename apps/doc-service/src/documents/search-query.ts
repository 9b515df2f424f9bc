/**
 * A tsquery from what a user types: every word must match, as a prefix ("fatur" finds "fatura").
 * Only letters and digits reach the query, so no input can break its syntax. Null when nothing is left.
 */
export function searchQuery(text: string): string | null {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu)?.slice(0, 20) ?? [];
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : null;
}
