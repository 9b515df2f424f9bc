import type { CollectionDescription, ImportPreview } from '@intake/contracts';
import { type CellValue, ColumnProfiler, type SheetTable } from '@intake/tabular';
import { proposeMapping } from './collection-proposal';

type SheetPreview = ImportPreview['sheets'][number];

const SAMPLE_ROWS = 10;
const MAX_PROBLEMS = 20;

export function jsonCell(value: CellValue): string | number | boolean | null {
  return value instanceof Date ? value.toISOString() : value;
}

/**
 * One streaming pass over a sheet: column profiles, sample rows, row problems and the proposed
 * mapping onto `description` (known before the rows, from the header), so even a million-row file
 * is read once for its preview.
 */
export async function analyseSheet(table: SheetTable, collection: string | null, description: CollectionDescription | null): Promise<SheetPreview> {
  const mapping = proposeMapping(table.columns, description);
  const profilers = table.columns.map(() => new ColumnProfiler());
  const samples: (string | number | boolean | null)[][] = [];
  const problems: string[] = [];
  let rows = 0;
  let failingRows = 0;
  for await (const row of table.rows) {
    rows++;
    for (let i = 0; i < profilers.length; i++) profilers[i].add(row.values[i]);
    if (samples.length < SAMPLE_ROWS) samples.push(row.values.map(jsonCell));
    if (row.problems?.length) {
      failingRows++;
      for (const problem of row.problems) if (problems.length < MAX_PROBLEMS) problems.push(`row ${row.rowNumber}: ${problem.message}`);
    }
  }
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
        note: noteOf(profile),
        proposed_field: mapping[column.letter] ?? null,
        error_count: 0,
        first_errors: [],
      };
    }),
    sample_rows: samples,
    proposed_collection: collection,
    failing_rows: failingRows,
    problems,
  };
}

function noteOf(profile: ReturnType<ColumnProfiler['result']>): string | null {
  const notes: string[] = [];
  if (profile.ambiguousDates) notes.push(`dates like ${profile.samples[0] ?? '01/02/2024'} read either way; day-first assumed`);
  if (profile.disagreeing) notes.push(`${profile.disagreeing} value(s) do not look ${profile.type}: ${profile.disagreeingSamples.slice(0, 3).map((s) => `'${s}'`).join(', ')}`);
  if (profile.dateFormat) notes.push(`written as ${profile.dateFormat}`);
  return notes.length ? notes.join('; ') : null;
}
