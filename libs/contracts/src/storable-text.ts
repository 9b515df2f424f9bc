import { z } from 'zod';

/** Text PostgreSQL can store: it refuses NUL characters, and jsonb a lone surrogate (text would turn it into U+FFFD). */
export const StorableText = z
  .string()
  .refine((v) => !v.includes('\u0000'), 'must not contain NUL characters')
  .refine((v) => v.isWellFormed(), 'must be valid Unicode (it holds half of a surrogate pair)');

/** Bidirectional overrides, embeddings and isolates (marks, which names in Hebrew or Arabic may need, stay): "Admin\u202e" shows what it does not say (CVE-2021-42574's trick). */
export const DIRECTION_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/;

/** A line of text a person types (a name, a phone number): storable, without control characters (an escape sequence in a name would reach every screen and log that shows it). */
// Checked inside the ends a trim takes off (zod checks in order): a name typed with a line break after it is trimmed, not refused.
export const LineText = StorableText.refine((v) => !/\p{Cc}/u.test(v.trim()), 'must not contain control characters').refine(
  (v) => !DIRECTION_CONTROLS.test(v),
  'must not contain direction controls (they make text show in another order than it is stored)',
);
