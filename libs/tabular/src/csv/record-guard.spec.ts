import Papa from 'papaparse';
import { randomCsv } from '../test-support/random-csv';
import type { CsvDialect } from '../table-types';
import { RecordGuard } from './record-guard';

type Newline = CsvDialect['newline'];

function papaRows(text: string, newline: Newline): string[][] {
  return (new Papa.Parser({ delimiter: ',', newline }).parse(text, 0, false) as { data: string[][] }).data;
}

function scanInChunks(guard: RecordGuard, text: string, size: number): void {
  for (let i = 0; i < text.length; i += size) guard.scan(text.slice(i, i + size));
}

describe('RecordGuard', () => {
  it.each<Newline>(['\n', '\r\n', '\r'])('counts the same records and fields as papaparse (newline %j), however the text is chunked', (newline) => {
    for (let seed = 1; seed <= 300; seed++) {
      const text = randomCsv(seed, 60);
      const rows = papaRows(text, newline);
      const widest = Math.max(...rows.map((row) => row.length));
      for (const size of [1, 2, 5, 60]) {
        const counting = new RecordGuard({ delimiter: ',', newline }, 1000, 1_000_000);
        scanInChunks(counting, text, size);
        expect({ seed, size, records: counting.records }).toEqual({ seed, size, records: rows.length });
        // A limit one below the widest row must trip exactly on that row.
        if (widest > 1) {
          const tight = new RecordGuard({ delimiter: ',', newline }, widest - 1, 1_000_000);
          const firstWide = rows.findIndex((row) => row.length === widest) + 1;
          expect(() => scanInChunks(tight, text, size)).toThrow(expect.objectContaining({ code: 'TOO_MANY_COLUMNS', details: expect.objectContaining({ row: firstWide }) }));
        }
      }
    }
  });

  it('stops an unclosed quote before it swallows the file', () => {
    const guard = new RecordGuard({ delimiter: ',', newline: '\n' }, 100, 1000);
    guard.scan('id,note\n1,ok\n2,"never closed\n');
    expect(() => {
      for (let i = 0; i < 100; i++) guard.scan('more text, more lines\n');
    }).toThrow(expect.objectContaining({ code: 'ROW_TOO_LARGE', message: expect.stringMatching(/^row 3 is longer than 1,000 characters; .*quote/) }));
  });

  it('numbers rows after a hidden sep= line', () => {
    const guard = new RecordGuard({ delimiter: ';', newline: '\n' }, 2, 1000, 1);
    expect(() => guard.scan('sep=;\na;b\n1;2;3\n')).toThrow(expect.objectContaining({ message: 'row 2 has more than 2 columns, the limit' }));
  });
});
