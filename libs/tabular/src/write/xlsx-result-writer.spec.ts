import ExcelJS from 'exceljs';
import { PassThrough, Writable } from 'node:stream';
import { isDeepStrictEqual } from 'node:util';
import { openTable } from '../open-table';
import type { CellValue } from '../table-types';
import { allRows, bytesSource } from '../test-support/sources';
import { createResultWriter } from './result-writer';
import type { RowStatus } from './result-row';

const DAY_MS = 86_400_000;
const HEADERS = ['id', 'city', 'text', 'active', 'amount', 'day', 'moment', 'note'];
const CITIES = ['São Paulo', '東京', 'Zürich', 'مرحبا', '😀 emoji 👍🏽', 'e\u0301 combining'];

interface TestRow {
  values: CellValue[];
  status: RowStatus;
  error?: string;
  /** What the file must read back as: input cells then _status and _error. */
  expected: CellValue[];
}

/** Row i of a mixed data set: every cell type, unicode, formulas, white space, empty cells. */
function mixedRow(i: number): TestRow {
  const day = new Date(Date.UTC(2000, 0, 1) + (i % 9000) * DAY_MS);
  const moment = new Date(Date.UTC(2023, 5, 1, 0, 0, 1) + i * 61_000);
  const formula = i % 11 === 0;
  const spaced = i % 13 === 0;
  const amount = i % 4 === 0 ? null : i / 8 - 1000;
  const note = spaced ? `  space ${i}\tand\nlines ` : i % 17 === 0 ? 'Tom & Jerry <b>"quoted"</b>' : `n${i}`;
  const failed = i % 5 === 0;
  const error = failed ? `"x${i}" is not a number` : undefined;
  return {
    values: [i, CITIES[i % CITIES.length], formula ? `=SUM(A${i})` : `row ${i}`, i % 3 === 0, amount, day, moment, note],
    status: failed ? 'failed' : 'inserted',
    error,
    expected: [i, CITIES[i % CITIES.length], formula ? `'=SUM(A${i})` : `row ${i}`, i % 3 === 0, amount, day, moment, note, failed ? 'failed' : 'inserted', error ?? null],
  };
}

/** Collects what a writer produces. */
function collector(): { output: Writable; bytes: () => Buffer; length: () => number } {
  const chunks: Buffer[] = [];
  let length = 0;
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      length += chunk.length;
      callback();
    },
  });
  return { output, bytes: () => Buffer.concat(chunks), length: () => length };
}

async function writeRows(rows: Iterable<TestRow>, output: Writable, headers = HEADERS): Promise<void> {
  const writer = createResultWriter('xlsx', output, headers);
  for (const row of rows) await writer.writeRow(row.values, row.status, row.error);
  await writer.close();
}

function* mixedRows(count: number): Generator<TestRow> {
  for (let i = 0; i < count; i++) yield mixedRow(i);
}

/** Reads a written file back through openTable, checking every row against `rows`; returns the mismatches. */
async function readBackMismatches(bytes: Buffer, rows: Iterable<TestRow>): Promise<{ count: number; mismatches: unknown[] }> {
  const table = await (await openTable(bytesSource(bytes, 64 * 1024), { asWritten: true })).read('Result');
  const expected = rows[Symbol.iterator]();
  const mismatches: unknown[] = [];
  let count = 0;
  for await (const row of table.rows) {
    const want = expected.next().value as TestRow;
    count++;
    if (!isDeepStrictEqual(row.values, want.expected) || row.rowNumber !== count + 1 || row.problems) {
      if (mismatches.length < 5) mismatches.push({ rowNumber: row.rowNumber, got: row.values, want: want.expected, problems: row.problems });
    }
  }
  return { count, mismatches };
}

async function exceljsRows(bytes: Buffer): Promise<{ sheet: ExcelJS.Worksheet; values: CellValue[][] }> {
  const workbook = new ExcelJS.Workbook();
  // exceljs types load() with an ArrayBuffer-like Buffer of its own; the bytes themselves are what it reads.
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer);
  const sheet = workbook.getWorksheet('Result');
  if (!sheet) throw new Error('no Result sheet');
  const values: CellValue[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    values.push(HEADERS.concat('_status', '_error').map((_, index) => (row.getCell(index + 1).value ?? null) as CellValue));
  });
  return { sheet, values };
}

describe('XLSX result writer', () => {
  it("reads back in exceljs's reader: types, date formats, bold frozen header", async () => {
    const rows = [...mixedRows(40)];
    const { output, bytes } = collector();
    await writeRows(rows, output);
    const { sheet, values } = await exceljsRows(bytes());
    expect(values).toEqual([[...HEADERS, '_status', '_error'], ...rows.map((row) => row.expected)]);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(2).getCell(6).numFmt).toBe('yyyy-mm-dd');
    expect(sheet.getRow(2).getCell(7).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
  });

  it('writes bytes to the output while rows are written, not only at close', async () => {
    const { output, bytes, length } = collector();
    const writer = createResultWriter('xlsx', output, HEADERS);
    for (const row of mixedRows(5_000)) await writer.writeRow(row.values, row.status, row.error);
    const beforeClose = length();
    await writer.close();
    expect(beforeClose).toBeGreaterThan(length() / 3);
    expect(await readBackMismatches(bytes(), mixedRows(5_000))).toEqual({ count: 5_000, mismatches: [] });
  });

  it('stops taking rows while the output takes no bytes, and finishes once it does', async () => {
    const held: (() => void)[] = [];
    let open = false;
    const chunks: Buffer[] = [];
    const output = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        if (open) callback();
        else held.push(callback);
      },
    });
    const writer = createResultWriter('xlsx', output, HEADERS);
    const total = 30_000;
    let accepted = 0;
    const writing = (async () => {
      for (const row of mixedRows(total)) {
        await writer.writeRow(row.values, row.status, row.error);
        accepted++;
      }
      await writer.close();
    })();
    // Polls until the writer has stopped taking rows (no change for a while): a writer that ignored
    // back-pressure would instead race through every row.
    for (let still = 0, last = -1; still < 10; still = accepted === last ? still + 1 : 0) {
      last = accepted;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Some 3 MB of sheet XML fill the buffers (the entry's 1 MiB each way, the deflater's, the
    // output's); the whole sheet is about 17 MB.
    expect(accepted).toBeLessThan(10_000);
    open = true;
    held.splice(0).forEach((callback) => callback());
    await writing;
    expect(accepted).toBe(total);
    const table = await (await openTable(bytesSource(Buffer.concat(chunks), 64 * 1024), { asWritten: true })).read('Result');
    let last: CellValue[] = [];
    for await (const row of table.rows) last = row.values;
    expect(last).toEqual(mixedRow(total - 1).expected);
  });

  it('drops characters XML cannot carry, then escapes formulas they were hiding', async () => {
    const { output, bytes } = collector();
    const writer = createResultWriter('xlsx', output, ['a', 'b', 'c', 'd\u0007']);
    await writer.writeRow(['nul\u0000 bell\u0007 vt\u000b ff\u000c esc\u001b end', '\u0001=cmd|calc', 'keep\ttab\nlf\rcr', '\ufffe\uffffnon-characters'], 'failed', 'bad\u0002 error');
    await writer.close();
    const table = await (await openTable(bytesSource(bytes(), 4096), { asWritten: true })).read('Result');
    expect(table.headers).toEqual(['a', 'b', 'c', 'd', '_status', '_error']);
    expect((await allRows(table)).map((row) => row.values)).toEqual([['nul bell vt ff esc end', "'=cmd|calc", 'keep\ttab\nlf\rcr', 'non-characters', 'failed', 'bad error']]);
  });

  it('writes dates Excel can show as dates, exactly, and earlier ones as text', async () => {
    const dates = [
      new Date(Date.UTC(1900, 0, 1)),
      new Date(Date.UTC(1900, 1, 28, 23, 59, 59)),
      new Date(Date.UTC(1900, 2, 1)),
      new Date(Date.UTC(2024, 1, 29, 12, 0, 0, 250)),
      new Date(Date.UTC(9999, 11, 31)),
      new Date(Date.UTC(1899, 11, 31, 6, 0)),
      new Date(Number.NaN),
    ];
    const { output, bytes } = collector();
    const writer = createResultWriter('xlsx', output, ['when']);
    for (const date of dates) await writer.writeRow([date], 'inserted');
    await writer.close();
    const rows = await allRows(await (await openTable(bytesSource(bytes(), 4096), { asWritten: true })).read('Result'));
    expect(rows.map((row) => row.values[0])).toEqual([...dates.slice(0, 5), '1899-12-31 06:00:00', null]);
  });

  it('keeps numbers, booleans and empty cells as they are, and cuts text Excel could not hold', async () => {
    const numbers = [0, -1.5, 0.1 + 0.2, 1e21, 1e-7, Number.MAX_SAFE_INTEGER, -123456.789];
    const { output, bytes } = collector();
    const writer = createResultWriter('xlsx', output, ['n', 'b', 'empty', 'blank', 'long']);
    for (const n of numbers) await writer.writeRow([n, n > 0, null, '', 'x'.repeat(40_000)], 'skipped');
    await writer.writeRow([Number.NaN, false, null, null, null], 'updated');
    await writer.close();
    const rows = (await allRows(await (await openTable(bytesSource(bytes(), 4096), { asWritten: true })).read('Result'))).map((row) => row.values);
    const cut = `${'x'.repeat(32_766)}…`;
    expect(rows).toEqual([...numbers.map((n) => [n, n > 0, null, null, cut, 'skipped', null]), ['NaN', false, null, null, null, 'updated', null]]);
  });

  it('reads back 100,000 rows row by row', async () => {
    const { output, bytes } = collector();
    await writeRows(mixedRows(100_000), output);
    expect(await readBackMismatches(bytes(), mixedRows(100_000))).toEqual({ count: 100_000, mismatches: [] });
  });

  it('names the sheet as asked, cut to the 31 characters Excel allows, and refuses names Excel would not open', async () => {
    const output = new PassThrough();
    const chunks: Buffer[] = [];
    output.on('data', (chunk: Buffer) => chunks.push(chunk));
    const writer = createResultWriter('xlsx', output, ['a'], { sheetName: 'Clientes & fornecedores de São Paulo' });
    await writer.close();
    expect((await openTable(bytesSource(Buffer.concat(chunks), 4096))).sheets.map((sheet) => sheet.name)).toEqual(['Clientes & fornecedores de São ']);
    expect(() => createResultWriter('xlsx', new PassThrough(), ['a'], { sheetName: 'a/b' })).toThrow(/not a valid Excel sheet name/);
  });

  it('fails writeRow instead of waiting forever when the output fails', async () => {
    const output = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error('upload failed'));
      },
    });
    const writer = createResultWriter('xlsx', output, HEADERS);
    const writing = (async () => {
      for (const row of mixedRows(50_000)) await writer.writeRow(row.values, row.status, row.error);
      await writer.close();
    })();
    await expect(writing).rejects.toThrow('upload failed');
  });
});
