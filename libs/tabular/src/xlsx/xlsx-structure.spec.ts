import zlib from 'node:zlib';
import { openTable } from '../open-table';
import { allRows, bytesSource, rejection } from '../test-support/sources';
import { buildZip, minimalWorkbook, sheetXml } from '../test-support/zip-builder';

const GiB = 1024 ** 3;
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

describe('XLSX structure checks', () => {
  it('reads a workbook without shared strings whose sheet file has an unusual name', async () => {
    const entries = minimalWorkbook(sheetXml([['id', 'name'], ['1', 'Ana']]));
    entries[2].data = String(entries[2].data).replace('worksheets/sheet1.xml', 'worksheets/Data Sheet.xml');
    entries[3].name = 'xl/worksheets/Data Sheet.xml';
    const open = bytesSource(buildZip(entries), 100);
    const source = await openTable(open);
    expect(source.sheets).toEqual([{ name: 'Data', index: 0, hidden: false }]);
    expect(await allRows(await source.read('Data'))).toEqual([{ rowNumber: 2, values: ['1', 'Ana'] }]);
    // One read for the directory, one for the workbook part, one for the sheet and its metadata.
    expect(open.opened).toBeLessThanOrEqual(4);
  });

  it('refuses a zip that is not a workbook, naming what it is when it can', async () => {
    const plain = buildZip([{ name: 'notes.txt', data: 'hello' }]);
    expect(await rejection(openTable(bytesSource(plain)))).toMatchObject({
      code: 'NOT_A_WORKBOOK',
      message: 'the file is a zip archive, but not an XLSX workbook (no xl/workbook.xml)',
    });
    const docx = buildZip([{ name: 'word/document.xml', data: '<w:document/>' }]);
    expect(await rejection(openTable(bytesSource(docx)))).toMatchObject({ code: 'NOT_A_WORKBOOK', message: 'the file is a Word document, not a spreadsheet' });
  });

  it('refuses a zip bomb that declares a huge uncompressed size, before inflating anything', async () => {
    const entries = minimalWorkbook(sheetXml([['a']]));
    entries.push({ name: 'xl/media/image1.png', data: 'tiny', declaredSize: 3 * GiB });
    expect(await rejection(openTable(bytesSource(buildZip(entries), 64 * 1024)))).toMatchObject({
      code: 'ZIP_BOMB',
      message: 'the workbook would expand to more than 2 GB when unpacked; it is refused as a possible zip bomb',
    });
  });

  it('refuses an entry with an extreme compression ratio', async () => {
    // 64 MB of one repeated row deflates about 1,000:1; built once, without a file.
    const row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>';
    const xml = Buffer.from(row.repeat(Math.ceil((64 * 1024 * 1024) / row.length)));
    const entries = minimalWorkbook({ compressed: zlib.deflateRawSync(xml), declaredSize: xml.length });
    const started = Date.now();
    const error = await rejection(openTable(bytesSource(buildZip(entries), 64 * 1024)));
    expect(error).toMatchObject({ code: 'ZIP_BOMB', message: expect.stringMatching(/^'xl\/worksheets\/sheet1\.xml' in the workbook would expand [\d,]+ times/) });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('catches a sheet that inflates to more than it declares', async () => {
    const xml = sheetXml([['id'], ...Array.from({ length: 20_000 }, (_, i) => [String(i)])]);
    const entries = minimalWorkbook({ compressed: zlib.deflateRawSync(Buffer.from(xml)), declaredSize: 1000, data: '' });
    const source = await openTable(bytesSource(buildZip(entries), 16 * 1024));
    const error = await rejection(source.read().then(allRows));
    expect(error).toMatchObject({ code: 'ZIP_BOMB', message: expect.stringContaining("'xl/worksheets/sheet1.xml' in the workbook inflates to more than the 1,000 bytes it declares") });
  });

  it('refuses a table of cell formats too large for a workbook before building it in memory', async () => {
    // Varied, so it deflates about 20:1 as such a file did (a repeated one is refused as a zip bomb).
    const xfs = Array.from({ length: 400_000 }, (_, i) => `<xf numFmtId="${(i * 7919) % 1_000_003}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`);
    const xml = `<?xml version="1.0"?><styleSheet xmlns="${MAIN_NS}"><cellXfs>${xfs.join('')}</cellXfs></styleSheet>`;
    const entries = [...minimalWorkbook(sheetXml([['a'], ['1']])), { name: 'xl/styles.xml', data: xml }];
    const error = await rejection(openTable(bytesSource(buildZip(entries), 1024 * 1024)));
    expect(error).toMatchObject({ code: 'WORKBOOK_TOO_LARGE', message: expect.stringMatching(/^the workbook's table of cell formats \(xl\/styles\.xml\) is 33\.\d MB, more than the 32 MB allowed/) });
  });

  it('reads the workbook part in time linear in its size, whatever its attributes hold', async () => {
    const long = 'a'.repeat(400_000);
    const entries = minimalWorkbook(sheetXml([['id'], ['1']]));
    // A '>' inside a value is well-formed XML; a pattern cut the tag there and took minutes over the rest.
    entries[1].data = String(entries[1].data).replace('<sheet name="Data"', `<sheet x="${long}>${long}" name="Data &amp; more"`);
    const started = Date.now();
    const source = await openTable(bytesSource(buildZip(entries)));
    expect(source.sheets).toEqual([{ name: 'Data & more', index: 0, hidden: false }]);
    expect(Date.now() - started).toBeLessThan(5000);
    // Written by a generator that never declares the r: prefix, as exceljs reads it.
    const loose = minimalWorkbook(sheetXml([['id'], ['1']]));
    loose[1].data = String(loose[1].data).replace(/ xmlns:r="[^"]*"/, '');
    expect((await openTable(bytesSource(buildZip(loose)))).sheets).toEqual([{ name: 'Data', index: 0, hidden: false }]);
    // Not XML at all, or a character that cannot exist: a damaged file, said at once, not an error retried.
    for (const broken of [`<sheet ${long} name="Data"`, '<sheet name="&#x110000;"']) {
      const bad = minimalWorkbook(sheetXml([['id'], ['1']]));
      bad[1].data = String(bad[1].data).replace('<sheet name="Data"', broken);
      expect(await rejection(openTable(bytesSource(buildZip(bad))))).toMatchObject({ code: 'CORRUPT_FILE', message: expect.stringMatching(/^the workbook is damaged: 'xl\/workbook\.xml' is not well-formed XML/) });
    }
  });

  it('reports a truncated or damaged workbook as corrupt', async () => {
    const whole = buildZip(minimalWorkbook(sheetXml([['a'], ['1']])));
    expect(await rejection(openTable(bytesSource(whole.subarray(0, whole.length - 30))))).toMatchObject({ code: 'CORRUPT_FILE' });
    const garbage = minimalWorkbook({ compressed: Buffer.from('this is not deflate data at all'), declaredSize: 100 });
    const source = await openTable(bytesSource(buildZip(garbage)));
    expect(await rejection(source.read().then(allRows))).toMatchObject({ code: 'CORRUPT_FILE' });
  });
});
