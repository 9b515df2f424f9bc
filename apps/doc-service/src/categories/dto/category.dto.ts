import { NameSchema, uuid } from '@intake/contracts';
import { z } from 'zod';

export const CategoryNameSchema = z.strictObject({ name: NameSchema });
export type CategoryNameInput = z.output<typeof CategoryNameSchema>;

export const BULK_MAX = 1000;

/** Many documents at once; all must be the caller's or nothing changes. */
export const CategoryDocumentsSchema = z.strictObject({
  document_ids: z.array(uuid({ error: 'must be document ids' })).min(1, 'name at least one document').max(BULK_MAX, `at most ${BULK_MAX} documents per request`),
});
export type CategoryDocumentsInput = z.output<typeof CategoryDocumentsSchema>;
