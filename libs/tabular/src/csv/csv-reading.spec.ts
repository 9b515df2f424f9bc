import iconv from 'iconv-lite';
import { openTable } from '../open-table';
import { randomCsv } from '../test-support/random-csv';
import { allRows, bytesSource, rejection } from '../test-support/sources';

describe('reading CSV', () => {
  it('reads quoted fields with embedded newlines and doubled quotes, numbering rows as records', async () => {
    const csv = 'id,comment,city\r\n1,"line one\r\nline ""two""",Lisboa\r\n2,plain,"Porto, PT"\r\n';
    const source = await openTable(bytesSource(csv, 5));
    expect(source.csv).toMatchObject({ delimiter: ',', newline: '\r\n', encoding: 'utf-8', bom: false });
    const table = await source.read();
    expect(table.headers).toEqual(['id', 'comment', 'city']);
    const rows = await allRows(table);
    expect(rows).toEqual([
      { rowNumber: 2, values: ['1', 'line one\r\nline "two"', 'Lisboa'] },
      { rowNumber: 3, values: ['2', 'plain', 'Porto, PT'] },
    ]);
  });

  it('detects ;-delimited Windows-1252 text with accents', async () => {
    const text = 'nome;cidade;ativo;valor\nJoão;São Paulo;Não;1,5\nMaria;Brasília;Sim;2,75\n';
    const source = await openTable(bytesSource(iconv.encode(text, 'win1252')));
    expect(source.csv).toMatchObject({ encoding: 'windows-1252', delimiter: ';', bom: false });
    const rows = await allRows(await source.read());
    expect(rows.map((row) => row.values)).toEqual([
      ['João', 'São Paulo', 'Não', '1,5'],
      ['Maria', 'Brasília', 'Sim', '2,75'],
    ]);
  });

  it('reads UTF-16LE with a byte-order mark', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('name\tcity\nZoë\tZürich\n', 'utf-16le')]);
    const source = await openTable(bytesSource(bytes, 3));
    expect(source.csv).toMatchObject({ encoding: 'utf-16le', encodingSource: 'bom', bom: true, delimiter: '\t' });
    const table = await source.read();
    expect(table.headers).toEqual(['name', 'city']);
    expect((await allRows(table)).map((row) => row.values)).toEqual([['Zoë', 'Zürich']]);
  });

  it('reports duplicate headers naming both columns', async () => {
    const source = await openTable(bytesSource('Email,name,x,y,z, EMAIL \n'));
    const error = await rejection(source.read());
    expect(error).toMatchObject({ code: 'DUPLICATE_HEADERS', message: "row 1: columns A and F are both named 'Email'. Column names must be unique" });
  });

  it('pads short rows and reports extra cells', async () => {
    const rows = await allRows(await (await openTable(bytesSource('a,b,c\n1\n1,2,3,4,5\n1,2,3,,\n'))).read());
    expect(rows[0]).toEqual({ rowNumber: 2, values: ['1', null, null] });
    expect(rows[1].values).toEqual(['1', '2', '3']);
    expect(rows[1].problems).toEqual([
      { code: 'EXTRA_CELLS', message: 'row 3 has 5 values but the header has 3 columns; the extra values (in D, E) are ignored' },
    ]);
    expect(rows[2]).toEqual({ rowNumber: 4, values: ['1', '2', '3'] });
  });

  it('finds the column names below a title and a blank line, but keeps the header of a one-column file with a stray comma', async () => {
    const titled = await (await openTable(bytesSource('Customer export 2024-11-28\n\nName,Email\nAna,ana@x.test\n'))).read();
    expect(titled.headerRow).toBe(3);
    expect(titled.headers).toEqual(['Name', 'Email']);
    expect(await allRows(titled)).toEqual([{ rowNumber: 4, values: ['Ana', 'ana@x.test'] }]);
    const single = await (await openTable(bytesSource('name\nAna\nDoe, Jane\nBia\n'))).read();
    expect(single.headers).toEqual(['name']);
    expect((await allRows(single)).map((r) => r.rowNumber)).toEqual([2, 3, 4]);
    // Numbers below a blank line are data, not names.
    const totals = await (await openTable(bytesSource('total\n\n3,4\n'))).read();
    expect(totals.headers).toEqual(['total']);
    // Without a blank line, names under a title (and a line more) are the header when a table of columns follows them.
    const erp = await (await openTable(bytesSource('Orders report\nGenerated 2024-11-01 by the ERP\nOrder;Date;Customer\n1;01/11/2024;Ana\n\n2;02/11/2024;Bia\n'))).read();
    expect([erp.headerRow, erp.headers]).toEqual([3, ['Order', 'Date', 'Customer']]);
    expect((await allRows(erp)).map((r) => r.values)).toEqual([['1', '01/11/2024', 'Ana'], ['2', '02/11/2024', 'Bia']]);
    for (const text of ['name\nDoe, Jane\nAna\nBia\n', 'name\nDoe, Jane\nRoe, Rick\nPoe, Ed\nMoe, Al\nAna\n', 'Name\nAna,note one\nBia,note two\nCris,note three\n']) {
      const stray = await (await openTable(bytesSource(text))).read();
      expect([stray.headerRow, stray.headers]).toEqual([1, [text.split('\n')[0]]]);
    }
  });

  it('gives zero rows for a header-only file and refuses an empty one', async () => {
    const table = await (await openTable(bytesSource('a,b\n'))).read();
    expect(await allRows(table)).toEqual([]);
    expect(await rejection(openTable(bytesSource('')))).toMatchObject({ code: 'EMPTY_FILE' });
    expect(await rejection(openTable(bytesSource('\n\r\n  \n')))).toMatchObject({ code: 'EMPTY_FILE' });
  });

  it('rejects a 1,000,000-column line quickly', async () => {
    const line = Buffer.from('x,'.repeat(1_000_000) + 'x\n1\n');
    const started = Date.now();
    const source = await openTable(bytesSource(line, 64 * 1024));
    const error = await rejection(source.read());
    expect(error).toMatchObject({ code: 'TOO_MANY_COLUMNS', message: 'row 1 has more than 2,000 columns, the limit' });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('reading CSV in chunks', () => {
  it('yields the same rows whatever the chunk size', async () => {
    for (let seed = 1; seed <= 60; seed++) {
      const csv = `h1,h2,h3\n${randomCsv(seed, 200)}`;
      const options = { delimiter: ',', limits: { maxColumns: 10_000 } };
      const whole = await allRows(await (await openTable(bytesSource(csv, 1_000_000), options)).read());
      for (const size of [1, 3, 16]) {
        const chunked = await allRows(await (await openTable(bytesSource(csv, size), options)).read());
        expect({ seed, size, rows: chunked }).toEqual({ seed, size, rows: whole });
      }
    }
  });
});
