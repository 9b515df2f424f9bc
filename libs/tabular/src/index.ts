/**
 * @intake/tabular — reads spreadsheets for the import pipeline (ARCHITECTURE.md §6), without Nest
 * or a database. Everything streams: memory stays flat however many rows a file has (XLSX keeps
 * its shared-strings table as UTF-8 bytes, spilled to a temp file past 32 MiB, and bounded by
 * `limits.maxSharedStringsBytes`).
 *
 *   const source = await openTable(() => storage.get(key));        // format from magic bytes
 *   const sheet = await source.read(source.sheets[0].name);         // header known here
 *   const profilers = sheet.columns.map(() => new ColumnProfiler());
 *   for await (const row of sheet.rows) row.values.forEach((v, i) => profilers[i].add(v));
 *   const profile = profilers[0].result();                          // { type: 'date', dateOrder: 'DMY', … }
 *   coerce(row.values[0], { type: 'date' }, { dateOrder: profile.dateOrder });
 *   const out = createResultWriter('xlsx', upload, sheet.headers);  // + _status, _error
 *
 * File-level problems throw TabularError (with a code); row-level ones arrive in SourceRow.problems;
 * cell-level ones are returned by `coerce`.
 */

// Opening and reading files
export { openTable, type OpenTableOptions } from './open-table';
export { detectFormat, FORMAT_HEAD_BYTES, type DetectedFormat } from './detect-format';
export type {
  CellValue,
  ColumnInfo,
  CsvDialect,
  OpenStream,
  ReadOptions,
  RowProblem,
  RowProblemCode,
  SheetInfo,
  SheetTable,
  SourceRow,
  TableSource,
} from './table-types';
export { DEFAULT_LIMITS, type TableLimits } from './table-limits';
export { TabularError, isTabularError, type TabularErrorCode, type TabularErrorDetails } from './tabular-error';
export { columnLetter } from './table/column-letter';

// Type inference
export { ColumnProfiler } from './infer/column-profiler';
export type { ColumnProfile, InferredType, ProfilerOptions } from './infer/column-profile';
export type { DateOrder } from './infer/date-text';
export type { DecimalSeparator } from './infer/number-text';

// Coercion
export { coerce } from './coerce/coerce';
export {
  INTEGER_RANGES,
  type CoercedValue,
  type CoerceOptions,
  type CoerceResult,
  type SelectOption,
  type TargetKind,
  type TargetType,
} from './coerce/target-type';

// Result files
export { createResultWriter } from './write/result-writer';
export { createTableWriter, type TableWriter, type TableWriterOptions } from './write/table-writer';
export { RESULT_COLUMNS, type ResultOutcome, type ResultWriter, type ResultWriterOptions, type RowStatus } from './write/result-row';
export { escapeFormula } from './write/formula-escape';
export { type EntryOptions, StreamingZip } from './write/streaming-zip';
