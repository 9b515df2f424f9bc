import { uuid } from '@intake/contracts';
import { z } from 'zod';

export const BULK_MAX = 1000;

/** Many documents at once: filed into a category (all must be the caller's or nothing changes) or re-processed. */
export const DocumentIdsSchema = z.strictObject({
  document_ids: z.array(uuid({ error: 'must be document ids' })).min(1, 'name at least one document').max(BULK_MAX, `at most ${BULK_MAX} documents per request`),
});
export type DocumentIdsInput = z.output<typeof DocumentIdsSchema>;
