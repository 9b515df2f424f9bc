import { z } from 'zod';
import { AppError } from './errors';

/** Parses `input`, or throws VALIDATION_FAILED with a message that names each bad field. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, what = 'body'): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.join('.') : what,
    message: plainMessage(issue),
  }));
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  throw new AppError('VALIDATION_FAILED', `Invalid ${what}: ${summary}`, { fields });
}

/**
 * zod's own wording ("Too small: expected string to have >=3 characters") in the words the rest of our
 * messages use; a message a schema gives itself is kept as it is.
 */
export function plainMessage(issue: z.core.$ZodIssue): string {
  const { message } = issue;
  // An exact size, or a bound not included (a positive number is "more than 0"), keeps zod's words, which say so.
  if ((issue.code === 'too_small' || issue.code === 'too_big') && (issue.exact || issue.inclusive === false)) return message;
  if (issue.code === 'too_small' && message.startsWith('Too small')) {
    const at = Number(issue.minimum);
    if (issue.origin === 'string') return at <= 1 ? 'must not be empty' : `must have at least ${at} characters`;
    if (issue.origin === 'array' || issue.origin === 'set') return `must have at least ${at} item${at === 1 ? '' : 's'}`;
    if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') return `must be at least ${at}`;
  }
  if (issue.code === 'too_big' && message.startsWith('Too big')) {
    const at = Number(issue.maximum);
    if (issue.origin === 'string') return `must have at most ${at} characters`;
    if (issue.origin === 'array' || issue.origin === 'set') return `must have at most ${at} item${at === 1 ? '' : 's'}`;
    if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') return `must be at most ${at}`;
  }
  if (issue.code === 'invalid_format' && issue.format === 'email' && message === 'Invalid email address') return 'is not an email address (like name@example.com)';
  if (issue.code === 'invalid_type' && /received undefined$/.test(message)) return 'is required';
  return message;
}
