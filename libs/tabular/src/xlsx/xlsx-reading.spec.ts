import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { openTable } from '../open-table';
import { allRows, bytesSource, rejection } from '../test-support/sources';

async function workbookBytes(build: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function readSheet(bytes: Buffer, sheet?: string, headerRow?: number) {
  const open = bytesSource(bytes, 4096);
  const table = await (await openTable(open)).read(sheet, { headerRow });
  return { table, rows: await allRows(table), open };
}

describe('reading XLSX', () => {
  it('reads every sheet with real dates, shared strings, formula results, rich text and merged cells', async () => {
    const bytes = await workbookBytes((workbook) => {
      const orders = workbook.addWorksheet('Orders');
      orders.addRow(['id', 'customer', 'placed', 'total', 'double', 'note', 'link', 'paid']);
      orders.addRow([
        1,
        'Ana',
        new Date(Date.UTC(2024, 1, 29)),
        10.5,
        { formula: 'D2*2', result: 21 },
        { richText: [{ text: 'bold ', font: { bold: true } }, { text: 'plain' }] },
        { text: 'site', hyperlink: 'https://example.com' },
        true,
      ]);
      orders.addRow([2, 'Bruno', new Date(Date.UTC(2024, 2, 1, 14, 30)), 3, { formula: 'D3*2', result: 6 }, null, null, false]);
      orders.getCell('C3').numFmt = 'yyyy-mm-dd hh:mm';
      orders.addRow([3, 'merged', null, null, { formula: 'B4&"!"', result: 'merged!' }]);
      orders.mergeCells('B4:D4');
      const people = workbook.addWorksheet('People', { state: 'hidden' });
      people.addRow(['name']);
      people.addRow(['Zoë']);
    });
    const open = bytesSource(bytes, 4096);
    const source = await openTable(open);
    expect(source.format).toBe('xlsx');
    expect(source.csv).toBeUndefined();
    expect(source.sheets).toEqual([
      { name: 'Orders', index: 0, hidden: false },
      { name: 'People', index: 1, hidden: true },
    ]);
    expect(open.opened).toBe(1);
    const orders = await source.read('Orders');
    expect(orders.headers).toEqual(['id', 'customer', 'placed', 'total', 'double', 'note', 'link', 'paid']);
    const rows = await allRows(orders);
    expect(rows).toEqual([
      { rowNumber: 2, values: [1, 'Ana', new Date(Date.UTC(2024, 1, 29)), 10.5, 21, 'bold plain', 'site', true] },
      { rowNumber: 3, values: [2, 'Bruno', new Date(Date.UTC(2024, 2, 1, 14, 30)), 3, 6, null, null, false] },
      { rowNumber: 4, values: [3, 'merged', null, null, 'merged!', null, null, null] },
    ]);
    // exceljs (like Excel) writes the shared strings after the sheets: metadata, then the sheet.
    expect(open.opened).toBeLessThanOrEqual(3);
    expect(await allRows(await source.read('people'))).toEqual([{ rowNumber: 2, values: ['Zoë'] }]);
    expect(open.streams.every((stream) => stream.destroyed)).toBe(true);
    expect(await rejection(source.read('Nope'))).toMatchObject({ code: 'SHEET_NOT_FOUND', message: "there is no sheet named 'Nope'; the file has 'Orders', 'People'" });
  });

  it("corrects Excel's 1900 leap-year bug and reads times and durations as text", async () => {
    const serials: [number, string][] = [
      [1, 'yyyy-mm-dd'],
      [59, 'yyyy-mm-dd'],
      [60, 'yyyy-mm-dd'],
      [61, 'yyyy-mm-dd'],
      [45292.75, 'dd/mm/yyyy hh:mm'],
      [0.5, 'hh:mm'],
      [1.5, '[h]:mm:ss'],
      [45292, '0.00'],
    ];
    const bytes = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet('Dates');
      sheet.addRow(['value']);
      for (const [serial, format] of serials) sheet.addRow([serial]).getCell(1).numFmt = format;
    });
    const { rows } = await readSheet(bytes);
    expect(rows.map((row) => row.values[0])).toEqual([
      new Date(Date.UTC(1900, 0, 1)),
      new Date(Date.UTC(1900, 1, 28)),
      null,
      new Date(Date.UTC(1900, 2, 1)),
      new Date(Date.UTC(2024, 0, 1, 18, 0)),
      '12:00:00',
      '36:00:00',
      45292,
    ]);
    expect(rows[2].problems).toEqual([{ code: 'CELL_ERROR', column: 0, message: expect.stringMatching(/^sheet 'Dates', row 4, column A: 1900-02-29 does not exist/), reason: expect.stringMatching(/^1900-02-29 does not exist/) }]);
  });

  it('reads dates of a 1904-based workbook', async () => {
    const bytes = await workbookBytes((workbook) => {
      workbook.properties.date1904 = true;
      const sheet = workbook.addWorksheet('Mac');
      sheet.addRow(['when']);
      sheet.addRow([0]).getCell(1).numFmt = 'yyyy-mm-dd';
      sheet.addRow([366]).getCell(1).numFmt = 'yyyy-mm-dd';
    });
    expect((await readSheet(bytes)).rows.map((row) => row.values[0])).toEqual([new Date(Date.UTC(1904, 0, 1)), new Date(Date.UTC(1905, 0, 1))]);
  });

  it('turns error values and formulas without a saved result into null with a problem', async () => {
    const bytes = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet('Calc');
      sheet.addRow(['a', 'b', 'c']);
      sheet.addRow([{ error: '#N/A' }, { formula: 'A1+1' }, { formula: 'TODAY()', result: 45292 }]);
      sheet.getCell('C2').numFmt = 'dd/mm/yyyy';
    });
    const { rows } = await readSheet(bytes);
    expect(rows[0].values).toEqual([null, null, new Date(Date.UTC(2024, 0, 1))]);
    expect(rows[0].problems).toEqual([
      { code: 'CELL_ERROR', column: 0, message: "sheet 'Calc', row 2, column A: the cell shows the Excel error #N/A", reason: 'the cell shows the Excel error #N/A' },
      { code: 'CELL_ERROR', column: 1, message: "sheet 'Calc', row 2, column B: the formula has no saved result; open the file in Excel and save it again", reason: 'the formula has no saved result; open the file in Excel and save it again' },
    ]);
  });

  it('finds the header below blank rows, or at the row asked for', async () => {
    const bytes = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet('Report');
      sheet.getCell('A2').value = 'Sales 2024';
      sheet.getRow(4).values = ['id', 'name'];
      sheet.getRow(5).values = [1, 'Ana'];
      sheet.getRow(7).values = [2, 'Bia'];
    });
    // A one-cell row with names below it is a title: the names are the header.
    const first = await readSheet(bytes);
    expect(first.table.headerRow).toBe(4);
    expect(first.table.headers).toEqual(['id', 'name']);
    expect(first.rows[0]).toEqual({ rowNumber: 5, values: [1, 'Ana'] });
    const chosen = await readSheet(bytes, 'Report', 4);
    expect(chosen.table.headers).toEqual(['id', 'name']);
    expect(chosen.rows).toEqual([
      { rowNumber: 5, values: [1, 'Ana'] },
      { rowNumber: 7, values: [2, 'Bia'] },
    ]);
    expect(await rejection(readSheet(bytes, 'Report', 3))).toMatchObject({ code: 'NO_HEADER', message: "sheet 'Report', row 3 is empty; it should hold the column names" });
  });

  it('names an empty, only formatted or merged-over header cell by its letter, as in a CSV', async () => {
    const bytes = await workbookBytes((workbook) => {
      const gap = workbook.addWorksheet('Gap');
      gap.addRow(['name', null, 'age']);
      gap.addRow(['Ana', 'x', 5]);
      const styled = workbook.addWorksheet('Styled');
      styled.addRow(['name', 'email', 'age']);
      styled.getCell('E1').numFmt = '0.00';
      styled.addRow(['Ana', 'ana@x.test', 5]);
      const merged = workbook.addWorksheet('Merged');
      merged.addRow(['name', 'email', null, 'age']);
      merged.mergeCells('B1:C1');
      merged.addRow(['Ana', 'ana@x.test', 'x', 5]);
    });
    const gap = await readSheet(bytes, 'Gap');
    expect(gap.table.headers).toEqual(['name', 'Column B', 'age']);
    expect(gap.rows).toEqual([{ rowNumber: 2, values: ['Ana', 'x', 5] }]);
    expect((await readSheet(bytes, 'Styled')).table.headers).toEqual(['name', 'email', 'age']);
    const merged = await readSheet(bytes, 'Merged');
    expect(merged.table.headers).toEqual(['name', 'email', 'Column C', 'age']);
    expect(merged.rows).toEqual([{ rowNumber: 2, values: ['Ana', 'ana@x.test', 'x', 5] }]);
  });

  it('takes the names below a title as the header, but not the second row of a one-column sheet', async () => {
    const bytes = await workbookBytes((workbook) => {
      const report = workbook.addWorksheet('Report');
      report.addRow(['Customer export 2024-11-28']);
      report.mergeCells('A1:C1');
      report.addRow([]);
      report.addRow(['Name', 'E-mail address', 'Age']);
      report.addRow(['Ana', 'ana@x.test', 41]);
      const single = workbook.addWorksheet('Single');
      single.addRow(['email']);
      single.addRow(['ana@x.test']);
      single.addRow(['bia@x.test']);
      // A row of two numbers is data, not names.
      const counts = workbook.addWorksheet('Counts');
      counts.addRow(['total']);
      counts.addRow([3, 4]);
      // An ERP's title and a line more, the names right under them, then rows with numbers and dates.
      const erp = workbook.addWorksheet('Erp');
      erp.addRow(['Orders report']);
      erp.addRow(['Generated by the ERP']);
      erp.addRow(['Order', 'Date', 'Customer']);
      erp.addRow([1, new Date(Date.UTC(2024, 10, 1)), 'Ana']);
      erp.addRow([2, new Date(Date.UTC(2024, 10, 2)), 'Bia']);
    });
    const report = await readSheet(bytes, 'Report');
    expect(report.table.headerRow).toBe(3);
    expect(report.table.headers).toEqual(['Name', 'E-mail address', 'Age']);
    expect(report.rows).toEqual([{ rowNumber: 4, values: ['Ana', 'ana@x.test', 41] }]);
    const single = await readSheet(bytes, 'Single');
    expect(single.table.headers).toEqual(['email']);
    expect(single.rows.map((r) => r.values)).toEqual([['ana@x.test'], ['bia@x.test']]);
    const counts = await readSheet(bytes, 'Counts');
    expect(counts.table.headers).toEqual(['total']);
    expect(counts.rows[0].rowNumber).toBe(2);
    const erp = await readSheet(bytes, 'Erp');
    expect([erp.table.headerRow, erp.table.headers]).toEqual([3, ['Order', 'Date', 'Customer']]);
    expect(erp.rows.map((r) => r.rowNumber)).toEqual([4, 5]);
  });

  it('refuses an empty sheet, duplicate headers and too many columns, naming the sheet', async () => {
    const bytes = await workbookBytes((workbook) => {
      workbook.addWorksheet('Blank');
      workbook.addWorksheet('Dupes').addRow(['id', 'Email', 'name', 'email']);
      const wide = workbook.addWorksheet('Wide');
      wide.addRow(['a', 'b']);
      wide.addRow([1, 2, 3, 4, 5, 6]);
    });
    expect(await rejection(readSheet(bytes, 'Blank'))).toMatchObject({ code: 'EMPTY_SHEET', message: "sheet 'Blank' is empty" });
    expect(await rejection(readSheet(bytes, 'Dupes'))).toMatchObject({ code: 'DUPLICATE_HEADERS', message: "sheet 'Dupes', row 1: columns B and D are both named 'Email'. Column names must be unique" });
    const source = await openTable(bytesSource(bytes, 4096), { limits: { maxColumns: 4 } });
    // Thrown by read() or while iterating, depending on where the wide row falls in the stream.
    expect(await rejection(source.read('Wide').then(allRows))).toMatchObject({ code: 'TOO_MANY_COLUMNS', message: "sheet 'Wide', row 2 has 6 columns; the limit is 4" });
  });

  it('stops reading and releases the file when the consumer stops early', async () => {
    const bytes = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet('Many');
      sheet.addRow(['n']);
      for (let i = 0; i < 5000; i++) sheet.addRow([i]);
    });
    const open = bytesSource(bytes, 1024);
    const table = await (await openTable(open)).read();
    let seen = 0;
    for await (const _row of table.rows) if (++seen === 10) break;
    expect(seen).toBe(10);
    expect(open.streams.every((stream) => stream.destroyed)).toBe(true);
  });
  it('passes a failure of the source itself through untouched instead of calling the file corrupt', async () => {
    const bytes = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet('Many');
      sheet.addRow(['n']);
      for (let i = 0; i < 5000; i++) sheet.addRow([i]);
    });
    const failure = new Error('connection reset by the object store');
    let armed = false;
    const open = () => {
      if (!armed) return bytesSource(bytes, 1024)();
      let sent = 0;
      return new Readable({
        read() {
          if (sent < 2) this.push(bytes.subarray(sent * 1024, ++sent * 1024));
          else this.destroy(failure);
        },
      });
    };
    const source = await openTable(open);
    armed = true;
    const error = await rejection(
      (async () => {
        const table = await source.read();
        for await (const _row of table.rows) void _row;
      })(),
    );
    expect(error).toBe(failure);
  });
});
