/**
 * What one value fits, as bits. The profiler classifies every cell of a file, so a bitmask (no
 * per-value allocation) matters.
 */
export const BOOLEAN = 1;
export const NUMBER_DOT = 2;
export const NUMBER_COMMA = 4;
export const DATE_DMY = 8;
export const DATE_MDY = 16;
export const EMAIL = 32;
export const KINDS = [BOOLEAN, NUMBER_DOT, NUMBER_COMMA, DATE_DMY, DATE_MDY, EMAIL];

/** Cheap 32-bit FNV-1a hash: distinct values are counted by hash to keep memory constant. */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Text form of a non-text cell, as samples show it: XLSX dates as 'YYYY-MM-DD[ HH:MM:SS]'. */
export function cellText(value: number | boolean | Date): string {
  if (!(value instanceof Date)) return String(value);
  const iso = value.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
}

/** Whether a text could be a date: at least 8 characters, a separator at the 2nd, 3rd or 5th place. */
export function mayBeDate(text: string): boolean {
  const separator = (i: number): boolean => text[i] === '/' || text[i] === '-' || text[i] === '.';
  return text.length >= 8 && (separator(1) || separator(2) || separator(4));
}

const NUMBER_START = /[\d+\-.,]/;

/** Whether a text could be a number at all: rejects words, emails and names before any parsing. */
export function mayBeNumber(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  return NUMBER_START.test(text[0]) && last >= 48 && last <= 57;
}
