import type { CellValue, ColumnInfo, SourceRow } from '@intake/tabular';
import { columnLetter } from '@intake/tabular';
import { BatchRecords } from '../batch-records';
import { RowConverter } from '../row-converter';
import type { ColumnMapping, ConvertedRow, FailedRow, RowOutcome, WriteMode } from '../writer-types';
import type { ReservedIds } from '../reserved-ids';
import type { WriterStack } from './writer-fixture';

export interface SheetRows {
  headers: string[];
  /** Data rows; row numbers start at 2 (row 1 is the header), as in Excel. */
  rows: CellValue[][];
  /** Row number of the first data row (default 2). */
  firstRowNumber?: number;
  /** 0-based job position of the first row (default 0). */
  firstRowIndex?: number;
}

export interface ImportRowsRequest {
  jobId: string;
  batchNo?: number;
  collection: string;
  mapping: ColumnMapping;
  mode: WriteMode;
  keyFields?: string[];
  /** As the plan's `empty_cells`; the writer tests mostly check that an empty cell clears. */
  emptyCells?: 'keep' | 'clear';
  ids: ReservedIds | null;
  sheet: SheetRows;
}

export function columnsOf(headers: string[]): ColumnInfo[] {
  return headers.map((name, index) => ({ index, letter: columnLetter(index), name, generated: false }));
}

/**
 * One batch through the whole per-batch pipeline a job runs — convert, resolve relations (a row may
 * name the record an earlier row of the batch creates, as in a job), write —
 * with every row's outcome in row order (conversion and relation failures included).
 */
export async function importRows(stack: WriterStack, request: ImportRowsRequest): Promise<RowOutcome[]> {
  const description = await stack.describe(request.collection);
  const facts = await stack.facts.read(stack.conn, description);
  const converter = new RowConverter(description, request.mapping, { columns: columnsOf(request.sheet.headers), maxLengths: facts.maxLengths });
  const targets = Object.fromEntries(
    await Promise.all(
      description.fields.filter((f) => f.relation && converter.fields.includes(f.name)).map(async (f) => [f.relation?.target as string, await stack.describe(f.relation?.target as string)] as const),
    ),
  );
  const failed: FailedRow[] = [];
  const converted: ConvertedRow[] = [];
  request.sheet.rows.forEach((values, i) => {
    const source: SourceRow = { rowNumber: (request.sheet.firstRowNumber ?? 2) + i, values };
    const rowIndex = (request.sheet.firstRowIndex ?? 0) + i;
    const result = converter.convert(source);
    if (result.ok) converted.push({ rowNumber: source.rowNumber, rowIndex, values: result.values, refs: result.refs });
    else failed.push({ rowNumber: source.rowNumber, rowIndex, errors: result.errors });
  });
  const sameImport = request.ids ? new BatchRecords(description.name, request.ids, converted) : null;
  const resolved = await stack.relations.resolve(stack.conn, converter.relationPlans(targets), converted, sameImport);
  failed.push(...resolved.failed);
  const written = await stack.writer.writeBatch({
    jobId: request.jobId,
    batchNo: request.batchNo ?? 1,
    conn: stack.conn,
    description,
    ids: request.ids,
    mode: request.mode,
    keyFields: request.keyFields ?? [],
    emptyCells: request.emptyCells ?? 'clear',
    rows: resolved.rows,
  });
  const outcomes = [...written, ...failed.map((f): RowOutcome => ({ rowNumber: f.rowNumber, status: 'failed', error: f.errors.map((e) => e.message).join('; ') }))];
  return outcomes.sort((a, b) => a.rowNumber - b.rowNumber);
}
