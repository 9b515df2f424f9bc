/**
 * One measured import: a fresh import-service process (so its peak RSS is this job's alone), the
 * upload and analysis, the plan, the run, and the figures read from the job and from /proc.
 */
import type { ImportJob, ImportMode } from '@intake/contracts';
import type { TestSuite } from '@intake/testing';
import { readFileSync } from 'node:fs';
import { FIELD_NAMES } from './bench-data';
import { type BenchDatabase, COLLECTION } from './bench-database';
import type { IntakeClient } from './intake-client';
import type { PgActivitySampler } from './pg-activity';

export interface BenchFile {
  label: string;
  path: string;
  /** The name uploaded: the collection's, so the analysis proposes it. */
  uploadName: string;
  /** The sheet name the analysis gives it: the file's base name for a CSV, the worksheet's for an XLSX. */
  sheet: string;
  rows: number;
  bytes: number;
}

export interface RunFigures {
  file: BenchFile;
  mode: ImportMode;
  /** Job started_at → finished_at. */
  seconds: number;
  /** started_at → the first poll that saw every row processed; the rest is the result file. */
  writeSeconds: number;
  uploadSeconds: number;
  /** Upload answered → status ready (the analysis reads and validates every row). */
  analysisSeconds: number;
  /** The first download of the result in the other format than the upload's, which makes that file. */
  otherFormatSeconds: number;
  /** import-service VmHWM after that download. */
  otherFormatPeakBytes: number;
  /** import-service VmHWM when the job became ready, when every row was processed, and when it finished. */
  analysisPeakBytes: number;
  writtenPeakBytes: number;
  peakBytes: number;
  progress: ImportJob['progress'];
  /** The import-service process that ran it. */
  pid: number;
  /** With --pg-sample: what PostgreSQL was executing from start to completed. */
  pgActivity: string | null;
  /** Rows in the collection afterwards, and what the mode should have produced. */
  tableRows: number;
  problems: string[];
}

export interface RunContext {
  suite: TestSuite;
  client: IntakeClient;
  db: BenchDatabase;
  targetId: string;
  /** Upper bound for one phase (analysis, run). */
  timeoutMs: number;
  sampler: PgActivitySampler | null;
}

/** The process's peak resident set (VmHWM) so far, in bytes. */
export function peakRss(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmHWM for pid ${pid}`);
  return Number(match[1]) * 1024;
}

async function freshImportService(suite: TestSuite): Promise<number> {
  await suite.stopService('import-service');
  await suite.startService('import-service');
  await suite.waitUntilHealthy();
  const pid = suite.pid('import-service');
  if (!pid) throw new Error('import-service has no pid');
  return pid;
}

const seconds = (from: number, to: number) => (to - from) / 1000;

export async function runImport(ctx: RunContext, file: BenchFile, mode: ImportMode): Promise<RunFigures> {
  const { client, db } = ctx;
  let existing = 0;
  if (mode === 'upsert') existing = await db.holdHalfOf(file.rows);
  else await db.empty();
  const pid = await freshImportService(ctx.suite);
  const problems: string[] = [];

  const uploadAt = Date.now();
  const created = await client.upload(file.path, file.uploadName, ctx.targetId);
  const uploadedAt = Date.now();
  const ready = await client.until(created.id, ['ready', 'failed'], ctx.timeoutMs);
  const readyAt = Date.now();
  if (ready.status !== 'ready') throw new Error(`${file.label}: analysis failed: ${ready.error}`);
  const analysisPeakBytes = peakRss(pid);
  const preview = await client.preview(created.id);
  const sheet = preview.sheets.find((s) => s.name === file.sheet);
  if (!sheet) throw new Error(`${file.label}: the analysis has no sheet '${file.sheet}' (${preview.sheets.map((s) => s.name).join(', ')})`);
  if (sheet.proposed_collection !== COLLECTION) problems.push(`analysis proposed collection ${sheet.proposed_collection}, not ${COLLECTION}`);
  const proposed = sheet.columns.map((c) => c.proposed_field);
  if (proposed.join() !== FIELD_NAMES.join()) problems.push(`analysis proposed mapping ${proposed.join(', ')}`);
  if (sheet.failing_rows) problems.push(`preview: ${sheet.failing_rows} failing rows, e.g. ${JSON.stringify(sheet.columns.flatMap((c) => c.first_errors)[0])}`);

  await client.setPlan(created.id, file.sheet, COLLECTION, FIELD_NAMES, mode, mode === 'upsert' ? ['email'] : []);
  await ctx.sampler?.start();
  await client.start(created.id);
  let allWrittenAt = 0;
  let writtenPeakBytes = 0;
  const done = await client.until(created.id, ['completed', 'failed', 'cancelled'], ctx.timeoutMs, (job) => {
    if (allWrittenAt || job.progress.rows_processed < file.rows) return;
    allWrittenAt = Date.now();
    writtenPeakBytes = peakRss(pid);
  });
  const peakBytes = peakRss(pid);
  const pgActivity = (await ctx.sampler?.stop()) ?? null;
  if (done.status !== 'completed') throw new Error(`${file.label} ${mode}: ${done.status}: ${done.error}`);
  const startedAt = Date.parse(done.started_at ?? '');
  const finishedAt = Date.parse(done.finished_at ?? '');

  const expected = mode === 'upsert' ? { inserted: file.rows - existing, updated: existing } : { inserted: file.rows, updated: 0 };
  const { progress } = done;
  if (progress.inserted !== expected.inserted || progress.updated !== expected.updated || progress.failed || progress.skipped) {
    problems.push(`expected ${JSON.stringify(expected)}, got ${JSON.stringify(progress)}`);
  }
  if (!done.has_result) problems.push('the job has no result file (import-service logs why)');
  const otherFormat = file.path.endsWith('.csv') ? 'xlsx' : 'csv';
  const downloadAt = Date.now();
  if (!(await client.download(`/api/imports/${created.id}/result?format=${otherFormat}`))) problems.push(`the ${otherFormat} result file is empty`);
  const otherFormatSeconds = seconds(downloadAt, Date.now());
  const otherFormatPeakBytes = peakRss(pid);
  const tableRows = await db.count();
  if (tableRows !== file.rows) problems.push(`the collection holds ${tableRows} rows, not ${file.rows}`);
  return {
    file,
    mode,
    seconds: seconds(startedAt, finishedAt),
    writeSeconds: seconds(startedAt, Math.min(allWrittenAt || finishedAt, finishedAt)),
    otherFormatSeconds,
    otherFormatPeakBytes,
    uploadSeconds: seconds(uploadAt, uploadedAt),
    analysisSeconds: seconds(uploadedAt, readyAt),
    analysisPeakBytes,
    writtenPeakBytes: writtenPeakBytes || peakBytes,
    peakBytes,
    progress,
    pid,
    pgActivity,
    tableRows,
    problems,
  };
}
