import { PassThrough } from 'node:stream';
import { openTable } from '../open-table';
import { allRows, bytesSource } from '../test-support/sources';
import { buildZip, minimalWorkbook, sheetXml } from '../test-support/zip-builder';
import { createResultWriter } from '../write/result-writer';

const TRICKY = ['&lt;b&gt;', 'R&amp;D', 'a < b & c', '&quot;quoted&quot; &apos;', '&#38;'];
const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describe('XLSX text with XML entities', () => {
  it('reads inline strings exactly as written, entities decoded once', async () => {
    const rows = [TRICKY.map((_, i) => `h${i}`), TRICKY.map(xml)];
    const source = await openTable(bytesSource(buildZip(minimalWorkbook(sheetXml(rows))), 512));
    expect((await allRows(await source.read('Data'))).map((r) => r.values)).toEqual([TRICKY]);
  });

  it('reads numeric character references and formula text results once decoded', async () => {
    const sheet = sheetXml([['a', 'b'], ['&#20219;&#21153;', 'x']]).replace(
      /<c r="B2" t="inlineStr"><is><t>x<\/t><\/is><\/c>/,
      '<c r="B2" t="str"><f>"R"&amp;"&amp;amp;D"</f><v>R&amp;amp;D</v></c>',
    );
    const source = await openTable(bytesSource(buildZip(minimalWorkbook(sheet)), 512));
    expect((await allRows(await source.read('Data'))).map((r) => r.values)).toEqual([['任务', 'R&amp;D']]);
  });

  it('reads its own XLSX result file back cell for cell', async () => {
    const output = new PassThrough();
    const chunks: Buffer[] = [];
    output.on('data', (chunk: Buffer) => chunks.push(chunk));
    const writer = createResultWriter('xlsx', output, TRICKY.map((_, i) => `h${i}`));
    await writer.writeRow(TRICKY, 'failed', 'row 2: Email \'a&lt;b\' is not an email address');
    await writer.close();
    const source = await openTable(bytesSource(Buffer.concat(chunks), 4096), { asWritten: true });
    const [row] = await allRows(await source.read('Result'));
    expect(row.values).toEqual([...TRICKY, 'failed', "row 2: Email 'a&lt;b' is not an email address"]);
  });
});
