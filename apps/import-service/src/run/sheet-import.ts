import type { CollectionDescription, ImportPlan, ImportProgress } from '@intake/contracts';
import type { SheetTable, SourceRow } from '@intake/tabular';
import type { NocoBaseConnection } from '../targets/nocobase-target';
import { BatchRecords } from '../nocobase-writer/batch-records';
import type { ReservedIds } from '../nocobase-writer/reserved-ids';
import type { RelationPlan, RowConverter } from '../nocobase-writer/row-converter';
import type { SameImportRecords } from '../nocobase-writer/same-import-records';
import type { CellError, ConvertedRow, FailedRow, RowOutcome, WriteRow } from '../nocobase-writer/writer-types';
import type { StoredOutcome } from './job-batches.repository';

export const BATCH_ROWS = 10_000;

/** Everything one sheet's run needs, prepared by JobRunner. */
export interface SheetImport {
  jobId: string;
  sheetIndex: number;
  /** Position of the sheet's first row among all the job's rows (for reserved ids). */
  rowOffset: number;
  table: SheetTable;
  description: CollectionDescription;
  converter: RowConverter;
  relations: RelationPlan[];
  conn: NocoBaseConnection;
  ids: ReservedIds | null;
  plan: ImportPlan;
  /** The sheet's own key fields, or the plan's. */
  keyFields: string[];
  /** How messages name a row of the job by its position (rowNamer). */
  rowName: RowName;
}

export type RowName = (rowIndex: number, rowNumber: number) => string;

/**
 * Names a row of the job, for messages about a clash with it: a row of another sheet by that sheet,
 * so "already written by row 3" never reads as the row itself when two sheets go into one collection.
 */
export function rowNamer(sheets: readonly { name: string; rows: number }[], current: string): RowName {
  return (rowIndex, rowNumber) => {
    let offset = 0;
    const sheet = sheets.find((s) => rowIndex < (offset += s.rows));
    return sheet && sheet.name !== current ? `row ${rowNumber} of sheet '${sheet.name}'` : `row ${rowNumber} of this import`;
  };
}

export interface BatchPorts {
  /** `sameImport`: the records the batch's rows create, which its rows may name (null when the job creates none). */
  resolve(conn: NocoBaseConnection, plans: RelationPlan[], rows: ConvertedRow[], sameImport: SameImportRecords | null): Promise<{ rows: WriteRow[]; failed: FailedRow[] }>;
  write(sheet: SheetImport, batchNo: number, rows: WriteRow[]): Promise<RowOutcome[]>;
}

/** A batch converted (CPU only) and waiting for its turn to be resolved and written. */
export interface ConvertedBatch {
  rows: SourceRow[];
  converted: ConvertedRow[];
  /** Rows that failed conversion, by row number. */
  failed: Map<number, StoredOutcome>;
  /** Rows that failed conversion but have relation cells: looked up too, never written, so their message names every problem. */
  checkOnly: { row: ConvertedRow; errors: CellError[] }[];
}

/** Converts one batch's cells; done while the batch before it is still being written. */
export function convertBatch(sheet: SheetImport, firstRow: number, rows: SourceRow[]): ConvertedBatch {
  const failed = new Map<number, StoredOutcome>();
  const converted: ConvertedRow[] = [];
  const checkOnly: ConvertedBatch['checkOnly'] = [];
  rows.forEach((row, i) => {
    const result = sheet.converter.convert(row);
    const rowIndex = sheet.rowOffset + firstRow + i;
    if (result.ok) converted.push({ rowNumber: row.rowNumber, rowIndex, values: result.values, refs: result.refs });
    else if (result.refs.length) checkOnly.push({ row: { rowNumber: row.rowNumber, rowIndex, values: {}, refs: result.refs }, errors: result.errors });
    else failed.set(row.rowNumber, failure(result.errors));
  });
  return { rows, converted, failed, checkOnly };
}

/** Resolves and writes a converted batch; returns one outcome per source row, in order. */
export async function writeBatch(sheet: SheetImport, ports: BatchPorts, batchNo: number, batch: ConvertedBatch): Promise<StoredOutcome[]> {
  const outcomes = batch.failed;
  const sameImport = sheet.ids ? new BatchRecords(sheet.description.name, sheet.ids, batch.converted) : null;
  const checked = batch.checkOnly.map((c) => c.row);
  const resolved = await ports.resolve(sheet.conn, sheet.relations, checked.length ? [...batch.converted, ...checked] : batch.converted, sameImport);
  const relationErrors = new Map(resolved.failed.map((f) => [f.rowNumber, f.errors]));
  for (const { row, errors } of batch.checkOnly) outcomes.set(row.rowNumber, failure([...errors, ...(relationErrors.get(row.rowNumber) ?? [])]));
  const checkOnly = new Set(checked.map((r) => r.rowNumber));
  for (const failed of resolved.failed) if (!checkOnly.has(failed.rowNumber)) outcomes.set(failed.rowNumber, failure(failed.errors));
  const rows = checked.length ? resolved.rows.filter((r) => !checkOnly.has(r.rowNumber)) : resolved.rows;
  for (const written of await ports.write(sheet, batchNo, rows)) {
    outcomes.set(written.rowNumber, written.error ? [written.status, written.error] : [written.status]);
  }
  // A failed row keeps its row number: the page lists failures without reading the file again.
  return batch.rows.map((row) => {
    const [status, error] = outcomes.get(row.rowNumber) ?? ['failed', `row ${row.rowNumber}: not written`];
    return status === 'failed' ? [status, error, row.rowNumber] : error ? [status, error] : [status];
  });
}

/** A failed row's outcome: its problems in column order. */
function failure(errors: readonly CellError[]): StoredOutcome {
  return ['failed', [...errors].sort((a, b) => a.column - b.column).map((e) => e.message).join('; ')];
}

export function countOutcomes(progress: ImportProgress, outcomes: StoredOutcome[]): ImportProgress {
  const next = { ...progress, rows_processed: progress.rows_processed + outcomes.length };
  // A job started before `unchanged` was counted has none in its stored progress.
  for (const [status] of outcomes) next[status] = (next[status] ?? 0) + 1;
  return next;
}
