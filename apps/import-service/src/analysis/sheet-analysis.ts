import type { ImportPreview } from '@intake/contracts';
import { type CellValue, ColumnProfiler, type SheetTable, type SourceRow } from '@intake/tabular';
import type { ResolvedRows } from '../nocobase-writer/relation-resolver';
import type { RowConverter } from '../nocobase-writer/row-converter';
import type { CellError, ConvertedRow } from '../nocobase-writer/writer-types';
import type { AnalysisWatch } from './analysis-watch';
import type { EarlierRecords } from './earlier-records';
import type { KeyMatchCheck } from './key-matches';
import type { UniqueValueCheck } from './unique-values';
import { type SuggestValues, type UnresolvedColumn, UnresolvedTally } from './unresolved-tally';

type SheetPreview = ImportPreview['sheets'][number];

const SAMPLE_ROWS = 10;
const MAX_PROBLEMS = 20;
const FIRST_ERRORS = 3;
const CHECK_BATCH = 2000;

/** The validation half of the pass: the proposed mapping's converter, and relation lookups. */
export interface SheetValidation {
  converter: RowConverter;
  /** What checkMapping says of the proposed mapping, shown first among the sheet's problems. */
  mappingProblems: string[];
  /** Looks the batch's relation cells up in the target (one query per relation per batch), and in `earlier`. */
  resolve(rows: ConvertedRow[]): Promise<ResolvedRows>;
  /** The records earlier rows of the file create, for relations to the sheet's own collection: fed every row that converts. */
  earlier: EarlierRecords | null;
  /** Existing values like the ones no record has, after the pass (one query per relation column). */
  suggest: SuggestValues;
  /** The values of unique columns already in the collection or repeated in the file: fed every row that converts. */
  uniques?: UniqueValueCheck;
  /** What the saved plan's key fields find: fed every row that converts. */
  keys?: KeyMatchCheck;
}

export function jsonCell(value: CellValue): string | number | boolean | null {
  return value instanceof Date ? value.toISOString() : value;
}

/** A preview shows the start of a long text: ten rows of 40 columns of 5,000 characters would not fit in one answer. */
const SAMPLE_CELL_CHARS = 200;

function sampleCell(value: CellValue): string | number | boolean | null {
  const cell = jsonCell(value);
  return typeof cell === 'string' && cell.length > SAMPLE_CELL_CHARS ? `${[...cell.slice(0, SAMPLE_CELL_CHARS + 1)].slice(0, SAMPLE_CELL_CHARS).join('')}…` : cell;
}

/**
 * One streaming pass over a sheet: column profiles, sample rows and the row problems under the
 * proposed `mapping` (column letter → field, known from the header before the rows), so even a
 * million-row file is read once for its preview. `notes` come first among the sheet's problems;
 * `watch` may end the pass between rows (a cancel, the time limit).
 */
export async function analyseSheet(
  table: SheetTable,
  collection: string | null,
  mapping: Record<string, string | null>,
  validation: SheetValidation | null = null,
  notes: string[] = [],
  watch?: Pick<AnalysisWatch, 'tick' | 'check'>,
): Promise<SheetPreview> {
  const profilers = table.columns.map(() => new ColumnProfiler());
  const samples: (string | number | boolean | null)[][] = [];
  const problems: string[] = [...notes, ...(validation?.mappingProblems ?? [])];
  const errors = table.columns.map(() => ({ count: 0, first: [] as { row: number; message: string }[] }));
  // A row fails once, with every problem of its cells: converting and looking up its relations.
  let failingRows = 0;
  const note = (rowNumber: number, cellErrors: CellError[]) => {
    failingRows++;
    for (const error of cellErrors) {
      const column = errors[error.column];
      if (!column) {
        if (problems.length < MAX_PROBLEMS) problems.push(error.message);
        continue;
      }
      column.count++;
      // Rows with relation cells are noted a check later than the rows after them: keep the first rows, not the first noted.
      if (column.first.length < FIRST_ERRORS || rowNumber < column.first[FIRST_ERRORS - 1].row) {
        column.first.push({ row: rowNumber, message: error.message });
        column.first.sort((a, b) => a.row - b.row);
        column.first.length = Math.min(column.first.length, FIRST_ERRORS);
      }
    }
  };
  const unresolved = new UnresolvedTally();
  // Rows with relation cells, with the problems their other cells already have: noted once, all together.
  let pending: { row: ConvertedRow; errors: CellError[] }[] = [];
  const check = async () => {
    if (validation && pending.length) {
      const { rows: resolved, failed, missing } = await validation.resolve(pending.map((p) => p.row));
      const relationErrors = new Map(failed.map((f) => [f.rowNumber, f.errors]));
      for (const { row, errors } of pending) {
        const all = [...errors, ...(relationErrors.get(row.rowNumber) ?? [])];
        if (all.length) note(row.rowNumber, all);
      }
      const failing = new Set(relationErrors.keys());
      validation.uniques?.drop(failing);
      validation.keys?.drop(failing);
      validation.keys?.resolved(resolved);
      for (const ref of missing) unresolved.add(ref);
    }
    pending = [];
  };
  let rows = 0;
  for await (const row of table.rows) {
    const looking = watch?.tick();
    if (looking) await looking;
    rows++;
    for (let i = 0; i < profilers.length; i++) profilers[i].add(row.values[i]);
    if (samples.length < SAMPLE_ROWS) samples.push(row.values.map(sampleCell));
    if (validation) {
      const converted = validation.converter.convert(row);
      const done = { rowNumber: row.rowNumber, rowIndex: rows - 1, values: converted.ok ? converted.values : {}, refs: converted.refs };
      if (converted.ok) {
        validation.earlier?.add(done);
        validation.uniques?.add(done);
        validation.keys?.add(done);
      }
      if (done.refs.length) pending.push({ row: done, errors: converted.ok ? [] : converted.errors });
      else if (!converted.ok) note(row.rowNumber, converted.errors);
      if (pending.length >= CHECK_BATCH) await check();
      // Unique values and keys of rows whose lookups are still to come wait for them.
      if (validation.uniques?.due) await validation.uniques.check(pending[0]?.row.rowNumber);
      if (validation.keys?.due) await validation.keys.check(pending[0]?.row.rowNumber);
    } else if (row.problems?.length) {
      failingRows++;
      noteProblems(row, problems);
    }
  }
  await check();
  await validation?.uniques?.check();
  await validation?.keys?.check();
  await validation?.keys?.findLike();
  await watch?.check();
  const earlier = validation?.earlier;
  if (earlier?.uncheckedFields.length && problems.length < MAX_PROBLEMS) {
    problems.push(
      `${earlier.uncheckedFields.join(', ')}: rows of this file create more than ${earlier.capacity.toLocaleString('en')} distinct values; those past them were not checked, so some values no record has may not be listed`,
    );
  }
  const listed = validation ? await unresolved.listed(validation.suggest) : new Map<number, UnresolvedColumn>();
  return {
    name: table.sheet.name,
    rows,
    columns: table.columns.map((column, i) => {
      const profile = profilers[i].result();
      return {
        index: column.index,
        letter: column.letter,
        name: column.name,
        inferred_type: profile.type,
        nullable: profile.nullable,
        samples: profile.samples,
        disagreeing: profile.disagreeing,
        note: columnNote(profile),
        proposed_field: mapping[column.letter] ?? null,
        error_count: errors[i].count,
        first_errors: errors[i].first,
        unresolved: listed.get(column.index)?.unresolved ?? [],
        unresolved_more: listed.get(column.index)?.unresolved_more ?? 0,
        unique_values: validation?.uniques?.of(column.index) ?? null,
      };
    }),
    sample_rows: samples,
    proposed_collection: collection,
    failing_rows: failingRows,
    problems,
    key_matches: validation?.keys?.result() ?? null,
  };
}

/** What most of a column's values are, as a note says it: "1 value doesn't look like an email address". */
const LOOKS_LIKE: Partial<Record<string, string>> = {
  boolean: 'yes or no',
  integer: 'a whole number',
  decimal: 'a number',
  date: 'a date',
  datetime: 'a date and time',
  email: 'an email address',
};

export function columnNote(profile: ReturnType<ColumnProfiler['result']>): string | null {
  const notes: string[] = [];
  if (profile.ambiguousDates) notes.push(`dates like ${profile.ambiguousSample ?? '01/02/2024'} read either way; day-first assumed`);
  if (profile.disagreeing) {
    const one = profile.disagreeing === 1;
    notes.push(`${profile.disagreeing} ${one ? "value doesn't" : "values don't"} look like ${LOOKS_LIKE[profile.type] ?? profile.type}: ${profile.disagreeingSamples.slice(0, 3).map((s) => `'${s}'`).join(', ')}`);
  }
  if (profile.dateFormat) notes.push(`written as ${profile.dateFormat}`);
  return notes.length ? notes.join('; ') : null;
}

function noteProblems(row: SourceRow, problems: string[]): void {
  // Messages already name the row (and the sheet).
  for (const problem of row.problems ?? []) if (problems.length < MAX_PROBLEMS) problems.push(problem.message);
}
