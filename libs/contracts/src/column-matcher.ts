import type { CollectionField } from './nocobase.schemas';

/** Case, accents, spacing and punctuation do not count: `E-mail` = `email`, `Signup date` = `signupDate`. */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Words a header may add to a field's name without meaning another field: "E-mail address", "Phone number". */
const FILLER_ENDINGS = ['address', 'adresse', 'endereco', 'number', 'numero', 'nummer', 'nr', 'no'];

/**
 * The field a spreadsheet column header means: a field whose name matches first (UI-made fields are
 * named `f_xxxx`, so their human title is the second chance), then a field whose title matches,
 * then either once the header's filler ending ("E-mail address") or its collection's name in front
 * ("Product name" in products) is left out. A header that matches several fields equally prefers a
 * field the user fills in over a system one; when that still leaves a tie, it matches nothing
 * rather than guessing.
 */
export function matchColumnToField<F extends Pick<CollectionField, 'name' | 'title'> & Partial<Pick<CollectionField, 'system' | 'hidden'>>>(
  header: string,
  fields: readonly F[],
  collection?: { name: string; title: string },
): F | null {
  const key = normalizeHeader(header);
  if (!key) return null;
  const candidates = fields.filter((f) => !f.hidden);
  const exact = candidates.find((f) => f.name === header.trim());
  if (exact) return exact;
  const matching = (k: string) => {
    const byName = candidates.filter((f) => normalizeHeader(f.name) === k);
    return byName.length ? byName : candidates.filter((f) => normalizeHeader(f.title) === k);
  };
  const direct = matching(key);
  if (direct.length) return pick(direct);
  const shorter = shortenedKeys(key, collection);
  return pick([...new Set(shorter.flatMap(matching))]);
}

/** The header without a filler ending, or without its collection's name in front (singular or plural). */
function shortenedKeys(key: string, collection?: { name: string; title: string }): string[] {
  const keys = FILLER_ENDINGS.filter((end) => key.endsWith(end) && key.length > end.length).map((end) => key.slice(0, -end.length));
  const names = collection ? [...new Set([collection.name, collection.title].map(normalizeHeader).flatMap((n) => (n.endsWith('s') ? [n, n.slice(0, -1)] : [n])))] : [];
  for (const name of names.filter((n) => n && key.startsWith(n) && key.length > n.length)) keys.push(key.slice(name.length));
  return keys;
}

function pick<F extends Partial<Pick<CollectionField, 'system'>>>(matches: F[]): F | null {
  if (matches.length <= 1) return matches[0] ?? null;
  const userFields = matches.filter((f) => !f.system);
  return userFields.length === 1 ? userFields[0] : null;
}

/**
 * A field NocoBase refuses a new record without, that nothing but the file fills (no default, not
 * set by NocoBase): an insert needs a column for it. The analysis and the web app both say so.
 */
export function isRequiredInput(f: CollectionField): boolean {
  return f.required && !f.system && !f.primary_key && f.column !== null && (f.default_value === null || f.default_value === undefined);
}
