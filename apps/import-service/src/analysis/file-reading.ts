import type { ImportPlan } from '@intake/contracts';
import { type ColumnProfile, ColumnProfiler, type TableSource } from '@intake/tabular';
import type { AnalysisWatch } from './analysis-watch';

/** Rows of each sheet the proposal's reading of dates and numbers is taken from, and how many sheets. */
const SAMPLE_ROWS = 2000;
const SAMPLE_SHEETS = 20;

/** How a file writes dates and decimals, as a plan says it. */
export type Reading = Pick<ImportPlan, 'date_order' | 'decimal_mark'>;

/**
 * The reading the file's columns show: month-first when more dated columns tell it (12/31/2024)
 * than day-first; a decimal comma or point when every decimal column uses it. Columns that disagree
 * leave numbers read cell by cell (point first): one mark for all would read the others' 0.125 as 125.
 * Where no column tells (no unambiguous date, no decimal), `earlier`'s reading stands: the plan of
 * the import a result file came from.
 */
export function proposeReading(profiles: readonly ColumnProfile[], earlier?: Reading): Reading {
  const dated = profiles.filter((p) => (p.type === 'date' || p.type === 'datetime') && (p.dateOrder === 'DMY' || p.dateOrder === 'MDY') && !p.ambiguousDates);
  const monthFirst = dated.filter((p) => p.dateOrder === 'MDY').length;
  const decimals = profiles.filter((p) => p.type === 'decimal' && p.decimalSeparator);
  const commas = decimals.filter((p) => p.decimalSeparator === ',').length;
  const points = decimals.length - commas;
  const dateOrder = dated.length ? (monthFirst > dated.length - monthFirst ? 'month-first' : 'day-first') : (earlier?.date_order ?? 'day-first');
  const mark = !decimals.length ? earlier?.decimal_mark : commas === 0 || points === 0 ? (commas ? ',' : '.') : undefined;
  return { date_order: dateOrder, ...(mark ? { decimal_mark: mark } : {}) };
}

/**
 * The columns of the first rows of each sheet, read before the pass that checks every row: that pass
 * then reads 03/04/2024 and 1.299 as the proposal will (proposeReading), so what it says fails is
 * what the run fails.
 */
export async function sampleProfiles(source: TableSource, watch?: Pick<AnalysisWatch, 'check'>): Promise<ColumnProfile[]> {
  const profiles: ColumnProfile[] = [];
  for (const sheet of source.sheets.slice(0, SAMPLE_SHEETS)) {
    const table = await source.read(sheet.name);
    try {
      const profilers = table.columns.map(() => new ColumnProfiler());
      let rows = 0;
      for await (const row of table.rows) {
        for (let i = 0; i < profilers.length; i++) profilers[i].add(row.values[i]);
        if (++rows >= SAMPLE_ROWS) break;
        // A cancel or the time limit ends the first look too (checks the job at most once a second).
        if (rows % 256 === 0) await watch?.check();
      }
      profiles.push(...profilers.map((p) => p.result()));
    } finally {
      await table.close();
    }
  }
  return profiles;
}
