import { LOCAL_HEADER_BYTES, LOCAL_HEADER_SIGNATURE, localHeaderLength, sizedLocalHeader } from './local-header';

/** A streaming writer's header: flag bit 3, no CRC or sizes, an extra field of 9 bytes. */
function deferredHeader(): Buffer {
  const header = Buffer.alloc(LOCAL_HEADER_BYTES + 5 + 9);
  header.writeUInt32LE(LOCAL_HEADER_SIGNATURE, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(0x0808, 6);
  header.writeUInt16LE(8, 8);
  header.writeUInt16LE(5, 26);
  header.writeUInt16LE(9, 28);
  header.write('a.xml', LOCAL_HEADER_BYTES);
  return header;
}

describe('sizedLocalHeader', () => {
  it('writes CRC and sizes in, clears the data-descriptor flag, renames and drops the extra field', () => {
    const header = sizedLocalHeader(deferredHeader(), 'xl/sheet.xml', { crc32: 0xdeadbeef, compressedSize: 1234, uncompressedSize: 56789 });
    expect(localHeaderLength(header)).toBe(header.length);
    expect(header.readUInt16LE(6)).toBe(0x0800);
    expect(header.readUInt16LE(8)).toBe(8);
    expect([header.readUInt32LE(14), header.readUInt32LE(18), header.readUInt32LE(22)]).toEqual([0xdeadbeef, 1234, 56789]);
    expect(header.toString('utf8', LOCAL_HEADER_BYTES)).toBe('xl/sheet.xml');
  });

  // Only reachable with limits raised past 4 GiB; exceljs's unzipper then takes both sizes from the
  // first zip64 field when the header's own fields are 0xffffffff.
  it('puts sizes of 4 GiB and more in a zip64 field', () => {
    const header = sizedLocalHeader(deferredHeader(), 's.xml', { crc32: 1, compressedSize: 2 ** 32 + 5, uncompressedSize: 2 ** 33 });
    expect(header.readUInt16LE(4)).toBe(45);
    expect([header.readUInt32LE(18), header.readUInt32LE(22), header.readUInt16LE(28)]).toEqual([0xffffffff, 0xffffffff, 20]);
    const extra = header.subarray(LOCAL_HEADER_BYTES + 5);
    expect([extra.readUInt16LE(0), extra.readUInt16LE(2), extra.readBigUInt64LE(4), extra.readBigUInt64LE(12)]).toEqual([1, 16, 2n ** 33n, 2n ** 32n + 5n]);
  });

  it('refuses bytes that are not a local header', () => {
    expect(() => localHeaderLength(Buffer.from('PK\x01\x02'.padEnd(40, '\0'), 'latin1'))).toThrow(expect.objectContaining({ code: 'CORRUPT_FILE' }));
  });
});
