import type { CellValue } from '../table-types';

/** The value as the user typed it, quoted and shortened for an error message. */
export function quoteValue(value: Exclude<CellValue, null>): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = value instanceof Date ? value.toISOString() : value;
  return `'${text.length > 60 ? `${text.slice(0, 57)}…` : text}'`;
}
