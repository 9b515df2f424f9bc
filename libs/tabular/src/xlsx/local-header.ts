import { corruptZip } from './zip-directory';

export const LOCAL_HEADER_SIGNATURE = 0x04034b50;
export const LOCAL_HEADER_BYTES = 30;
const DATA_DESCRIPTOR_FLAG = 0x08;
const ZIP64_EXTRA_ID = 0x0001;
const ZIP64_VERSION = 45;
/** Sizes from here on do not fit the header's 32-bit fields, which then only say "see zip64". */
const ZIP64_MARK = 0xffffffff;

/** What the central directory says about an entry, which a local header may leave to a data descriptor. */
export interface EntryFacts {
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
}

/** Bytes of the local header (fixed part, name, extra field) whose fixed part starts `bytes`. */
export function localHeaderLength(bytes: Buffer): number {
  if (bytes.length < LOCAL_HEADER_BYTES || bytes.readUInt32LE(0) !== LOCAL_HEADER_SIGNATURE) throw corruptZip();
  return LOCAL_HEADER_BYTES + bytes.readUInt16LE(26) + bytes.readUInt16LE(28);
}

/**
 * The local header starting `original`, renamed to `name`, with the CRC and sizes written in and
 * the data-descriptor flag cleared; the entry's descriptor must then be left out. Why: exceljs's
 * streaming unzipper finds the end of an entry whose header leaves the sizes to a descriptor by
 * scanning for the descriptor's signature, which compressed data holds by chance (about once per
 * 4 GiB) and which ends the entry there; it also misreads descriptors without that signature or with
 * zip64 sizes. The original extra field is dropped: exceljs uses none of it, and a zip64 field
 * written before the sizes were known holds zeros, which would be read instead of ours.
 */
export function sizedLocalHeader(original: Buffer, name: string, facts: EntryFacts): Buffer {
  const zip64 = facts.compressedSize >= ZIP64_MARK || facts.uncompressedSize >= ZIP64_MARK;
  const nameBytes = Buffer.from(name, 'utf8');
  const extra = zip64 ? zip64Sizes(facts) : Buffer.alloc(0);
  const header = Buffer.from(original.subarray(0, LOCAL_HEADER_BYTES));
  if (zip64) header.writeUInt16LE(Math.max(header.readUInt16LE(4), ZIP64_VERSION), 4);
  header.writeUInt16LE(header.readUInt16LE(6) & ~DATA_DESCRIPTOR_FLAG, 6);
  header.writeUInt32LE(facts.crc32, 14);
  header.writeUInt32LE(zip64 ? ZIP64_MARK : facts.compressedSize, 18);
  header.writeUInt32LE(zip64 ? ZIP64_MARK : facts.uncompressedSize, 22);
  header.writeUInt16LE(nameBytes.length, 26);
  header.writeUInt16LE(extra.length, 28);
  return Buffer.concat([header, nameBytes, extra]);
}

/** The zip64 extra field of a local header: both sizes, uncompressed first (APPNOTE 4.5.3). */
function zip64Sizes(facts: EntryFacts): Buffer {
  const extra = Buffer.alloc(20);
  extra.writeUInt16LE(ZIP64_EXTRA_ID, 0);
  extra.writeUInt16LE(16, 2);
  extra.writeBigUInt64LE(BigInt(facts.uncompressedSize), 4);
  extra.writeBigUInt64LE(BigInt(facts.compressedSize), 12);
  return extra;
}
