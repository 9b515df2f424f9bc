import zlib from 'node:zlib';
import type { OpenStream } from '../table-types';
import { readRanges } from './byte-ranges';
import { InflatedSizeCheck } from './inflated-size-check';
import { LOCAL_HEADER_BYTES, LOCAL_HEADER_SIGNATURE, localHeaderLength, sizedLocalHeader } from './local-header';
import { WORKBOOK_PATH, WORKBOOK_RELS_PATH, type ManifestSheet, type WorkbookManifest } from './workbook-manifest';
import { corruptZip, type ZipDirectory, type ZipEntry } from './zip-directory';

const DEFLATE = 8;
/** exceljs recognises worksheets only by this name pattern, so the chosen sheet always gets it. */
const SHEET_NAME = 'xl/worksheets/sheet1.xml';
const EMPTY_PARTS: Record<string, string> = {
  [WORKBOOK_RELS_PATH]: '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>',
  'xl/sharedStrings.xml': '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
};

interface Part {
  entry: ZipEntry;
  /** The name exceljs expects for this part. */
  name: string;
}

/** A stored (uncompressed) zip entry, for parts the workbook lacks but exceljs waits for. */
function storedEntry(name: string, text: string): Buffer {
  const data = Buffer.from(text, 'utf8');
  const template = Buffer.alloc(LOCAL_HEADER_BYTES);
  template.writeUInt32LE(LOCAL_HEADER_SIGNATURE, 0);
  template.writeUInt16LE(20, 4);
  template.writeUInt16LE(0x21, 12); // 1980-01-01, the zip epoch
  const header = sizedLocalHeader(template, name, { crc32: zlib.crc32(data), compressedSize: data.length, uncompressedSize: data.length });
  return Buffer.concat([header, data]);
}

/** End of central directory with no directory: tells exceljs's unzipper the archive is over. */
const END_OF_ARCHIVE = Buffer.concat([Buffer.from([0x50, 0x4b, 0x05, 0x06]), Buffer.alloc(18)]);

/**
 * Re-emits one entry under a new name, its sizes in the header instead of in a data descriptor (see
 * sizedLocalHeader), feeding its compressed data to a size check. Its range runs to the next entry,
 * so it holds the descriptor, if any, after the data; that is read and dropped.
 */
async function* renamedEntry(chunks: AsyncIterator<Buffer>, part: Part): AsyncGenerator<Buffer> {
  const { entry, name } = part;
  let remaining = entry.range.end - entry.range.start;
  let pending: Buffer = Buffer.alloc(0);
  const next = async (): Promise<Buffer> => {
    if (remaining <= 0) throw corruptZip();
    const result = await chunks.next();
    if (result.done) throw corruptZip();
    remaining -= result.value.length;
    return result.value;
  };
  while (pending.length < LOCAL_HEADER_BYTES) pending = Buffer.concat([pending, await next()]);
  const headerBytes = localHeaderLength(pending);
  if (headerBytes + entry.compressedSize > entry.range.end - entry.range.start) throw corruptZip();
  while (pending.length < headerBytes) pending = Buffer.concat([pending, await next()]);
  yield sizedLocalHeader(pending, name, entry);

  const check = entry.compressionMethod === DEFLATE ? new InflatedSizeCheck(entry.name, entry.uncompressedSize) : undefined;
  let dataLeft = entry.compressedSize;
  for (let chunk = pending.subarray(headerBytes); ; chunk = await next()) {
    const data = chunk.subarray(0, dataLeft);
    dataLeft -= data.length;
    if (data.length) {
      await check?.write(data);
      yield data;
    }
    if (dataLeft === 0) break;
  }
  await check?.end();
  while (remaining > 0) await next();
}

/**
 * A minimal zip holding only what exceljs needs to read one worksheet, in the order it needs it:
 * workbook, relationships, styles and shared strings first, then the sheet (renamed to sheet1.xml).
 * Why: exceljs's streaming reader spools every worksheet that comes before the shared strings (as in
 * files exceljs itself writes) to a temp file, which is leaked when reading stops early, and it
 * cannot skip straight to one sheet. Compressed data is copied, never recompressed; the parts are
 * fetched in at most two sequential reads of the source (metadata, then the sheet when it comes earlier).
 */
export async function* sheetZip(
  open: OpenStream,
  directory: ZipDirectory,
  manifest: WorkbookManifest,
  sheet: ManifestSheet,
  signal?: AbortSignal,
): AsyncGenerator<Buffer> {
  const metadata: Part[] = [];
  const synthetic: Buffer[] = [];
  const canonical: [string | undefined, string][] = [
    [WORKBOOK_PATH, WORKBOOK_PATH],
    [WORKBOOK_RELS_PATH, WORKBOOK_RELS_PATH],
    [manifest.stylesPath, 'xl/styles.xml'],
    [manifest.sharedStringsPath, 'xl/sharedStrings.xml'],
  ];
  for (const [path, name] of canonical) {
    const entry = path === undefined ? undefined : directory.entries.get(path);
    if (entry) metadata.push({ entry, name });
    // exceljs waits for shared strings and relationships before it parses a sheet in place.
    else if (EMPTY_PARTS[name]) synthetic.push(storedEntry(name, EMPTY_PARTS[name]));
  }
  const sheetEntry = directory.entries.get(sheet.path);
  if (!sheetEntry) throw corruptZip();
  metadata.sort((a, b) => a.entry.range.start - b.entry.range.start);
  const lastMetadataEnd = Math.max(...metadata.map((part) => part.entry.range.end));
  const sheetPart = { entry: sheetEntry, name: SHEET_NAME };
  const runs = sheetEntry.range.start >= lastMetadataEnd ? [[...metadata, sheetPart]] : [metadata, [sheetPart]];

  yield* synthetic;
  for (const run of runs) {
    const chunks = readRanges(open, run.map((part) => part.entry.range), signal);
    try {
      for (const part of run) yield* renamedEntry(chunks, part);
    } catch (error) {
      throw error instanceof RangeError ? corruptZip(error) : error;
    } finally {
      await chunks.return(undefined);
    }
  }
  yield END_OF_ARCHIVE;
}
