import { byteOrderMark, looksBinary, utf16WithoutBom } from './csv/text-bytes';
import type { TabularErrorCode } from './tabular-error';

/** What a file is, judged from its first bytes only (ARCHITECTURE.md §6: never by its name). */
export type DetectedFormat =
  | { format: 'csv' }
  /** A zip archive: an XLSX candidate, confirmed by `openTable` from the zip directory. */
  | { format: 'xlsx' }
  | { format: 'unsupported'; code: Extract<TabularErrorCode, 'EMPTY_FILE' | 'UNSUPPORTED_FORMAT' | 'UNSUPPORTED_ENCODING'>; reason: string };

/** Bytes `detectFormat` needs to decide; pass at least this many (or the whole file if smaller). */
export const FORMAT_HEAD_BYTES = 8 * 1024;

const SAVE_AS = 'save it as .xlsx or CSV (UTF-8) and upload that instead';

interface Signature {
  offset: number;
  bytes: number[];
  what: string;
}

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

const BINARY_SIGNATURES: Signature[] = [
  { offset: 0, bytes: ascii('%PDF-'), what: 'a PDF document' },
  { offset: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], what: 'a PNG image' },
  { offset: 0, bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { offset: 0, bytes: ascii('GIF8'), what: 'a GIF image' },
  { offset: 0, bytes: [0x49, 0x49, 0x2a, 0x00], what: 'a TIFF image' },
  { offset: 0, bytes: [0x4d, 0x4d, 0x00, 0x2a], what: 'a TIFF image' },
  { offset: 8, bytes: ascii('WEBP'), what: 'a WebP image' },
  { offset: 4, bytes: ascii('ftyp'), what: 'a video or HEIC image' },
  { offset: 0, bytes: [0x1f, 0x8b], what: 'a gzip archive' },
  { offset: 0, bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'a 7-Zip archive' },
  { offset: 0, bytes: ascii('Rar!\x1a\x07'), what: 'a RAR archive' },
  { offset: 0, bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'an xz archive' },
  { offset: 0, bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'a zstd archive' },
  { offset: 4, bytes: ascii('1AY&SY'), what: 'a bzip2 archive' },
  { offset: 0, bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'an executable program' },
  { offset: 0, bytes: ascii('SQLite format 3\0'), what: 'an SQLite database' },
];

const ZIP_SIGNATURES = [ascii('PK\x03\x04'), ascii('PK\x05\x06'), ascii('PK\x07\x08')];
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(head: Buffer, bytes: number[], offset = 0): boolean {
  if (head.length < offset + bytes.length) return false;
  return bytes.every((byte, i) => head[offset + i] === byte);
}

function unsupported(reason: string): DetectedFormat {
  return { format: 'unsupported', code: 'UNSUPPORTED_FORMAT', reason };
}

/** OpenDocument files are zips whose first, uncompressed entry is named `mimetype`. */
function openDocumentKind(head: Buffer): string | undefined {
  if (head.length < 30 || head.toString('latin1', 30, 38) !== 'mimetype') return undefined;
  const mime = head.toString('latin1', 38, 38 + 80);
  if (mime.includes('opendocument.spreadsheet')) return 'an OpenDocument spreadsheet (.ods)';
  if (mime.includes('opendocument')) return 'an OpenDocument file';
  return undefined;
}

/** Text formats that are not tables but would otherwise pass as one-column CSV. */
function markupKind(head: Buffer): string | undefined {
  const text = head.toString('latin1', 0, 1024).replace(/^(\xef\xbb\xbf)?\s*/, '').toLowerCase();
  if (text.startsWith('<!doctype html') || text.startsWith('<html')) {
    return 'an HTML page (some systems export web tables with an .xls name)';
  }
  if (text.startsWith('<?xml')) {
    return text.includes('urn:schemas-microsoft-com:office:spreadsheet')
      ? 'an Excel 2003 XML spreadsheet'
      : 'an XML document';
  }
  if (text.startsWith('{\\rtf')) return 'an RTF document';
  return undefined;
}

/**
 * Decides from the first bytes (at least FORMAT_HEAD_BYTES, or the whole file) whether the file is
 * CSV text, an XLSX candidate (any zip) or something unsupported, with a reason the user can act on.
 */
export function detectFormat(head: Buffer): DetectedFormat {
  if (head.length === 0) return { format: 'unsupported', code: 'EMPTY_FILE', reason: 'the file is empty' };
  if (ZIP_SIGNATURES.some((signature) => startsWith(head, signature))) {
    const openDocument = openDocumentKind(head);
    return openDocument ? unsupported(`the file is ${openDocument}; ${SAVE_AS}`) : { format: 'xlsx' };
  }
  if (startsWith(head, OLE_SIGNATURE)) {
    return unsupported(
      'the file is a legacy Excel 97–2003 workbook (.xls) or a password-protected workbook, which is not supported; ' +
        'save it as .xlsx (without a password) and upload that instead',
    );
  }
  const known = BINARY_SIGNATURES.find((signature) => startsWith(head, signature.bytes, signature.offset));
  if (known) return unsupported(`the file is ${known.what}, not a spreadsheet or CSV file`);

  const bom = byteOrderMark(head);
  if (bom?.encoding === 'utf-32') {
    return { format: 'unsupported', code: 'UNSUPPORTED_ENCODING', reason: `the file is UTF-32 text, which is not supported; ${SAVE_AS}` };
  }
  if (bom || utf16WithoutBom(head)) return { format: 'csv' };
  if (looksBinary(head)) return unsupported('the file holds binary data, not text: it is not a spreadsheet or CSV file');
  const markup = markupKind(head);
  if (markup) return unsupported(`the file is ${markup}, not a table; ${SAVE_AS}`);
  return { format: 'csv' };
}
