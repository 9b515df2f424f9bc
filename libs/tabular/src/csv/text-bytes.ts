/** Byte-level facts about the start of a text file, shared by format and encoding detection. */

export type ByteOrderMark = { encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; length: number } | { encoding: 'utf-32'; length: 4 };

export function byteOrderMark(head: Buffer): ByteOrderMark | undefined {
  // UTF-32LE's mark starts like UTF-16LE's, so it is tested first.
  if (head.length >= 4 && head.readUInt32BE(0) === 0xfffe0000) return { encoding: 'utf-32', length: 4 };
  if (head.length >= 4 && head.readUInt32BE(0) === 0x0000feff) return { encoding: 'utf-32', length: 4 };
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/**
 * UTF-16 without a mark: mostly-ASCII text has a NUL in every other byte. Checked on the first
 * 4 KiB so a binary file with scattered NULs is not mistaken for text.
 */
export function utf16WithoutBom(head: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  const length = Math.min(head.length, 4096) & ~1;
  if (length < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < length; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  const pairs = length / 2;
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return 'utf-16be';
  return undefined;
}

/** Strict UTF-8 check that tolerates a multi-byte character cut off by the end of the sample. */
export function isValidUtf8(sample: Buffer): boolean {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let cut = 0; cut <= 3 && cut < sample.length; cut++) {
    try {
      decoder.decode(sample.subarray(0, sample.length - cut));
      return true;
    } catch {
      // A truncated trailing character fails only at the very end; retry without it.
    }
  }
  return sample.length === 0;
}

/**
 * True when the bytes look like a binary file rather than text in some 8-bit or UTF-8 encoding:
 * any NUL, or more than 1 % control characters other than tab, newlines, form feed and Ctrl-Z.
 */
export function looksBinary(head: Buffer): boolean {
  const length = Math.min(head.length, 64 * 1024);
  let controls = 0;
  for (let i = 0; i < length; i++) {
    const byte = head[i];
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1a && byte !== 0x0b) {
      controls++;
    }
  }
  return controls > length * 0.01;
}
