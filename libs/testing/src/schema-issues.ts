import type { z } from 'zod';

/**
 * What keeps `value` from matching `schema`, as zod words it ([] when it matches): a test that
 * expects [] shows every mismatch by field, where a bare `parse` would stop at a thrown error.
 */
export function schemaIssues(schema: z.ZodType, value: unknown): z.core.$ZodIssue[] {
  return schema.safeParse(value).error?.issues ?? [];
}
