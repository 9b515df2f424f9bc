import { ExtractionError } from './extraction-error';

/** Readers accept `%PDF-` anywhere in the first 1024 bytes (some generators prepend junk), so do we. */
export const PDF_HEADER_WINDOW = 1024;
const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');

/** What people upload by mistake, by the bytes the file starts with. */
const KNOWN_SIGNATURES: Array<[prefix: Buffer, what: string]> = [
  [Buffer.from('PK\x03\x04', 'latin1'), 'a zip archive; Word and Excel files are zips too'],
  [Buffer.from('\x89PNG', 'latin1'), 'a PNG image'],
  [Buffer.from([0xff, 0xd8, 0xff]), 'a JPEG image'],
  [Buffer.from('GIF8', 'latin1'), 'a GIF image'],
  [Buffer.from('II*\x00', 'latin1'), 'a TIFF image'],
  [Buffer.from('MM\x00*', 'latin1'), 'a TIFF image'],
  [Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), 'an old Microsoft Office document'],
  [Buffer.from('{\\rtf', 'latin1'), 'an RTF document'],
  [Buffer.from('%!PS', 'latin1'), 'a PostScript file'],
  [Buffer.from('<', 'latin1'), 'HTML or XML'],
];

/** Throws `empty` or `not_pdf` unless `head` (the file's first bytes) holds a PDF header. */
export function assertPdfSignature(head: Uint8Array): void {
  const bytes = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, PDF_HEADER_WINDOW));
  if (bytes.length === 0) throw new ExtractionError('empty', 'The file is empty');
  if (bytes.includes(PDF_MAGIC)) return;
  const start = bytes.subarray(0, 4);
  const known = KNOWN_SIGNATURES.find(([prefix]) => bytes.subarray(0, prefix.length).equals(prefix));
  // A kind people know by name is said so; only an unknown start is shown, as bytes.
  throw new ExtractionError('not_pdf', known ? `The file is not a PDF: it is ${known[1]}` : `The file is not a PDF (it starts with '${printable(start)}')`);
}

/** Shows bytes as a developer would type them: ASCII as is, the rest as \xNN. */
function printable(bytes: Buffer): string {
  return [...bytes].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
}
