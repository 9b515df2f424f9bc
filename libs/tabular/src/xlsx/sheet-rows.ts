import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { location } from '../table/column-letter';
import type { RawRow } from '../table/raw-row';
import { TabularError } from '../tabular-error';
import type { TableLimits } from '../table-limits';
import type { CellValue, OpenStream, RowProblem } from '../table-types';
import { readCell } from './excel-cell';
import { InterruptibleSteps } from './interruptible-steps';
import { sheetZip } from './sheet-zip';
import type { ManifestSheet, WorkbookManifest } from './workbook-manifest';
import { corruptZip, type ZipDirectory } from './zip-directory';

function toRawRow(row: ExcelJS.Row, sheet: string, date1904: boolean, maxColumns: number): RawRow {
  // exceljs has already built the row; refusing it here still stops the read at the first wide row.
  if (row.cellCount > maxColumns) {
    throw new TabularError('TOO_MANY_COLUMNS', `${location(sheet, row.number)} has ${row.cellCount.toLocaleString('en')} columns; the limit is ${maxColumns.toLocaleString('en')}`, {
      sheet,
      row: row.number,
    });
  }
  const cells: (CellValue | undefined)[] = new Array(row.cellCount);
  let problems: RowProblem[] | undefined;
  row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
    const read = readCell(cell, date1904);
    cells[columnNumber - 1] = read.value;
    if (read.problem !== undefined) {
      const message = `${location(sheet, row.number, columnNumber - 1)}: ${read.problem}`;
      (problems ??= []).push({ code: 'CELL_ERROR', column: columnNumber - 1, message });
    }
  });
  return problems ? { rowNumber: row.number, cells, problems } : { rowNumber: row.number, cells };
}

/**
 * Streams the rows of one worksheet through exceljs's streaming WorkbookReader, fed with a minimal
 * zip of just that sheet and the parts it depends on (see sheetZip). Styles are cached so
 * date-formatted numbers can be recognised; hyperlinks are ignored, which leaves their text.
 * Yields the rows in batches, one per chunk of sheet XML.
 */
export async function* xlsxRows(
  open: OpenStream,
  directory: ZipDirectory,
  manifest: WorkbookManifest,
  sheet: ManifestSheet,
  limits: Pick<TableLimits, 'maxColumns'>,
): AsyncGenerator<RawRow[]> {
  const abort = new AbortController();
  const input = Readable.from(sheetZip(open, directory, manifest, sheet, abort.signal), { objectMode: false });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  // exceljs pipes the input into its unzipper and waits on the sheet's entry stream. pipe() does
  // not forward errors, and the unzipper reports corrupt data on itself, not on the entry: either
  // failure would leave exceljs waiting forever. Both are caught here and end the read instead.
  const steps = new InterruptibleSteps();
  input.once('error', steps.fail);
  const pipe = input.pipe.bind(input);
  input.pipe = <T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T => {
    destination.once('error', steps.fail);
    return pipe(destination, options);
  };
  const race = <T>(step: Promise<T>): Promise<T> => steps.step(step);
  try {
    const worksheets = reader[Symbol.asyncIterator]();
    for (let worksheet = await race(worksheets.next()); !worksheet.done; worksheet = await race(worksheets.next())) {
      // parse() hands out the rows of each XML chunk together: one await per chunk, not per row.
      const events = worksheet.value.parse() as AsyncIterator<{ eventType: string; value: ExcelJS.Row }[]>;
      for (let batch = await race(events.next()); !batch.done; batch = await race(events.next())) {
        const rows: RawRow[] = [];
        for (const event of batch.value) {
          if (event.eventType === 'row') rows.push(toRawRow(event.value, sheet.name, manifest.date1904, limits.maxColumns));
        }
        if (rows.length) yield rows;
      }
    }
  } catch (error) {
    throw error instanceof TabularError ? error : corruptZip(error);
  } finally {
    // Stop the source reads first, then wait for the zip stream to wind down, so that when the
    // consumer's loop ends nothing of this read is still open.
    abort.abort();
    if (!input.closed) {
      const closed = new Promise((resolve) => input.once('close', resolve));
      input.destroy();
      await closed;
    }
  }
}
