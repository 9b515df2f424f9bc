import { findSheet } from '../table/find-sheet';
import { buildSheetTable } from '../table/sheet-table';
import type { TableLimits } from '../table-limits';
import type { OpenStream, ReadOptions, TableSource } from '../table-types';
import { xlsxRows } from './sheet-rows';
import type { SpillOptions } from './spilling-bytes';
import { readWorkbookManifest } from './workbook-manifest';
import { readZipDirectory } from './zip-directory';

/**
 * An XLSX workbook as tables. Opening it reads the file once to the end for the zip directory
 * (zip-bomb checks, sheet names from xl/workbook.xml); each read() then streams one sheet.
 * `rest` continues the stream whose head has already been inspected. `sharedStrings` tunes where
 * the shared-strings table spills to disk (defaults suit production; specs force tiny values).
 */
export async function xlsxSource(
  open: OpenStream,
  rest: AsyncIterable<Buffer>,
  options: { headerRow?: number; limits: TableLimits; sharedStrings?: SpillOptions; asWritten?: boolean },
): Promise<TableSource> {
  const { limits } = options;
  const directory = await readZipDirectory(open, rest, limits);
  const manifest = await readWorkbookManifest(directory, limits);
  return {
    format: 'xlsx',
    sheets: manifest.sheets.map(({ name, index, hidden }) => ({ name, index, hidden })),
    limits,
    read: async (name?: string, readOptions: ReadOptions = {}) => {
      const sheet = findSheet(manifest.sheets, name);
      return buildSheetTable({ name: sheet.name, index: sheet.index, hidden: sheet.hidden }, xlsxRows(open, directory, manifest, sheet, limits, options.sharedStrings), {
        label: sheet.name,
        headerRow: readOptions.headerRow ?? options.headerRow,
        limits,
        flagReplacementChars: false,
        asWritten: options.asWritten,
      });
    },
  };
}
