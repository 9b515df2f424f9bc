import { uuid } from '@intake/contracts';
import { z } from 'zod';
import { StorableText } from '../../documents/iso-date';

/**
 * A name as it is shown and compared: composed (NFC, so "Café" typed two ways is one name), line
 * breaks and runs of spaces as one space, invisible characters (zero-width spaces, direction
 * overrides) gone, the joiners that Persian, Indic scripts and emoji need kept.
 */
function plainName(name: string): string {
  // Line breaks and tabs become spaces first; then invisible characters go, but not the joiners scripts and emoji need.
  return name.normalize('NFC').replace(/\s+/g, ' ').replace(/(?![\u200c\u200d])[\p{Cc}\p{Cf}]/gu, '').replace(/ {2,}/g, ' ').trim();
}

export const CategoryNameSchema = z.strictObject({
  name: StorableText.transform(plainName).pipe(z.string().min(1, 'must not be empty').max(80, 'must be at most 80 characters')),
});
export type CategoryNameInput = z.output<typeof CategoryNameSchema>;

export const BULK_MAX = 1000;

/** Many documents at once; all must be the caller's or nothing changes. */
export const CategoryDocumentsSchema = z.strictObject({
  document_ids: z.array(uuid({ error: 'must be document ids' })).min(1, 'name at least one document').max(BULK_MAX, `at most ${BULK_MAX} documents per request`),
});
export type CategoryDocumentsInput = z.output<typeof CategoryDocumentsSchema>;
