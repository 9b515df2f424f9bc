import { z } from 'zod';

/** Text PostgreSQL can store: it refuses NUL characters, and jsonb a lone surrogate (text would turn it into U+FFFD). */
export const StorableText = z
  .string()
  .refine((v) => !v.includes('\u0000'), 'must not contain NUL characters')
  .refine((v) => v.isWellFormed(), 'must be valid Unicode (it holds half of a surrogate pair)');
