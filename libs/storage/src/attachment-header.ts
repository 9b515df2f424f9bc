import { create } from 'content-disposition';

/**
 * `Content-Disposition: attachment` for a stored file's original name: the name in UTF-8
 * (`filename*`, RFC 8187) whenever it is not plain ASCII, and an ASCII `filename` for clients that
 * read only that. Express's own (`res.attachment`) sends a Latin-1 name such as "relatório.pdf" as
 * raw bytes, which browsers read as UTF-8 and save as "_" or "download.pdf".
 */
export function attachmentHeader(fileName: string): string {
  // "relatório março.pdf" → "relatorio marco.pdf"; what has no ASCII letter under its accents becomes "_".
   
  const ascii = fileName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]/g, '_');
  // The same ASCII name twice would leave out filename*, and a client would read a "%20" in it as a space.
  return create(fileName, { fallback: ascii === fileName ? true : ascii });
}
