import { z } from 'zod';
import { StorableText } from './storable-text';

/** The longest type or category name. */
export const NAME_MAX = 80;

export { nameKey, sameName } from './name-key';

/**
 * A name as it is shown and compared: composed (NFC, so "Café" typed two ways is one name), line
 * breaks and runs of spaces as one space, invisible characters (zero-width spaces, direction
 * overrides) gone, the joiners that Persian, Indic scripts and emoji need kept.
 */
export function plainName(name: string): string {
  // Line breaks and tabs become spaces first; then invisible characters go, but not the joiners scripts and emoji need.
  return name.normalize('NFC').replace(/\s+/g, ' ').replace(/(?![\u200c\u200d])[\p{Cc}\p{Cf}]/gu, '').replace(/ {2,}/g, ' ').trim();
}

/** Something to see: a name of joiners, fillers, marks or blank Braille alone would show as nothing. */
export const showsSomething = (name: string): boolean => /[^\p{Default_Ignorable_Code_Point}\p{M}\s\u2800]/u.test(name);

/** A type or category name as a person types it, made plain (above). */
export const NameSchema = StorableText.transform(plainName).pipe(
  z.string().min(1, 'must not be empty').max(NAME_MAX, `must be at most ${NAME_MAX} characters`).refine(showsSomething, 'must have a letter, digit or sign to show'),
);
