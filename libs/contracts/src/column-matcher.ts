import type { CollectionField } from './nocobase.schemas';

/** Case, accents, spacing and punctuation do not count: `E-mail` = `email`, `Signup date` = `signupDate`. */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * The field a spreadsheet column header means: a field whose name matches first (UI-made fields are
 * named `f_xxxx`, so their human title is the second chance), then a field whose title matches.
 * A header that matches several fields' titles equally prefers a field the user fills in over a
 * system one; when that still leaves a tie, it matches nothing rather than guessing.
 */
export function matchColumnToField<F extends Pick<CollectionField, 'name' | 'title'> & Partial<Pick<CollectionField, 'system' | 'hidden'>>>(
  header: string,
  fields: readonly F[],
): F | null {
  const key = normalizeHeader(header);
  if (!key) return null;
  const candidates = fields.filter((f) => !f.hidden);
  const exact = candidates.find((f) => f.name === header.trim());
  if (exact) return exact;
  const byName = candidates.filter((f) => normalizeHeader(f.name) === key);
  if (byName.length) return pick(byName);
  return pick(candidates.filter((f) => normalizeHeader(f.title) === key));
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
