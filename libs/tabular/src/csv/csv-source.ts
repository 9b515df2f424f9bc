import iconv from 'iconv-lite';
import { findSheet } from '../table/find-sheet';
import { buildSheetTable } from '../table/sheet-table';
import { TabularError } from '../tabular-error';
import type { TableLimits } from '../table-limits';
import type { CsvDialect, OpenStream, ReadOptions, SheetInfo, TableSource } from '../table-types';
import { detectEncoding } from './detect-encoding';
import { csvRecords } from './csv-records';
import { sniffDialect } from './sniff-dialect';

export interface CsvSourceOptions {
  /** Name shown for the single sheet (e.g. the file name without extension). */
  name: string;
  encoding?: string;
  delimiter?: string;
  headerRow?: number;
  limits: TableLimits;
  asWritten?: boolean;
}

function checkDelimiter(delimiter: string | undefined): void {
  if (delimiter !== undefined && (delimiter.length !== 1 || '"\r\n'.includes(delimiter))) {
    throw new RangeError(`invalid CSV delimiter ${JSON.stringify(delimiter)}: use one character other than a quote or a newline`);
  }
}

/**
 * A CSV file as a one-sheet table. The encoding and dialect are decided once, from the first bytes
 * (`head`, whole file when `complete`); every read() streams the file again from its start.
 */
export function csvSource(open: OpenStream, head: Buffer, complete: boolean, options: CsvSourceOptions): TableSource {
  checkDelimiter(options.delimiter);
  const { encoding, source, bomLength } = detectEncoding(head, options.encoding);
  // A decoder without end() drops a character cut off by the end of the sample.
  const sample = iconv.getDecoder(encoding, { stripBOM: false }).write(head.subarray(bomLength));
  if (complete && sample.trim() === '') {
    throw new TabularError('EMPTY_FILE', 'the file has no data: it is empty or holds only blank lines');
  }
  const dialect: CsvDialect = { encoding, encodingSource: source, bom: bomLength > 0, ...sniffDialect(sample, complete, options.delimiter) };
  const sheet: SheetInfo = { name: options.name, index: 0, hidden: false };
  return {
    format: 'csv',
    sheets: [sheet],
    csv: dialect,
    limits: options.limits,
    read: async (name?: string, readOptions: ReadOptions = {}) => {
      findSheet([sheet], name);
      return buildSheetTable(sheet, csvRecords(open, dialect, bomLength, options.limits), {
        label: undefined,
        headerRow: readOptions.headerRow ?? options.headerRow,
        limits: options.limits,
        flagReplacementChars: /^utf-?8$/i.test(encoding),
        asWritten: options.asWritten,
      });
    },
  };
}
