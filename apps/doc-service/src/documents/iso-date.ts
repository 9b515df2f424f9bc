import { z } from 'zod';

/** A calendar date as YYYY-MM-DD that exists (no 30 February): what PostgreSQL's date accepts. */
export function isRealDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  // JavaScript has a year 0; PostgreSQL's date does not.
  return Number(v.slice(0, 4)) >= 1 && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

export const IsoDateSchema = z.string().refine(isRealDate, 'must be a real date as YYYY-MM-DD');

/**
 * Text the database can store: without NUL characters (a PDF's text can hold them) and without half
 * of a surrogate pair (a cut through an emoji leaves one at the end, which PostgreSQL refuses in JSON;
 * elsewhere it becomes U+FFFD).
 */
export function storable(text: string): string {
  const plain = text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
  return plain.isWellFormed() ? plain : plain.replace(/[\uD800-\uDBFF]$/, '').toWellFormed();
}
