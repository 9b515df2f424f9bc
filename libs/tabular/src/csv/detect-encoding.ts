import chardet from 'chardet';
import iconv from 'iconv-lite';
import { TabularError } from '../tabular-error';
import type { CsvDialect } from '../table-types';
import { byteOrderMark, isValidUtf8, utf16WithoutBom } from './text-bytes';

export interface DetectedEncoding {
  encoding: string;
  source: CsvDialect['encodingSource'];
  /** Length of the byte-order mark to skip (0 when there is none). */
  bomLength: number;
}

/** Bytes looked at when there is no byte-order mark. */
export const ENCODING_SAMPLE_BYTES = 64 * 1024;

/**
 * chardet's answers for Western European text. It cannot tell these apart reliably on short samples
 * (plain Portuguese comes back as ISO-8859-1 or -9), and Windows-1252 decodes all of them: it is
 * Latin-1 plus € ‘ ’ “ ” … in 0x80–0x9F, where Latin-1 has invisible control codes.
 */
const WESTERN = new Set(['ISO-8859-1', 'ISO-8859-15', 'ISO-8859-9', 'windows-1252', 'windows-1254', 'ASCII']);

/**
 * Picks the encoding of a CSV file: a byte-order mark wins; otherwise text that is valid UTF-8 is
 * UTF-8 (chardet guesses pure ASCII as Turkish, so validation comes first); UTF-16 is recognised by
 * its NUL pattern; anything else is read as Windows-1252. chardet is still consulted so the dialect
 * records whether that was its own answer or a fallback (`source`).
 */
export function detectEncoding(sample: Buffer, override?: string): DetectedEncoding {
  const bom = byteOrderMark(sample);
  if (bom?.encoding === 'utf-32') {
    throw new TabularError('UNSUPPORTED_ENCODING', 'the file is UTF-32 text, which is not supported; save it as UTF-8 and upload it again');
  }
  if (override !== undefined) {
    if (!iconv.encodingExists(override)) {
      throw new TabularError('UNSUPPORTED_ENCODING', `'${override}' is not a text encoding this reader knows`);
    }
    // A mark that agrees with the override is still skipped; iconv would otherwise keep it as text.
    const agrees = bom && iconv.encode('\ufeff', override).equals(sample.subarray(0, bom.length));
    return { encoding: override, source: 'option', bomLength: agrees ? bom.length : 0 };
  }
  if (bom) return { encoding: bom.encoding, source: 'bom', bomLength: bom.length };
  const utf16 = utf16WithoutBom(sample);
  if (utf16) return { encoding: utf16, source: 'utf-16-pattern', bomLength: 0 };
  if (isValidUtf8(sample)) return { encoding: 'utf-8', source: 'utf-8-valid', bomLength: 0 };
  const guess = chardet.detect(sample);
  return { encoding: 'windows-1252', source: guess && WESTERN.has(guess) ? 'chardet' : 'fallback', bomLength: 0 };
}
