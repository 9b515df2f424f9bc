import { Readable } from 'node:stream';
import { openTable } from '../open-table';
import { allRows, bytesSource, rejection } from '../test-support/sources';

async function readAll(csv: string | Buffer, options: Parameters<typeof openTable>[1] = {}, headerRow?: number) {
  const table = await (await openTable(bytesSource(csv), options)).read(undefined, { headerRow });
  return { table, rows: await allRows(table) };
}

describe('CSV rows', () => {
  it('skips blank lines but keeps the row numbers the user sees', async () => {
    const { table, rows } = await readAll('\n\nid,name\n1,Ana\n\n,\n3,Caio\n');
    expect(table.headerRow).toBe(3);
    expect(rows.map((row) => row.rowNumber)).toEqual([4, 7]);
  });

  it('takes the header from a given row, skipping a title above it', async () => {
    const { table, rows } = await readAll('Sales report;;\nid;name;city\n1;Ana;Porto\n', {}, 2);
    expect(table.headers).toEqual(['id', 'name', 'city']);
    expect(rows).toEqual([{ rowNumber: 3, values: ['1', 'Ana', 'Porto'] }]);
    expect(await rejection(readAll('a,b\n\nc,d\n', {}, 2))).toMatchObject({ code: 'NO_HEADER', message: 'row 2 is empty; it should hold the column names' });
    expect(await rejection(readAll('a,b\n', {}, 5))).toMatchObject({ code: 'NO_HEADER', message: 'row 5 does not exist (the last row is 1); it should hold the column names' });
  });

  it("does not count Excel's sep= line as a row", async () => {
    const { table, rows } = await readAll('sep=;\r\nid;name\r\n1;Ana\r\n');
    expect(table.headerRow).toBe(1);
    expect(rows).toEqual([{ rowNumber: 2, values: ['1', 'Ana'] }]);
  });

  it('names empty header cells after their column and drops trailing ones', async () => {
    const { table } = await readAll('id,,name,,\n1,x,Ana,,\n');
    expect(table.columns).toEqual([
      { index: 0, letter: 'A', name: 'id', generated: false },
      { index: 1, letter: 'B', name: 'Column B', generated: true },
      { index: 2, letter: 'C', name: 'name', generated: false },
    ]);
  });

  it('reports malformed quotes, over-long cells and invalid UTF-8 per row and column', async () => {
    const csv = Buffer.concat([Buffer.from('id,text\n1,"fine ""quoted"""\n2,"stray"quote"\n3,'), Buffer.from([0x41, 0xff, 0x42]), Buffer.from('\n4,' + 'x'.repeat(40) + '\n')]);
    // The invalid byte sits past a clean sample, as in a file that changes encoding halfway.
    const padded = Buffer.concat([Buffer.from(`id,text\n${'0,ok\n'.repeat(14_000)}`), csv.subarray(8)]);
    const source = await openTable(bytesSource(padded, 4096), { limits: { maxCellLength: 30 } });
    expect(source.csv?.encoding).toBe('utf-8');
    const rows = (await allRows(await source.read())).slice(14_000);
    expect(rows[0]).toEqual({ rowNumber: 14_002, values: ['1', 'fine "quoted"'] });
    expect(rows[1]).toEqual({
      rowNumber: 14_003,
      values: ['2', 'stray"quote'],
      problems: [{ code: 'MALFORMED_QUOTES', message: 'row 14003: a quote (") inside a quoted value is not doubled, so the value may be cut in the wrong place', reason: 'a quote (") inside a quoted value is not doubled, so the value may be cut in the wrong place' }],
    });
    expect(rows[2].problems).toEqual([{ code: 'INVALID_TEXT', column: 1, message: expect.stringMatching(/^row 14004, column B: the value contains bytes that are not valid UTF-8/), reason: expect.stringMatching(/^the value contains bytes/) }]);
    expect(rows[3].problems).toEqual([{ code: 'CELL_TOO_LONG', column: 1, message: 'row 14005, column B: the value is 40 characters long, more than the 30 allowed', reason: 'the value is 40 characters long, more than the 30 allowed' }]);
  });

  it('stops at maxRows data rows', async () => {
    const source = await openTable(bytesSource('a\n1\n2\n3\n'), { limits: { maxRows: 2 } });
    expect(await rejection(allRows(await source.read()))).toMatchObject({ code: 'TOO_MANY_ROWS', message: 'row 4 is beyond the limit of 2 data rows' });
  });

  it('reads lazily: the source is pulled only as fast as rows are consumed', async () => {
    let produced = 0;
    const line = Buffer.from('1,some text,2024-01-02,3.5\n');
    const open = () =>
      Readable.from(
        (function* generate() {
          yield Buffer.from('id,text,date,amount\n');
          for (let i = 0; i < 4_000_000; i++) {
            produced += line.length;
            yield line;
          }
        })(),
      );
    const table = await (await openTable(open)).read();
    let rows = 0;
    for await (const _row of table.rows) if (++rows === 1000) break;
    // About 100 MB would be produced if the reader ran ahead; it stays within a few chunks.
    expect(produced).toBeLessThan(256 * 1024);
  });

  it('releases the source on close() and refuses a second iteration', async () => {
    // Two columns: below a one-column header the next rows are read ahead (a title's header is looked for).
    const open = bytesSource('a,b\n1,2\n3,4\n', 2);
    const table = await (await openTable(open)).read();
    const iterator = table.rows[Symbol.asyncIterator]();
    await iterator.next();
    expect(open.streams.at(-1)?.destroyed).toBe(false);
    await table.close();
    expect(open.streams.every((stream) => stream.destroyed)).toBe(true);
    expect(() => table.rows[Symbol.asyncIterator]()).toThrow('iterated only once');
  });

  it('refuses a sheet name that is not the CSV one', async () => {
    const source = await openTable(bytesSource('a\n1\n'), { name: 'clientes' });
    expect(source.sheets).toEqual([{ name: 'clientes', index: 0, hidden: false }]);
    expect(await rejection(source.read('Sheet2'))).toMatchObject({ code: 'SHEET_NOT_FOUND' });
  });
});
