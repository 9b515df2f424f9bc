import { PassThrough, Writable } from 'node:stream';
import { openTable } from '../open-table';
import type { CellValue } from '../table-types';
import { allRows, bytesSource } from '../test-support/sources';
import { escapeFormula } from './formula-escape';
import { createResultWriter } from './result-writer';

/** Collects what a writer produces; `slow` delays every write to exercise backpressure. */
function sink(slow = false): { output: Writable; bytes: () => Buffer; maxBuffered: () => number } {
  const chunks: Buffer[] = [];
  let maxBuffered = 0;
  const output = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      maxBuffered = Math.max(maxBuffered, output.writableLength);
      if (slow) setImmediate(callback);
      else callback();
    },
  });
  return { output, bytes: () => Buffer.concat(chunks), maxBuffered: () => maxBuffered };
}

const INPUT: [CellValue[], 'inserted' | 'failed', string?][] = [
  [['=HYPERLINK("http://evil","x")', -5, '-5', '+55 11 99999-0000', new Date(Date.UTC(2024, 0, 31)), 'Ana'], 'inserted'],
  [['@SUM(A1)', 3.25, '\tcmd', "'quoted", new Date(Date.UTC(2024, 0, 31, 8, 30)), null], 'failed', "'abc' is not a number"],
];

async function writeAll(format: 'xlsx' | 'csv', output: Writable, options = {}): Promise<void> {
  const writer = createResultWriter(format, output, ['formula', 'n', 'text n', 'phone', 'when', '=name'], options);
  for (const [values, status, error] of INPUT) await writer.writeRow(values, status, error);
  await writer.close();
}

describe('escapeFormula', () => {
  it('escapes text that a spreadsheet would evaluate, but not plain signed numbers', () => {
    expect(['=1+1', '+1+1', '-1+1', '@A1', '\tx', '\rx', '-', '-5', '+3.5', '-1,234.5', 'a=b'].map(escapeFormula)).toEqual([
      "'=1+1",
      "'+1+1",
      "'-1+1",
      "'@A1",
      "'\tx",
      "'\rx",
      "'-",
      '-5',
      '+3.5',
      '-1,234.5',
      'a=b',
    ]);
  });
});

describe('createResultWriter', () => {
  it('writes an XLSX that reads back row by row, escaped, with numbers and dates intact', async () => {
    const { output, bytes } = sink();
    await writeAll('xlsx', output);
    const table = await (await openTable(bytesSource(bytes(), 4096), { asWritten: true })).read('Result');
    expect(table.headers).toEqual(['formula', 'n', 'text n', 'phone', 'when', "'=name", '_status', '_error']);
    expect(await allRows(table)).toEqual([
      { rowNumber: 2, values: ['\'=HYPERLINK("http://evil","x")', -5, '-5', "'+55 11 99999-0000", new Date(Date.UTC(2024, 0, 31)), 'Ana', 'inserted', null] },
      { rowNumber: 3, values: ["'@SUM(A1)", 3.25, "'\tcmd", "'quoted", new Date(Date.UTC(2024, 0, 31, 8, 30)), null, 'failed', "'abc' is not a number"] },
    ]);
  });

  it('writes a UTF-8 CSV with a byte-order mark that reads back the same way', async () => {
    const { output, bytes } = sink();
    await writeAll('csv', output, { delimiter: ';', decimalSeparator: ',' });
    const written = bytes();
    expect(written.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const source = await openTable(bytesSource(written), { asWritten: true });
    expect(source.csv).toMatchObject({ encoding: 'utf-8', bom: true, delimiter: ';', newline: '\r\n' });
    const rows = await allRows(await source.read());
    expect(rows.map((row) => row.values)).toEqual([
      ['\'=HYPERLINK("http://evil","x")', '-5', '-5', "'+55 11 99999-0000", '2024-01-31', 'Ana', 'inserted', null],
      ["'@SUM(A1)", '3,25', "'\tcmd", "'quoted", '2024-01-31 08:30:00', null, 'failed', "'abc' is not a number"],
    ]);
  });

  it('waits for a slow output instead of buffering rows in memory', async () => {
    const { output, maxBuffered } = sink(true);
    const writer = createResultWriter('csv', output, ['id', 'text']);
    // About 2 MB in all; an eager writer would queue nearly all of it in the output.
    for (let i = 0; i < 30_000; i++) await writer.writeRow([i, `row ${i} with some text to fill the output buffer`], 'inserted');
    await writer.close();
    expect(maxBuffered()).toBeLessThan(256 * 1024);
  });

  it.each(['csv', 'xlsx'] as const)('writes a batch of rows (%s) exactly as row by row, and still waits for a slow output', async (format) => {
    const rows = Array.from({ length: 20_000 }, (_, i): CellValue[] => [i % 3 ? `=row ${i}` : i, `row ${i} with some text to fill the output buffer`]);
    const outcomes = rows.map((_, i) => (i % 7 ? (['inserted'] as const) : (['failed', `row ${i + 2}: bad`] as const)));
    const [one, many] = [sink(), sink(true)];
    const single = createResultWriter(format, one.output, ['id', 'text']);
    for (const [i, values] of rows.entries()) await single.writeRow(values, outcomes[i][0], outcomes[i][1]);
    await single.close();
    const batched = createResultWriter(format, many.output, ['id', 'text']);
    await batched.writeRows(rows.slice(0, 12_345), outcomes.slice(0, 12_345));
    await batched.writeRows(rows.slice(12_345), outcomes.slice(12_345));
    await batched.close();
    const read = async (bytes: Buffer) => allRows(await (await openTable(bytesSource(bytes, 65_536), { asWritten: true })).read());
    expect(await read(many.bytes())).toEqual(await read(one.bytes()));
    expect(many.maxBuffered()).toBeLessThan(2 * 1024 * 1024);
  });

  it('ends the output when closed', async () => {
    const output = new PassThrough();
    output.resume();
    const writer = createResultWriter('csv', output, ['a']);
    await writer.close();
    expect(output.writableFinished).toBe(true);
  });
});

describe('a result file uploaded again', () => {
  it.each(['csv', 'xlsx'] as const)('reads %s as its rows were: without _status and _error, the formula apostrophes taken off', async (format) => {
    const out = sink();
    await writeAll(format, out.output);
    const table = await (await openTable(bytesSource(out.bytes()))).read();
    expect(table.headers).toEqual(['formula', 'n', 'text n', 'phone', 'when', '=name']);
    const [first, second] = (await allRows(table)).map((row) => row.values);
    expect(first.slice(0, 4)).toEqual(['=HYPERLINK("http://evil","x")', format === 'csv' ? '-5' : -5, '-5', '+55 11 99999-0000']);
    // An apostrophe of the text's own (not one a formula got) stays.
    expect(second.slice(0, 4)).toEqual(['@SUM(A1)', format === 'csv' ? '3.25' : 3.25, '\tcmd', "'quoted"]);
    expect(first).toHaveLength(6);
  });

  it('leaves a file that only ends in similar names as it is', async () => {
    const table = await (await openTable(bytesSource("a,_error,_status\n'=x,1,2\n"))).read();
    expect(table.headers).toEqual(['a', '_error', '_status']);
    expect((await allRows(table))[0].values).toEqual(["'=x", '1', '2']);
  });
});
