import { z } from 'zod';

/** A calendar date as YYYY-MM-DD that exists (no 30 February): what PostgreSQL's date accepts. */
export function isRealDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

export const IsoDateSchema = z.string().refine(isRealDate, 'must be a real date as YYYY-MM-DD');
