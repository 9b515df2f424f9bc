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
  const name = clean || fallback;
  if (name.length <= 255) return name;
  // 255 UTF-16 units (what the contracts count), cut by code point (a cut through a surrogate pair would store half an emoji), keeping the extension.
  const extension = /\.[^.\s]{1,10}$/.exec(clean)?.[0] ?? '';
  const body = [...name.slice(0, name.length - extension.length)];
  let length = body.join('').length;
  while (length + extension.length > 255) length -= (body.pop() as string).length;
  return body.join('') + extension;
}
