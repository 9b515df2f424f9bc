import { z } from 'zod';
import { DIRECTION_CONTROLS } from './storable-text';

const ALL_DIRECTION_CONTROLS = new RegExp(DIRECTION_CONTROLS.source, 'g');

/**
 * A file's name as a multipart body carries it. Browsers' FormData writes `"` as %22, and CR and LF
 * as %0D and %0A, escaping nothing else (the HTML standard's multipart/form-data encoding), so
 * `fatura "março".pdf` arrives as `fatura %22março%22.pdf`: the quote is read back, the line
 * breaks, which no name keeps, are dropped.
 */
export function formFileName(sent: string): string {
  return sent.replace(/%22/g, '"').replace(/%0[DA]/g, '');
}

/**
 * An uploaded file's name as it is kept and shown: read back from the form (above), without control
 * characters (PostgreSQL refuses NUL; an escape would reach every screen and log) nor the direction
 * overrides that make "invoice\u202Efdp.exe" read as "invoiceexe.pdf", at most 255 characters
 * with its extension kept; `fallback` when nothing is left.
 */
export function uploadFileName(sent: string | undefined, fallback: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = formFileName(sent ?? '').normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f]/g, '').replace(ALL_DIRECTION_CONTROLS, '').trim();
  // Cut by code point (a cut through a surrogate pair would store half an emoji), keeping the extension.
  const chars = [...(clean || fallback)];
  if (chars.length <= FILE_NAME_MAX) return chars.join('');
  const extension = [...(/\.[^.\s]{1,10}$/.exec(clean)?.[0] ?? '')];
  return [...chars.slice(0, FILE_NAME_MAX - extension.length), ...extension].join('');
}

/** The longest file name kept, in characters as PostgreSQL's varchar counts them (code points, not UTF-16 units). */
export const FILE_NAME_MAX = 255;

/** A file name of at most FILE_NAME_MAX characters: zod's max() counts UTF-16 units, and 130 emoji are 260 of them. */
export const FileNameSchema = z.string().min(1).refine((name) => [...name].length <= FILE_NAME_MAX, `must be at most ${FILE_NAME_MAX} characters`);
