import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { openTable } from '../open-table';
import { columnLetter } from '../table/column-letter';
import type { TableLimits } from '../table-limits';
import { allRows, rejection } from '../test-support/sources';
import { buildZip, minimalWorkbook } from '../test-support/zip-builder';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>sequence</t></is></c></row>';

/** Random letters from `alphabet`: they deflate about 4:1, as a real upload of them would, not like a zip bomb. */
function randomText(length: number, alphabet = 'ACGT'): string {
  const bytes = randomBytes(length);
  for (let i = 0; i < length; i++) bytes[i] = alphabet.charCodeAt(bytes[i] % alphabet.length);
  return bytes.toString('latin1');
}

function workbook(rows: string, sharedStrings?: string[], method: 'deflate' | 'store' = 'deflate'): Buffer {
  const entries = minimalWorkbook(`<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData>${HEADER}${rows}</sheetData></worksheet>`);
  // After the sheet, as Excel writes it: the sheet's read starts with them.
  if (sharedStrings) entries.push({ name: 'xl/sharedStrings.xml', data: `<?xml version="1.0"?><sst xmlns="${MAIN}">${sharedStrings.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>` });
  return buildZip(entries.map((entry) => ({ ...entry, method })));
}

/** The file as a source that counts the bytes each opening of it pulls. */
function countingSource(bytes: Buffer, chunkSize = 16_384) {
  const pulled: number[] = [];
  const open = () => {
    const index = pulled.push(0) - 1;
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let at = 0; at < bytes.length; at += chunkSize) {
        const chunk = bytes.subarray(at, at + chunkSize);
        pulled[index] += chunk.length;
        yield chunk;
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  };
  return { open, pulled };
}

/** Reads the first sheet to the end; answers the error, and the bytes pulled after openTable's own read. */
async function refusal(bytes: Buffer, limits: Partial<TableLimits>) {
  const { open, pulled } = countingSource(bytes);
  const source = await openTable(open, { limits });
  const error = await rejection((async () => allRows(await source.read()))());
  return { error, pulledByRead: pulled.slice(1).reduce((sum, n) => sum + n, 0) };
}

describe('XLSX cells of millions of characters', () => {
  const limits = { maxRowChars: 200_000 };
  const huge = randomText(3_000_000);

  it.each([
    ['an inline string', `<c r="A2" t="inlineStr"><is><t>${huge}</t></is></c>`],
    ['a value', `<c r="A2"><v>${huge}</v></c>`],
    ['a formula', `<c r="A2" t="str"><f>${huge}</f><v>x</v></c>`],
  ])('refuses %s once its row passes the limit, without reading the rest of it', async (_what, cell) => {
    const bytes = workbook(`<row r="2">${cell}</row>`);
    const { error, pulledByRead } = await refusal(bytes, limits);
    expect(error).toMatchObject({
      code: 'ROW_TOO_LARGE',
      message: "sheet 'Data', row 2, column A: the row is longer than 200,000 characters, the limit for one row (a cell holds at most 32,767)",
      details: { sheet: 'Data', row: 2, columns: ['A'] },
    });
    // The cell alone is about 750 kB of the file; a guard that waited for its end would pull all of it.
    expect(pulledByRead).toBeLessThan(bytes.length / 3);
  });

  it('refuses a shared string longer than any row may be while the table is read, before any row', async () => {
    const bytes = workbook('<row r="2"><c r="A2" t="s"><v>1</v></c></row>', ['short', huge]);
    const { error, pulledByRead } = await refusal(bytes, limits);
    expect(error).toMatchObject({
      code: 'ROW_TOO_LARGE',
      message: "entry 1 of the workbook's shared text table is longer than 200,000 characters, the limit for one row (a cell holds at most 32,767)",
    });
    expect(pulledByRead).toBeLessThan(bytes.length / 3);
  });

  it('refuses a row of many cells, each within the cell limit, naming the cell that passed the row limit', async () => {
    const cells = Array.from({ length: 100 }, (_, i) => `<c r="${columnLetter(i)}2" t="inlineStr"><is><t>${randomText(3_000)}</t></is></c>`);
    const { error } = await refusal(workbook(`<row r="2">${cells.join('')}</row>`), limits);
    // Each cell is 3,000 characters and about 50 of markup: the 66th (BN) passes 200,000.
    expect(error).toMatchObject({ code: 'ROW_TOO_LARGE', message: expect.stringMatching(/^sheet 'Data', row 2, column BN: the row is longer than 200,000 characters/) });
  });

  it('counts the shared strings a row refers to towards the row', async () => {
    const long = randomText(30_000);
    const row = Array.from({ length: 10 }, (_, i) => `<c r="${String.fromCharCode(65 + i)}2" t="s"><v>0</v></c>`).join('');
    const { error } = await refusal(workbook(`<row r="2">${row}</row>`, [long]), { maxRowChars: 100_000 });
    expect(error).toMatchObject({ code: 'ROW_TOO_LARGE', message: expect.stringMatching(/^sheet 'Data', row 2, column D: the row is longer than 100,000 characters/), details: { row: 2, columns: ['D'] } });
  });

  it('refuses XML between rows longer than a row may be, such as a comment of millions of characters', async () => {
    const { error } = await refusal(workbook(`<!--${huge}--><row r="2"><c r="A2"><v>2</v></c></row>`), limits);
    expect(error).toMatchObject({
      code: 'CORRUPT_FILE',
      message: "sheet 'Data' has, after row 1, more than 200,000 characters of XML in one piece that belong to no cell; the file is damaged or was not written by a spreadsheet program",
    });
  });

  it('with the default limits, refuses a cell of 5 million characters at 4 Mi characters', async () => {
    const bytes = workbook(`<row r="2"><c r="A2" t="inlineStr"><is><t>${randomText(5_000_000)}</t></is></c></row>`);
    const { error } = await refusal(bytes, {});
    expect(error.message).toBe("sheet 'Data', row 2, column A: the row is longer than 4,194,304 characters, the limit for one row (a cell holds at most 32,767)");
  });

  it('keeps a cell longer than the cell limit within the row limit a row problem, as in CSV', async () => {
    const text = randomText(40_000);
    const source = await openTable(countingSource(workbook(`<row r="2"><c r="A2" t="inlineStr"><is><t>${text}</t></is></c></row><row r="3"><c r="A3"><v>3</v></c></row>`)).open);
    const rows = await allRows(await source.read());
    expect(rows[0]).toEqual({
      rowNumber: 2,
      values: [text],
      problems: [{ code: 'CELL_TOO_LONG', column: 0, message: "sheet 'Data', row 2, column A: the value is 40,000 characters long, more than the 32,767 allowed", reason: 'the value is 40,000 characters long, more than the 32,767 allowed' }],
    });
    expect(rows[1]).toEqual({ rowNumber: 3, values: [3] });
  });

  // The formula-result rewrite now keeps back only a chunk's tail: the whole cell must still come through.
  it('reads a cell of 16 million characters whole when the limits allow it', async () => {
    const text = randomText(16_000_000);
    const bytes = workbook(`<row r="2"><c r="A2" t="inlineStr"><is><t>${text}</t></is></c></row>`, undefined, 'store');
    const source = await openTable(countingSource(bytes).open, { limits: { maxRowChars: 20_000_000, maxCellLength: 20_000_000 } });
    const [row] = await allRows(await source.read());
    expect(row.values[0]).toBe(text);
  });
});
