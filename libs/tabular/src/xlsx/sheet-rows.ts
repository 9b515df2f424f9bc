import type ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { columnLetter, location } from '../table/column-letter';
import type { RawRow } from '../table/raw-row';
import { TabularError } from '../tabular-error';
import type { TableLimits } from '../table-limits';
import type { CellValue, OpenStream, RowProblem } from '../table-types';
import { readCell, type SharedStrings } from './excel-cell';
import { InterruptibleSteps } from './interruptible-steps';
import { type LengthLimits, rowTooLarge } from './length-limits';
import { SharedStringTable } from './shared-string-table';
import { sheetZip } from './sheet-zip';
import { SourceFailures } from './source-failures';
import { SpillFileError } from './spill-file';
import type { SpillOptions } from './spilling-bytes';
import { createWorkbookReader, emittedSharedString, emittedWorksheet, worksheetEvents } from './streaming-workbook';
import type { ManifestSheet, WorkbookManifest } from './workbook-manifest';
import { corruptZip, type ZipDirectory } from './zip-directory';

type RowLimits = Pick<TableLimits, 'maxColumns'> & LengthLimits;

function toRawRow(row: ExcelJS.Row, date1904: boolean, limits: RowLimits, sharedStrings: SharedStrings): RawRow {
  const { sheet, maxColumns } = limits;
  // exceljs has already built the row; refusing it here still stops the read at the first wide row.
  if (row.cellCount > maxColumns) {
    throw new TabularError('TOO_MANY_COLUMNS', `${location(sheet, row.number)} has ${row.cellCount.toLocaleString('en')} columns; the limit is ${maxColumns.toLocaleString('en')}`, {
      sheet,
      row: row.number,
    });
  }
  // Dense: a cell exceljs skips (empty, only formatted, or the covered part of a merge) must still be a place in the row, or map() skips it.
  const cells: (CellValue | undefined)[] = new Array(row.cellCount).fill(undefined);
  let problems: RowProblem[] | undefined;
  // The sheet's XML was bounded before exceljs read it (see exceljs-fixes), but shared strings are
  // only looked up here: a row of short references to long entries is bounded as it is filled.
  let chars = 0;
  row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
    const read = readCell(cell, date1904, sharedStrings);
    if (typeof read.value === 'string' && (chars += read.value.length) > limits.maxRowChars) {
      throw rowTooLarge(limits, row.number, columnLetter(columnNumber - 1));
    }
    cells[columnNumber - 1] = read.value;
    if (read.problem !== undefined) {
      const message = `${location(sheet, row.number, columnNumber - 1)}: ${read.problem}`;
      (problems ??= []).push({ code: 'CELL_ERROR', column: columnNumber - 1, message, reason: read.problem });
    }
  });
  return problems ? { rowNumber: row.number, cells, problems } : { rowNumber: row.number, cells };
}

/**
 * Streams the rows of one worksheet through exceljs's streaming WorkbookReader (see
 * streaming-workbook), fed with a minimal zip of just that sheet and the parts it depends on (see
 * sheetZip). The shared strings come first and go to a SharedStringTable, off the JS heap and on
 * disk when large; its temp file is closed however the read ends. Yields the rows in batches, one
 * per chunk of sheet XML.
 */
export async function* xlsxRows(
  open: OpenStream,
  directory: ZipDirectory,
  manifest: WorkbookManifest,
  sheet: ManifestSheet,
  limits: Pick<TableLimits, 'maxColumns' | 'maxRowChars' | 'maxCellLength'>,
  sharedStringOptions: SpillOptions = {},
): AsyncGenerator<RawRow[]> {
  const rowLimits: RowLimits = { sheet: sheet.name, maxColumns: limits.maxColumns, maxRowChars: limits.maxRowChars, maxCellLength: limits.maxCellLength };
  const abort = new AbortController();
  const source = new SourceFailures();
  const input = Readable.from(sheetZip(source.watch(open), directory, manifest, sheet, abort.signal), { objectMode: false });
  const sharedStrings = new SharedStringTable(sharedStringOptions);
  // A failure of the source or of the unzipper would leave exceljs waiting forever: it ends the
  // current wait instead.
  const steps = new InterruptibleSteps();
  input.once('error', steps.fail);
  const reader = createWorkbookReader(input, steps.fail, rowLimits);
  const race = <T>(step: Promise<T>): Promise<T> => steps.step(step);
  try {
    const items = reader.parse();
    for (let item = await race(items.next()); !item.done; item = await race(items.next())) {
      const text = emittedSharedString(item.value);
      if (text !== undefined) {
        const spilling = sharedStrings.add(text);
        if (spilling) await spilling;
        continue;
      }
      const worksheet = emittedWorksheet(item.value);
      if (!worksheet) continue;
      await sharedStrings.seal();
      // parse() hands out the rows of each XML chunk together: one await per chunk, not per row.
      const events = worksheetEvents(reader, worksheet);
      for (let batch = await race(events.next()); !batch.done; batch = await race(events.next())) {
        const rows: RawRow[] = [];
        for (const event of batch.value) {
          if (event.eventType === 'row') rows.push(toRawRow(event.value, manifest.date1904, rowLimits, sharedStrings));
        }
        if (rows.length) yield rows;
      }
    }
  } catch (error) {
    if (error instanceof TabularError || error instanceof SpillFileError) throw error;
    throw source.first ?? corruptZip(error);
  } finally {
    // Stop the source reads first, then wait for the zip stream to wind down, so that when the
    // consumer's loop ends nothing of this read is still open.
    abort.abort();
    if (!input.closed) {
      const closed = new Promise((resolve) => input.once('close', resolve));
      input.destroy();
      await closed;
    }
    await sharedStrings.close();
  }
}
