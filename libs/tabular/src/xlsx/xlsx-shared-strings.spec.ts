import fs, { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import fsPromises, { type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTable } from '../open-table';
import { resolveLimits } from '../table-limits';
import type { SourceRow } from '../table-types';
import { allRows, bytesSource, rejection } from '../test-support/sources';
import { buildZip, minimalWorkbook } from '../test-support/zip-builder';
import type { SpillOptions } from './spilling-bytes';
import { xlsxSource } from './xlsx-source';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** A cell: a number is an index into the shared strings (t="s"), a string an inline string. */
type Cell = number | string;

function sheetXml(rows: Cell[][], tail = '</sheetData></worksheet>'): string {
  const cell = (value: Cell, ref: string): string =>
    typeof value === 'number' ? `<c r="${ref}" t="s"><v>${value}</v></c>` : `<c r="${ref}" t="inlineStr"><is><t>${escape(value)}</t></is></c>`;
  const body = rows.map((row, r) => `<row r="${r + 1}">${row.map((value, c) => cell(value, `${String.fromCharCode(65 + c)}${r + 1}`)).join('')}</row>`);
  return `<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData>${body.join('')}${tail}`;
}

/** `<si>` bodies: plain texts are wrapped in <t>; pass raw XML for rich text. */
function sharedStringsXml(items: string[]): string {
  const si = items.map((item) => `<si>${item.startsWith('<') ? item : `<t xml:space="preserve">${escape(item)}</t>`}</si>`);
  return `<?xml version="1.0"?><sst xmlns="${MAIN}" count="${items.length}" uniqueCount="${items.length}">${si.join('')}</sst>`;
}

/** A workbook laid out as Excel writes it: the sheet first, the shared strings after it. */
function workbook(items: string[] | undefined, sheet: string, method: 'deflate' | 'store' = 'deflate'): Buffer {
  const entries = minimalWorkbook(sheet).map((entry) => ({ ...entry, method }));
  if (items) entries.push({ name: 'xl/sharedStrings.xml', data: sharedStringsXml(items), method });
  return buildZip(entries);
}

async function readWith(bytes: Buffer, sharedStrings: SpillOptions, chunkSize = 4096) {
  const open = bytesSource(bytes, chunkSize);
  const whole = (await open()) as AsyncIterable<Buffer>;
  return (await xlsxSource(open, whole, { limits: resolveLimits(), sharedStrings })).read();
}

const NAMES = ['Ana', 'Bruno', 'Zürich', 'São Paulo', '😀 emoji 👍🏽', '日本語', 'a & b < c', ' padded '];

/** n data rows: a fresh shared string per row (Excel's first-use order) next to ones that repeat. */
function people(n: number): { items: string[]; rows: Cell[][]; expected: SourceRow[] } {
  const items = ['name', 'email', ...NAMES];
  const rows: Cell[][] = [[0, 1]];
  const expected: SourceRow[] = [];
  for (let i = 0; i < n; i++) {
    items.push(`person${i}@example.com`);
    rows.push([2 + (i % NAMES.length), items.length - 1]);
    expected.push({ rowNumber: i + 2, values: [NAMES[i % NAMES.length], `person${i}@example.com`] });
  }
  return { items, rows, expected };
}

describe('XLSX shared strings', () => {
  it('refuses many sheets sharing a text table each of them would read whole', async () => {
    const items = Array.from({ length: 20 }, (_, i) => `text number ${i}`);
    const many = (sheets: number) => {
      const entries = minimalWorkbook(sheetXml([[0], [1]]));
      const names = Array.from({ length: sheets }, (_, i) => `S${i + 1}`);
      entries[1].data = String(entries[1].data).replace(/<sheets>.*<\/sheets>/, `<sheets>${names.map((n, i) => `<sheet name="${n}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets>`);
      entries[2].data = String(entries[2].data).replace(/<Relationship .*?\/>/, names.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>`).join(''));
      return buildZip([...entries, { name: 'xl/sharedStrings.xml', data: sharedStringsXml(items) }]);
    };
    const size = Buffer.byteLength(sharedStringsXml(items));
    // The table may be read eight times at its largest: here a table of `size` bytes, by 8 sheets, may not be larger than `size`.
    const limits = { maxSharedStringsBytes: size };
    expect((await openTable(bytesSource(many(8)), { limits })).sheets).toHaveLength(8);
    expect(await rejection(openTable(bytesSource(many(9)), { limits }))).toMatchObject({
      code: 'WORKBOOK_TOO_LARGE',
      message: expect.stringMatching(/^the workbook's 9 sheets share a text table of [\d.]+ KB, which each of them reads whole: [\d.]+ KB in all, more than the [\d.]+ KB allowed; upload the sheets you need/),
    });
  });

  let directory: string;
  let opened: jest.SpyInstance;
  /** Handles of the spill files opened so far. */
  const spillFiles = (): Promise<FileHandle[]> => Promise.all(opened.mock.results.map((result) => result.value as Promise<FileHandle>));
  /** Spill into `directory` at the first full 64-byte block. */
  const spillAtOnce = (): SpillOptions => ({ directory, spillAfterBytes: 0, blockBytes: 64 });

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'xlsx-shared-strings-'));
    opened = jest.spyOn(fsPromises, 'open');
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(directory, { recursive: true, force: true });
  });

  it('reads the same rows whether the table stays in memory or spills to disk, and closes the temp file at the end', async () => {
    const { items, rows, expected } = people(2000);
    const bytes = workbook(items, sheetXml(rows));
    expect(await allRows(await readWith(bytes, { directory }))).toEqual(expected);
    expect(opened).not.toHaveBeenCalled();

    expect(await allRows(await readWith(bytes, spillAtOnce()))).toEqual(expected);
    const files = await spillFiles();
    expect(files).toHaveLength(1);
    expect(files[0].fd).toBe(-1);
    expect(readdirSync(directory)).toEqual([]);
  });

  it('gives rich text as its plain text and an empty shared string as a blank cell', async () => {
    const rich = '<r><rPr><b/></rPr><t>bold </t></r><r><t>plain</t></r>';
    const bytes = workbook(['a', 'b', 'c', rich, '<t/>', 'x'], sheetXml([[0, 1, 2], [3, 4, 5]]));
    expect(await allRows(await (await openTable(bytesSource(bytes))).read())).toEqual([{ rowNumber: 2, values: ['bold plain', null, 'x'] }]);
  });

  it('reads a string with a phonetic reading as its text, not its reading, and ignores white space between elements', async () => {
    const phonetic = '<t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/>';
    const rich = '<r><t>大</t></r><r><t>阪</t></r><rPh sb="0" eb="2"><t>オオサカ</t></rPh>';
    const spaced = '<r>\n  <t xml:space="preserve">a </t>\n</r>\n<r><t>b</t></r>\n';
    const bytes = workbook(['h1', 'h2', 'h3', phonetic, rich, spaced], sheetXml([[0, 1, 2], [3, 4, 5]]));
    expect(await allRows(await (await openTable(bytesSource(bytes))).read())).toEqual([{ rowNumber: 2, values: ['東京', '大阪', 'a b'] }]);
  });

  it('turns a cell pointing past the table into a cell problem naming the cell', async () => {
    const bytes = workbook(['id', 'name', 'Ana'], sheetXml([[0, 1], ['1', 2], ['2', 3]]));
    const rows = await allRows(await (await openTable(bytesSource(bytes))).read());
    expect(rows).toEqual([
      { rowNumber: 2, values: ['1', 'Ana'] },
      {
        rowNumber: 3,
        values: ['2', null],
        problems: [{ code: 'CELL_ERROR', column: 1, message: "sheet 'Data', row 3, column B: the cell refers to entry 3 of the workbook's shared text table, which has 3; the file is damaged", reason: "the cell refers to entry 3 of the workbook's shared text table, which has 3; the file is damaged" }],
      },
    ]);
    const withoutTable = workbook(undefined, sheetXml([['id', 'name'], ['1', 0]]));
    const [row] = await allRows(await (await openTable(bytesSource(withoutTable))).read());
    expect(row.problems?.[0].message).toMatch(/column B: the cell refers to entry 0 of the workbook's shared text table, which has 0;/);
  });

  it('closes the temp file when the consumer stops early', async () => {
    const { items, rows } = people(5000);
    const table = await readWith(workbook(items, sheetXml(rows)), spillAtOnce(), 1024);
    let seen = 0;
    for await (const _row of table.rows) if (++seen === 10) break;
    expect(seen).toBe(10);
    const files = await spillFiles();
    expect(files).toHaveLength(1);
    expect(files[0].fd).toBe(-1);
  });

  it('closes the temp file when the sheet turns out to be damaged halfway', async () => {
    const { items, rows } = people(3000);
    const table = await readWith(workbook(items, sheetXml(rows, '<row r="9999"><c r="A9999"></row>')), spillAtOnce(), 1024);
    expect(await rejection(allRows(table))).toMatchObject({ code: 'CORRUPT_FILE' });
    const files = await spillFiles();
    expect(files).toHaveLength(1);
    expect(files[0].fd).toBe(-1);
  });

  it('lets a failing temp file through as it is, not as a damaged workbook', async () => {
    const { items, rows } = people(100);
    const bytes = workbook(items, sheetXml(rows));
    const error = await rejection(readWith(bytes, { ...spillAtOnce(), directory: join(directory, 'missing') }));
    expect(error).toMatchObject({ name: 'SpillFileError', message: expect.stringMatching(/^could not create the temporary file/) });
  });

  it('parses the sheet in place instead of letting exceljs spool it to a temp file', async () => {
    const spooled = jest.spyOn(fs, 'createWriteStream');
    const { items, rows, expected } = people(200);
    expect(await allRows(await (await openTable(bytesSource(workbook(items, sheetXml(rows))))).read())).toEqual(expected);
    expect(spooled).not.toHaveBeenCalled();
  });

  it('keeps characters whole when a chunk of the sheet or of the shared strings ends inside them', async () => {
    // Stored entries read 7 bytes at a time: every multi-byte character of both parts is split.
    const bytes = workbook(['name', 'inline', ...NAMES], sheetXml([[0, 1], ...NAMES.map((name, i) => [i + 2, name])]), 'store');
    const rows = await allRows(await (await openTable(bytesSource(bytes, 7))).read());
    expect(rows.map((row) => row.values)).toEqual(NAMES.map((name) => [name, name]));
  });
});
