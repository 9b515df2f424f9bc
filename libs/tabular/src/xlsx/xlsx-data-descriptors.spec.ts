import { Writable } from 'node:stream';
import zlib from 'node:zlib';
import { openTable } from '../open-table';
import { FixedHuffmanDeflate } from '../test-support/fixed-huffman-deflate';
import { allRows, bytesSource, rejection } from '../test-support/sources';
import { buildZip, minimalWorkbook, sheetXml, type ZipEntrySpec } from '../test-support/zip-builder';
import { createResultWriter } from '../write/result-writer';

const DESCRIPTOR_SIGNATURE = Buffer.from('PK\x07\x08', 'latin1');
const LOCAL_HEADER_SIGNATURE = Buffer.from('PK\x03\x04', 'latin1');
/** A cell text long enough for the back-references below to copy only its own 'a's. */
const RUN = 'a'.repeat(329);
const ROWS = [['id', 'note'], ['1', RUN], ...Array.from({ length: 20 }, (_, i) => [String(i + 2), `after ${i}`])];
const EXPECTED = ROWS.slice(1).map((values, i) => ({ rowNumber: i + 2, values }));

/**
 * The sheet XML of ROWS, deflated so that its compressed bytes contain the data-descriptor
 * signature: inside RUN, two back-references whose fixed Huffman codes spell it when they start on a
 * byte boundary (found by a search over the codes). The 3-bit block header and the 8-bit ASCII
 * literals leave the stream 3 bits past a boundary; a 13-bit match (3 at distance 5) reaches the next.
 */
function sheetWithSignature(): { xml: string; compressed: Buffer } {
  const xml = sheetXml(ROWS);
  const cut = xml.indexOf(RUN) + 200;
  const compressed = new FixedHuffmanDeflate()
    .literals(xml.slice(0, cut))
    .match(3, 5)
    .match(7, 117)
    .match(119, 1)
    .literals(xml.slice(cut + 3 + 7 + 119))
    .end();
  return { xml, compressed };
}

/** Names of the entries in `zip` whose local header defers CRC and sizes to a data descriptor (flag bit 3). */
function deferredEntries(zip: Buffer): string[] {
  const names: string[] = [];
  for (let at = zip.indexOf(LOCAL_HEADER_SIGNATURE); at >= 0; at = zip.indexOf(LOCAL_HEADER_SIGNATURE, at + 4)) {
    if (zip.readUInt16LE(at + 6) & 0x08) names.push(zip.toString('utf8', at + 30, at + 30 + zip.readUInt16LE(at + 26)));
  }
  return names;
}

describe('XLSX entries with data descriptors', () => {
  it.each(['signed', 'unsigned', 'zip64'] as const)('reads every row when the compressed sheet holds the descriptor signature (%s descriptors)', async (kind) => {
    const { xml, compressed } = sheetWithSignature();
    expect(zlib.inflateRawSync(compressed).toString('utf8')).toBe(xml);
    expect(compressed.includes(DESCRIPTOR_SIGNATURE)).toBe(true);
    const entries: ZipEntrySpec[] = minimalWorkbook({ compressed, declaredSize: xml.length, data: xml }).map((entry) => ({ ...entry, dataDescriptor: kind }));
    const table = await (await openTable(bytesSource(buildZip(entries), 64))).read();
    expect(table.headers).toEqual(['id', 'note']);
    expect(await allRows(table)).toEqual(EXPECTED);
  });

  it('still catches a sheet that inflates to more than it declares', async () => {
    const xml = sheetXml([['id'], ...Array.from({ length: 20_000 }, (_, i) => [String(i)])]);
    const entries = minimalWorkbook({ compressed: zlib.deflateRawSync(xml), declaredSize: 1000, data: '' }).map((entry) => ({ ...entry, dataDescriptor: 'signed' as const }));
    const source = await openTable(bytesSource(buildZip(entries), 16 * 1024));
    expect(await rejection(source.read().then(allRows))).toMatchObject({ code: 'ZIP_BOMB', message: expect.stringContaining('inflates to more than the 1,000 bytes it declares') });
  });

  it('reads back a result file of our own writer, whose streamed sheet has a data descriptor', async () => {
    const chunks: Buffer[] = [];
    const output = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
    });
    const writer = createResultWriter('xlsx', output, ['id', 'text']);
    for (let i = 0; i < 3000; i++) await writer.writeRow([i, `row ${i} ${'x'.repeat(i % 50)}`], 'inserted');
    await writer.close();
    const bytes = Buffer.concat(chunks);
    expect(deferredEntries(bytes)).toEqual(['xl/worksheets/sheet1.xml']);
    const rows = await allRows(await (await openTable(bytesSource(bytes, 4096), { asWritten: true })).read('Result'));
    expect(rows).toHaveLength(3000);
    expect(rows[2999]).toEqual({ rowNumber: 3001, values: [2999, `row 2999 ${'x'.repeat(2999 % 50)}`, 'inserted', null] });
  });
});
