/** The printed result: one aligned table row per case and run, with the goal beside it, and the failures. */
import type { BareFigures } from './bare-parse';
import type { ParallelBareFigures } from './bare-threads';
import type { PipelineFigures } from './pipeline-run';

/** Pipeline pages/s ÷ bare pdf-parse pages/s. */
export const RATIO_GOAL = 0.7;

export interface CaseFigures {
  label: string;
  run: number;
  pages: number;
  documents: number;
  pipeline: PipelineFigures;
  bare: BareFigures;
  /** The same baseline in one thread per core, all at once. */
  bareAtOnce: ParallelBareFigures;
}

const s = (x: number) => x.toFixed(2);
const rate = (x: number) => x.toFixed(1);
const mb = (bytes: number | null) => (bytes === null ? '—' : `${(bytes / 1e6).toFixed(0)} MB`);
const peak = (p: PipelineFigures) => mb(p.peakBytes) + (p.peakIsThisCase || p.peakBytes === null ? '' : ' (lifetime)');
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Columns padded to their widest cell; numbers right-aligned, text left-aligned. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const numeric = headers.map((_, i) => rows.every((r) => /^[-\d.,×%]+( MB| s)?$|^—$/.test(r[i])));
  const line = (cells: string[]) => cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export const pipelineRate = (c: CaseFigures) => c.pages / c.pipeline.seconds;
export const bareRate = (c: CaseFigures) => c.bare.pages / c.bare.seconds;
export const atOnceRate = (c: CaseFigures) => c.bareAtOnce.pages / c.bareAtOnce.seconds;
const ratio = (c: CaseFigures) => pipelineRate(c) / bareRate(c);
const goal = (r: number) => `≥ ${RATIO_GOAL} ${r >= RATIO_GOAL ? 'met' : 'missed'}`;
const docsRate = (c: CaseFigures) => (c.documents > 1 ? rate(c.documents / c.pipeline.seconds) : '—');

function row(c: CaseFigures, run: string): string[] {
  const r = ratio(c);
  return [c.label, run, String(c.pages), s(c.pipeline.seconds), rate(pipelineRate(c)), rate(bareRate(c)), s(r), goal(r), docsRate(c), s(c.pipeline.uploadSeconds), s(c.pipeline.firstSeconds), peak(c.pipeline)];
}

function medianRows(cases: CaseFigures[]): string[][] {
  const labels = [...new Set(cases.map((c) => c.label))];
  return labels.map((label) => {
    const of = cases.filter((c) => c.label === label);
    const ratios = of.map(ratio);
    const r = median(ratios);
    const docs = of[0].documents;
    return [label, 'median', String(of[0].pages), s(median(of.map((c) => c.pipeline.seconds))), rate(median(of.map(pipelineRate))), rate(median(of.map(bareRate))), s(r), goal(r), docs > 1 ? rate(median(of.map((c) => docs / c.pipeline.seconds))) : '—', '—', '—', mb(Math.max(...of.map((c) => c.pipeline.peakBytes ?? 0)))];
  });
}

export function report(cases: CaseFigures[], runs: number): string {
  const headers = ['case', 'run', 'pages', 'seconds', 'pages/s pipeline', 'pages/s bare pdf-parse', 'ratio', 'goal', 'documents/s', 'upload s', 'first done s', 'doc-service peak RSS'];
  const rows = [...cases.map((c) => row(c, String(c.run))), ...(runs > 1 ? medianRows(cases) : [])];
  const failures = cases.flatMap((c) => c.pipeline.failed.map((d) => `  ${c.label} run ${c.run}: ${d.file_name} ${d.status} ${d.failure ? `${d.failure.kind}: ${d.failure.reason}` : ''}`));
  const lost = cases.filter((c) => c.pipeline.pages !== c.pages || c.bare.pages !== c.pages);
  return [
    table(headers, rows),
    '',
    failures.length ? `Documents that did not end done:\n${failures.join('\n')}` : `Every document ended done (${cases.reduce((sum, c) => sum + c.documents, 0)} documents).`,
    ...lost.map((c) => `  ${c.label} run ${c.run}: ${c.pages} pages sent, the pipeline read ${c.pipeline.pages}, bare pdf-parse ${c.bare.pages}`),
  ].join('\n');
}

/**
 * CPU milliseconds per document by process, medians over the runs: where a document's cost goes.
 * PostgreSQL counts every backend on the machine, the bench itself polls and uploads.
 */
export function cpuReport(cases: CaseFigures[]): string {
  const labels = [...new Set(cases.map((c) => c.label))];
  const groups = Object.keys(cases[0]?.pipeline.cpu ?? {});
  if (!groups.length) return '';
  const perDoc = (c: CaseFigures, seconds: number) => (seconds * 1000) / c.documents;
  const rows = labels.map((label) => {
    const of = cases.filter((c) => c.label === label);
    const cells = groups.map((g) => perDoc(of[0], median(of.map((c) => c.pipeline.cpu[g]))));
    const total = median(of.map((c) => groups.reduce((sum, g) => sum + c.pipeline.cpu[g], 0)));
    const wall = median(of.map((c) => c.pipeline.seconds));
    return [label, ...cells.map((ms) => ms.toFixed(1)), perDoc(of[0], total).toFixed(1), perDoc(of[0], wall).toFixed(1)];
  });
  return table(['CPU ms per document', ...groups, 'all', 'wall ms per document'], rows);
}

/**
 * The best ratio this machine allows: everything (client, gateway, services, NATS, PostgreSQL) runs on
 * its cores, so the pipeline cannot finish a case faster than its CPU time ÷ cores, while the bare
 * parse runs on one core with the others free for its compiler and collector threads. Beside it,
 * what the cores give when all of them read (`bareAtOnce` ÷ bare) and, when `readerGroup` names the
 * pipeline's reading thread, how its CPU time compares with the bare parse of the same files.
 */
export function ceilingReport(cases: CaseFigures[], cores: number, readerGroup?: string): string {
  const cpu = (c: CaseFigures) => Object.values(c.pipeline.cpu).reduce((sum, seconds) => sum + seconds, 0);
  const labels = [...new Set(cases.map((c) => c.label))];
  const threads = cases[0]?.bareAtOnce.threads ?? cores;
  const reader = readerGroup && cases.every((c) => readerGroup in c.pipeline.cpu) ? readerGroup : null;
  const rows = labels.flatMap((label) => {
    const of = cases.filter((c) => c.label === label && cpu(c) > 0);
    if (!of.length) return [];
    const ceiling = median(of.map((c) => (cores * c.bare.seconds) / cpu(c)));
    const reached = median(of.map(ratio));
    const atOnce = `${s(median(of.map((c) => atOnceRate(c) / bareRate(c))))}×`;
    const readerCells = reader ? [`${s(median(of.map((c) => c.pipeline.cpu[reader] / c.bare.seconds)))}×`] : [];
    return [[label, s(median(of.map((c) => c.bare.seconds))), atOnce, ...readerCells, s(median(of.map(cpu))), s(ceiling), s(reached), `${Math.round((100 * reached) / ceiling)}%`, `≥ ${RATIO_GOAL} ${ceiling >= RATIO_GOAL ? 'within reach' : 'out of reach'}`]];
  });
  if (!rows.length) return '';
  const headers = ['ceiling (medians)', 'bare s', `bare ×${threads} at once ÷ one`, ...(reader ? ['reader CPU ÷ bare s'] : []), 'pipeline CPU s', `ceiling = ${cores} × bare s ÷ CPU s`, 'ratio', 'of the ceiling', 'goal'];
  return table(headers, rows);
}
