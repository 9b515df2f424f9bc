/** The printed result: aligned tables of the figures, the goals beside them, and the checks that failed. */
import type { BenchFile, RunFigures } from './import-runs';

export interface CopyFigure {
  file: BenchFile;
  seconds: number;
}

export const GOALS = {
  insertVsCopy: 0.5,
  upsertVsCopy: 0.3,
  csvPeakBytes: 300e6,
  xlsx1mPeakBytes: 600e6,
};

const n = (x: number) => Math.round(x).toLocaleString('en');
const s = (x: number) => x.toFixed(1);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');

/** Columns padded to their widest cell; numbers right-aligned, text left-aligned. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const numeric = headers.map((_, i) => rows.every((r) => /^[-\d.,×%]+( MB| s)?$|^—$/.test(r[i])));
  const line = (cells: string[]) => cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The COPY figure a run is compared with: the CSV with the same number of rows. */
function ceilingFor(run: RunFigures, copies: CopyFigure[]): CopyFigure | undefined {
  return copies.find((c) => c.file.rows === run.file.rows);
}

function goalsOf(run: RunFigures, ratio: number | null, xlsxLargeRows: number): string {
  const goals: string[] = [];
  const min = run.mode === 'insert' ? GOALS.insertVsCopy : GOALS.upsertVsCopy;
  if (ratio !== null) goals.push(`≥ ${min.toFixed(2)}× COPY ${mark(ratio >= min)}`);
  if (run.file.label.startsWith('csv')) goals.push(`RSS < ${mb(GOALS.csvPeakBytes)} ${mark(run.peakBytes < GOALS.csvPeakBytes)}`);
  if (run.file.label.startsWith('xlsx') && run.file.rows === xlsxLargeRows) goals.push(`RSS < ${mb(GOALS.xlsx1mPeakBytes)} ${mark(run.peakBytes < GOALS.xlsx1mPeakBytes)}`);
  return goals.join(', ');
}

export function report(copies: CopyFigure[], runs: RunFigures[], xlsxLargeRows: number): string {
  const main = [
    ...copies.map((c) => [c.file.label, 'COPY', n(c.file.rows), s(c.seconds), n(c.file.rows / c.seconds), '1.00', '—', '—', 'ceiling']),
    ...runs.map((r) => {
      const copy = ceilingFor(r, copies);
      const rate = r.file.rows / r.seconds;
      const ratio = copy ? rate / (copy.file.rows / copy.seconds) : null;
      return [r.file.label, r.mode, n(r.file.rows), s(r.seconds), n(rate), ratio === null ? '—' : ratio.toFixed(2), mb(r.peakBytes), s(r.analysisSeconds), goalsOf(r, ratio, xlsxLargeRows)];
    }),
  ];
  const breakdown = runs.map((r) => [
    r.file.label,
    r.mode,
    mb(r.file.bytes),
    s(r.uploadSeconds),
    s(r.analysisSeconds),
    mb(r.analysisPeakBytes),
    s(r.writeSeconds),
    mb(r.writtenPeakBytes),
    s(r.seconds - r.writeSeconds),
    s(r.otherFormatSeconds),
    mb(r.otherFormatPeakBytes),
    n(r.progress.inserted),
    n(r.progress.updated),
    n(r.progress.failed),
  ]);
  const problems = runs.flatMap((r) => r.problems.map((p) => `  ${r.file.label} ${r.mode}: ${p}`));
  return [
    table(['file', 'mode', 'rows', 'seconds', 'rows/s', '× COPY', 'peak RSS', 'analysis s', 'goals'], main),
    '',
    'Where the time and memory go: write = started → every row processed (seen by polling every 0.2 s), result = the rest (the',
    "result file in the upload's format); other s = the first download of the other format, which makes it from the original;",
    '"peak at …" = import-service VmHWM when the job was ready, when every row was processed, after that download (at the end: above).',
    table(['file', 'mode', 'size', 'upload s', 'analysis s', 'peak at ready', 'write s', 'peak at written', 'result s', 'other s', 'peak after other', 'inserted', 'updated', 'failed'], breakdown),
    '',
    problems.length ? `Checks that failed:\n${problems.join('\n')}` : 'Checks: every run wrote every row once (counts and table size as expected), the preview found no failing rows.',
  ].join('\n');
}
