import { z } from 'zod';
import { AppError } from './errors';

/** Parses `input`, or throws VALIDATION_FAILED with a message that names each bad field. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, what = 'body'): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.join('.') : what,
    message: issue.message,
  }));
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  throw new AppError('VALIDATION_FAILED', `Invalid ${what}: ${summary}`, { fields });
}
