import yauzl from 'yauzl';
import { formatBytes } from '../table/format-bytes';
import { TabularError } from '../tabular-error';
import type { TableLimits } from '../table-limits';
import type { OpenStream } from '../table-types';
import type { ByteRange } from './byte-ranges';
import { SourceReader } from './source-reader';

export interface ZipEntry {
  name: string;
  /**
   * From the local header to the next entry (or the central directory): the entry's raw bytes,
   * including its data descriptor, if any, after the compressed data.
   */
  range: ByteRange;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  compressionMethod: number;
  yauzlEntry: yauzl.Entry;
}

export interface ZipDirectory {
  size: number;
  entries: Map<string, ZipEntry>;
  zip: yauzl.ZipFile;
}

/** Bytes kept from the end of the file: room for the central directory of any real workbook. */
const TAIL_BYTES = 1024 * 1024;
const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const MAX_ENTRIES = 100_000;

export const corruptZip = (cause?: unknown): TabularError =>
  new TabularError('CORRUPT_FILE', 'the file looks like an XLSX workbook (a zip archive) but it is damaged or incomplete', {
    cause: cause instanceof Error ? cause.message : undefined,
  });

/** Streams the whole file once, keeping only its size and its last TAIL_BYTES. */
async function readTail(chunks: AsyncIterable<Buffer>): Promise<{ tail: Buffer; size: number }> {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    kept.push(chunk);
    keptBytes += chunk.length;
    while (kept.length > 1 && keptBytes - kept[0].length >= TAIL_BYTES) keptBytes -= kept.shift()?.length ?? 0;
  }
  const tail = Buffer.concat(kept);
  return { tail: tail.subarray(Math.max(0, tail.length - TAIL_BYTES)), size };
}

/** Offset of the central directory, i.e. where the last entry's bytes end (zip64 aware). */
function centralDirectoryOffset(tail: Buffer, tailStart: number): number {
  for (let i = tail.length - 22; i >= Math.max(0, tail.length - 22 - 0xffff); i--) {
    if (tail.readUInt32LE(i) !== EOCD_SIGNATURE) continue;
    const offset = tail.readUInt32LE(i + 16);
    if (offset !== 0xffffffff) return offset;
    const locator = i - 20;
    if (locator < 0 || tail.readUInt32LE(locator) !== ZIP64_LOCATOR_SIGNATURE) throw corruptZip();
    const record = Number(tail.readBigUInt64LE(locator + 8)) - tailStart;
    if (record < 0 || record + 56 > tail.length) throw corruptZip();
    return Number(tail.readBigUInt64LE(record + 48));
  }
  throw corruptZip();
}

function checkBomb(entry: yauzl.Entry, total: number, limits: TableLimits): void {
  if (total > limits.maxUncompressedBytes) {
    throw new TabularError('ZIP_BOMB', `the workbook would expand to more than ${formatBytes(limits.maxUncompressedBytes)} when unpacked; it is refused as a possible zip bomb`);
  }
  const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
  if (entry.uncompressedSize > limits.ratioCheckMinBytes && ratio > limits.maxCompressionRatio) {
    throw new TabularError(
      'ZIP_BOMB',
      `'${entry.fileName}' in the workbook would expand ${Math.round(ratio).toLocaleString('en')} times ` +
        `(${formatBytes(entry.compressedSize)} to ${formatBytes(entry.uncompressedSize)}); it is refused as a possible zip bomb`,
    );
  }
}

/**
 * First pass over an XLSX candidate: reads the file to its end (keeping only the tail), lists the
 * zip entries from the central directory with yauzl, and refuses zip bombs by their declared sizes
 * before anything is inflated. `chunks` continues the stream whose head was already inspected.
 */
export async function readZipDirectory(open: OpenStream, chunks: AsyncIterable<Buffer>, limits: TableLimits): Promise<ZipDirectory> {
  const { tail, size } = await readTail(chunks);
  const tailStart = size - tail.length;
  const directoryStart = centralDirectoryOffset(tail, tailStart);
  if (directoryStart < tailStart) {
    // Each directory read outside the tail would re-read the file; no real workbook needs that.
    throw new TabularError('ZIP_BOMB', `the workbook's zip directory is larger than ${formatBytes(TAIL_BYTES)} (too many files inside)`);
  }
  let zip: yauzl.ZipFile;
  try {
    const options = { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: false };
    zip = await yauzl.fromRandomAccessReaderPromise(new SourceReader(open, tail, tailStart), size, options);
  } catch (error) {
    throw corruptZip(error);
  }
  const listed: yauzl.Entry[] = [];
  let total = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      if (listed.length >= MAX_ENTRIES) throw new TabularError('ZIP_BOMB', `the workbook holds more than ${MAX_ENTRIES.toLocaleString('en')} files`);
      total += entry.uncompressedSize;
      checkBomb(entry, total, limits);
      listed.push(entry);
    }
  } catch (error) {
    throw error instanceof TabularError ? error : corruptZip(error);
  }
  const byOffset = [...listed].sort((a, b) => a.relativeOffsetOfLocalHeader - b.relativeOffsetOfLocalHeader);
  const entries = new Map<string, ZipEntry>();
  byOffset.forEach((entry, i) => {
    const end = byOffset[i + 1]?.relativeOffsetOfLocalHeader ?? directoryStart;
    entries.set(entry.fileName, {
      name: entry.fileName,
      range: { start: entry.relativeOffsetOfLocalHeader, end },
      crc32: entry.crc32,
      compressedSize: entry.compressedSize,
      uncompressedSize: entry.uncompressedSize,
      compressionMethod: entry.compressionMethod,
      yauzlEntry: entry,
    });
  });
  return { size, entries, zip };
}
