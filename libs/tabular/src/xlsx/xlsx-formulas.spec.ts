import { openTable } from '../open-table';
import { allRows, bytesSource } from '../test-support/sources';
import { buildZip, minimalWorkbook } from '../test-support/zip-builder';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

/** Row r: a boolean formula, an error formula, a shared formula's number, a string formula, a boolean formula written by a shared formula. */
function cells(r: number): string {
  return (
    `<c r="A${r}" t="b"><f>B${r}&gt;0</f><v>${r % 2}</v></c>` +
    `<c r="B${r}" t="e"><f>1/0</f><v>#DIV/0!</v></c>` +
    `<c r="C${r}"><f t="shared" ref="C2:C9999" si="0"/><v>${r * 1.5}</v></c>` +
    `<c r="D${r}" t="str"><f>"R"&amp;"&amp;D"</f><v>R&amp;D ${r}</v></c>` +
    `<c r="E${r}" t="b"><f t="shared" si="1"/><v>${(r + 1) % 2}</v></c>`
  );
}

function sheet(rows: number): string {
  const body = Array.from({ length: rows }, (_, i) => `<row r="${i + 2}">${cells(i + 2)}</row>`).join('');
  const header = '<row r="1">' + ['a', 'b', 'c', 'd', 'e'].map((h, i) => `<c r="${String.fromCharCode(65 + i)}1" t="inlineStr"><is><t>${h}</t></is></c>`).join('') + '</row>';
  return `<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData>${header}${body}</sheetData></worksheet>`;
}

describe('XLSX formula results', () => {
  it('reads boolean results as booleans and error results as the error, across every chunk boundary', async () => {
    const rows = 3_000;
    const source = await openTable(bytesSource(buildZip(minimalWorkbook(sheet(rows))), 997));
    const read = await allRows(await source.read('Data'));
    expect(read).toHaveLength(rows);
    read.forEach((row, i) => {
      const r = i + 2;
      expect(row.values).toEqual([r % 2 === 1, null, r * 1.5, `R&D ${r}`, (r + 1) % 2 === 1]);
      expect(row.problems).toEqual([{ code: 'CELL_ERROR', column: 1, message: `sheet 'Data', row ${r}, column B: the cell shows the Excel error #DIV/0!`, reason: 'the cell shows the Excel error #DIV/0!' }]);
    });
  });
  it('fixes a typed formula cell after a cell longer than the rewrite keeps back, and cells written over several lines', async () => {
    // Letters in a pseudo-random order: repeated ones would deflate like a zip bomb and be refused.
    let seed = 7;
    const huge = Array.from({ length: 1_100_000 }, () => String.fromCharCode(97 + ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % 26))).join('');
    const body =
      `<row r="2"><c r="A2" t="inlineStr"><is><t>${huge}</t></is></c><c r="B2" t="b"><f>1=1</f><v>1</v></c></row>` +
      `<row r="3"><c r="A3" t="inlineStr"><is><t>y</t></is></c><c\n r="B3"\n t='e'><f>1/0</f><v>#N/A</v></c></row>`;
    const xml = `<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c></row>${body}</sheetData></worksheet>`;
    const source = await openTable(bytesSource(buildZip(minimalWorkbook(xml)), 4096), { limits: { maxCellLength: 2_000_000 } });
    const [first, second] = await allRows(await source.read('Data'));
    expect(first.values[1]).toBe(true);
    expect(second.values).toEqual(['y', null]);
    expect(second.problems?.[0].message).toMatch(/the cell shows the Excel error #N\/A/);
  });
});
