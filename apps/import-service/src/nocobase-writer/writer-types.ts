import type { ImportMode } from '@intake/contracts';
import type { RowStatus as TabularRowStatus } from '@intake/tabular';

/**
 * The shapes that travel between the parts of the NocoBase writer and its caller (the import job).
 * Per job, at plan time:
 *   checkMapping(description, mapping, mode, keyFields, { columns, targets })  → problems (errors stop the job)
 *   tableFacts.read(conn, description)                  → maxLengths for the converter
 *   workerIds.check(conn, description)                  → a warning when NocoBase uses our snowflake worker id
 *   reservations.reserve({ jobId, conn, description, rowCount })   → ReservedIds (again on redelivery: same ids)
 *   new RowConverter(description, mapping, { columns, timeZone, dateOrder, decimalSeparator, maxLengths })
 * Per batch (≤ 10,000 rows; rowIndex = the row's position in the job, stable across replays):
 *   converter.convert(sourceRow)                        → values + relation refs, or cell errors
 *   relations.resolve(conn, converter.relationPlans(targets), convertedRows, new BatchRecords(collection, ids, convertedRows))
 *                                                       → WriteRows + failed rows
 *     (targets: the description of every mapped relation's collection, belongsTo and belongsToMany;
 *     BatchRecords lets a self relation name the record an earlier row of the batch creates: the
 *     WriteRow then carries that dependency, see row-dependencies.ts)
 *   writer.writeBatch({ jobId, batchNo, conn, description, ids, mode, keyFields, rows })   → RowOutcome[]
 *     (records, then their belongsToMany link rows, journaled in job_inserts, job_changes and job_links;
 *     a row whose dependency created no record fails, naming that row)
 * To undo a finished job:
 *   rollback.rollbackJob({ jobId, conn, describe, describeLinked }) → { deleted, restored, missing, warnings }
 */

/**
 * What happens to a row whose key matches an existing record, and to one whose key matches none:
 * insert (a match fails the row), upsert, update (no match fails the row), skip-existing.
 */
export type WriteMode = ImportMode;

/** True for the modes that can create records (and therefore need reserved ids and required fields). */
export const modeInserts = (mode: WriteMode): boolean => mode !== 'update';

/**
 * Which field each spreadsheet column (0-based index) fills. A belongsTo or belongsToMany field may
 * name the related collection's field its cells hold, NocoBase's association-path style:
 * `customer.name`, `products.name`; without one, a cell may hold the related record's title field,
 * any unique field, or its id. A belongsToMany cell lists several, separated by commas.
 */
export type ColumnMapping = Readonly<Record<number, string>>;

/** A JSON array as NocoBase's multipleSelect/checkboxGroup stores it (sorted, see field-values.ts). */
export type JsonArray = readonly (string | number | boolean)[];

/**
 * A value ready for a column: string (also exact decimals and bigints beyond 2^53), number, boolean,
 * Date (an instant, for timestamptz), a JSON array (jsonb), or null.
 */
export type DbValue = string | number | boolean | Date | JsonArray | null;

/** One cell that could not be converted; `message` names the row, the column and the field. */
export interface CellError {
  field: string;
  /** 0-based column index; -1 for a problem of the whole row. */
  column: number;
  message: string;
}

/**
 * A relation value waiting for RelationResolver: `text` is what a belongsTo cell holds, or one item
 * of a belongsToMany cell (such a cell gives one ref per item).
 */
export interface RelationRef {
  field: string;
  column: number;
  text: string;
  /** "row 12, column D 'Customer'": the start of any message about this cell. */
  where: string;
}

/** A converted row before its relations are resolved. */
export interface ConvertedRow {
  rowNumber: number;
  rowIndex: number;
  values: Record<string, DbValue>;
  refs: RelationRef[];
}

/**
 * A row for NocoBaseBatchWriter: every value keyed by field name, relations already ids. A
 * belongsToMany field's value is the list of its related records' target keys (as text): the
 * record's complete set of links for that field, empty for none.
 */
export interface WriteRow {
  /** The row number the user sees (for messages and the result file). */
  rowNumber: number;
  /** 0-based position of the row in the whole job; it selects the row's reserved id, so it must never change. */
  rowIndex: number;
  values: Record<string, DbValue>;
  /** Relation values that name the record an earlier row of the same batch creates; the writer checks that row did. */
  dependsOn?: RowDependency[];
}

/**
 * A relation value resolved to the record an earlier row of the same batch creates (NocoBase's own
 * importer, row by row, finds such records too): the row's value for `field` holds `key` until the
 * writer knows what that row did.
 */
export interface RowDependency {
  field: string;
  /** The row that creates the record. */
  rowIndex: number;
  rowNumber: number;
  /** What the row's value holds for it: that row's reserved id, or its value of the relation's target key. */
  key: string;
  /** `key` is the reserved id (the relation links by primary key): if that row updates a record instead, the link goes to that record. */
  byId: boolean;
  /** The cell and its text, for messages. */
  where: string;
  text: string;
}

/** As the result file marks a row. */
export type RowStatus = TabularRowStatus;

export interface RowOutcome {
  rowNumber: number;
  status: RowStatus;
  error?: string;
  /** The record written or matched (as text: ids may pass 2^53 in legacy tables). */
  recordId?: string;
}

/** A row that failed before it reached the writer (conversion or relation lookup). */
export interface FailedRow {
  rowNumber: number;
  rowIndex: number;
  errors: CellError[];
}
