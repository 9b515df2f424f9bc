/**
 * Import throughput and memory through the real suite, against plain COPY as the ceiling:
 *
 *   npm run bench:import [-- --rows N] [--xlsx-1m]
 *
 * See README.md, "Import benchmark". Needs what the end-to-end tests need: PostgreSQL on
 * 127.0.0.1:5432 (TEST_DATABASE_URL overrides), nats-server on PATH, the NocoBase fixture
 * (NOCOBASE_FIXTURE_DIR, default ../shared/fixtures/nocobase).
 */
import type { ImportMode } from '@intake/contracts';
import { type Benchmark, BenchUsageError, runBenchmark } from '@intake/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeCsv, writeXlsx } from './bench-data';
import { ACTING_USER_ID, BenchDatabase, COLLECTION } from './bench-database';
import { summariseProfile } from './cpu-profile-summary';
import { PgActivitySampler } from './pg-activity';
import { IntakeClient } from './intake-client';
import { type BenchFile, runImport, type RunContext, type RunFigures } from './import-runs';
import { type Floors, floorsReport, measureFloors } from './floors';
import { type CopyFigure, report } from './report';

const USAGE = `usage: npm run bench:import [-- --rows N] [--xlsx-1m] [--no-floors] [--cpu-prof DIR] [--pg-sample] [--node-options OPTS]
  --rows N             rows of the large CSV (default 1,000,000); the small CSV and the XLSX get N/10
  --xlsx-1m            also import an N-row XLSX (the 600 MB goal)
  --no-floors          skip the floors (PostgreSQL's own upsert work; the barest Node insert pipeline) on the N-row CSV
  --cpu-prof DIR       CPU-profile import-service (one .cpuprofile per run, kept in DIR); print where the time went
  --pg-sample          sample pg_stat_activity during each run; print which statements PostgreSQL spent it on
  --node-options OPTS  NODE_OPTIONS for the services, e.g. "--max-old-space-size=256" (a what-if: not the default)
  --only RUNS          only these imports, e.g. "csv-1m:upsert,xlsx-100k" (file label, optionally :mode); COPY and the floors run always`;

interface Options {
  rows: number;
  xlsxLarge: boolean;
  floors: boolean;
  cpuProfDir: string | null;
  pgSample: boolean;
  nodeOptions: string;
  /** "label" or "label:mode" entries; empty = every run. */
  only: string[];
}

/** The options, or null for --help. */
function parseOptions(args: string[]): Options | null {
  const options: Options = { rows: 1_000_000, xlsxLarge: false, floors: true, cpuProfDir: null, pgSample: false, nodeOptions: '', only: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') return null;
    if (arg === '--xlsx-1m') options.xlsxLarge = true;
    else if (arg === '--no-floors') options.floors = false;
    else if (arg === '--pg-sample') options.pgSample = true;
    else if (arg === '--node-options') options.nodeOptions = args[++i] ?? '';
    else if (arg === '--only') options.only = (args[++i] ?? '').split(',').filter(Boolean);
    else if (arg === '--cpu-prof') options.cpuProfDir = resolve(args[++i] ?? '.');
    else if (arg === '--rows' || arg.startsWith('--rows=')) {
      const value = arg.includes('=') ? arg.slice(7) : args[++i];
      options.rows = Number(String(value).replace(/[_,]/g, ''));
      if (!Number.isInteger(options.rows) || options.rows < 10) throw new BenchUsageError(`--rows: a whole number ≥ 10, not ${value}`);
    } else throw new BenchUsageError(`unknown option ${arg}`);
  }
  return options;
}

const out = (line = '') => process.stdout.write(`${line}\n`);
const short = (rows: number) => (rows % 1_000_000 === 0 ? `${rows / 1_000_000}m` : rows % 1000 === 0 ? `${rows / 1000}k` : String(rows));
const elapsed = (from: bigint) => `${(Number(process.hrtime.bigint() - from) / 1e9).toFixed(1)} s`;

async function makeFiles(dir: string, options: Options): Promise<{ csv: BenchFile[]; all: BenchFile[] }> {
  const small = Math.round(options.rows / 10);
  const file = (kind: 'csv' | 'xlsx', rows: number): BenchFile => ({
    label: `${kind}-${short(rows)}`,
    path: join(dir, `${kind}-${rows}.${kind}`),
    uploadName: `${COLLECTION}.${kind}`,
    sheet: COLLECTION,
    rows,
    bytes: 0,
  });
  const csv = [file('csv', small), file('csv', options.rows)];
  const xlsx = [file('xlsx', small), ...(options.xlsxLarge ? [file('xlsx', options.rows)] : [])];
  for (const f of [...csv, ...xlsx]) {
    const started = process.hrtime.bigint();
    f.bytes = f.path.endsWith('.csv') ? await writeCsv(f.path, f.rows) : await writeXlsx(f.path, COLLECTION, f.rows);
    out(`  ${f.label.padEnd(10)} ${f.rows.toLocaleString('en').padStart(10)} rows  ${(f.bytes / 1e6).toFixed(0).padStart(4)} MB  written in ${elapsed(started)}`);
  }
  return { csv, all: [...csv, ...xlsx] };
}

/** Environment of every service: large uploads, quiet logs, uploads kept in the bench's temp folder. */
function suiteEnv(options: Options, dir: string): Record<string, string> {
  const preload = options.cpuProfDir ? `--require ${join(__dirname, 'cpu-profile-preload.js')}` : '';
  return {
    IMPORT_MAX_UPLOAD_BYTES: String(2 * 2 ** 30),
    LOG_LEVEL: 'warn',
    STORAGE_DIR: join(dir, 'objects'),
    NODE_OPTIONS: `${options.nodeOptions} ${preload}`.trim(),
    ...(options.cpuProfDir ? { BENCH_CPU_PROFILE_DIR: options.cpuProfDir } : {}),
  };
}

async function measureCopies(db: BenchDatabase, csv: BenchFile[]): Promise<CopyFigure[]> {
  out('\nCOPY FROM STDIN of each CSV into the twin table (the ceiling):');
  const copies: CopyFigure[] = [];
  // the largest last: the upsert runs seed their existing half from what it leaves in the twin
  for (const file of [...csv].sort((a, b) => a.rows - b.rows)) {
    const seconds = await db.copyCsv(file.path);
    copies.push({ file, seconds });
    out(`  ${file.label.padEnd(10)} ${seconds.toFixed(1).padStart(6)} s  ${Math.round(file.rows / seconds).toLocaleString('en').padStart(8)} rows/s`);
  }
  return copies;
}

async function runImports(context: RunContext, files: BenchFile[], only: string[]): Promise<RunFigures[]> {
  out('\nImports through the gateway (a fresh import-service process for each):');
  const runs: RunFigures[] = [];
  const wanted = (file: BenchFile, mode: ImportMode) => !only.length || only.includes(file.label) || only.includes(`${file.label}:${mode}`);
  for (const file of files) {
    for (const mode of ['insert', 'upsert'] as ImportMode[]) {
      if (!wanted(file, mode)) continue;
      const run = await runImport(context, file, mode);
      runs.push(run);
      const warn = run.problems.length ? `  ⚠ ${run.problems.join('; ')}` : '';
      out(`  ${file.label.padEnd(10)} ${mode.padEnd(6)} ${run.seconds.toFixed(1).padStart(6)} s  ${Math.round(file.rows / run.seconds).toLocaleString('en').padStart(8)} rows/s  peak ${(run.peakBytes / 1e6).toFixed(0)} MB${warn}`);
    }
  }
  return runs;
}

async function benchmarkImports(options: Options, { cleanup, startSuite }: Benchmark): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'intake-import-bench-'));
  cleanup.add('temp files', () => rmSync(dir, { recursive: true, force: true }));
  out(`\nFiles (${dir}):`);
  const files = await makeFiles(dir, options);

  const db = await BenchDatabase.create((created) => cleanup.add('NocoBase database', () => created.drop()));
  const suite = await startSuite({ env: suiteEnv(options, dir) });
  const version = await db.with(async (c) => (await c.query('SHOW server_version')).rows[0].server_version as string);
  out(`\nSuite up (PostgreSQL ${version}, NocoBase fixture + ${COLLECTION} in ${db.name}).`);
  if (options.nodeOptions) out(`Services run with NODE_OPTIONS=${options.nodeOptions} (not the default: a what-if).`);

  const client = new IntakeClient(suite.url);
  await client.signIn(suite.adminUsername, suite.adminPassword);
  const targetId = await client.createNocoBaseTarget(db.name, ACTING_USER_ID);
  const copies = await measureCopies(db, files.csv);
  const largest = copies.find((c) => c.file.rows === options.rows);
  const floors: Floors | null = options.floors && largest ? await measureFloors(db, largest, out) : null;
  const sampler = options.pgSample ? new PgActivitySampler([suite.db.name, db.name]) : null;
  const runs = await runImports({ suite, client, db, targetId, timeoutMs: Math.max(300_000, options.rows * 2), sampler }, files.all, options.only);

  out(`\nResults (${cpus().length} cores, shared machine; MB = 10^6 bytes; ratios against COPY of the CSV with as many rows):\n`);
  out(report(copies, runs, options.rows));
  if (floors) out(`\n${floorsReport(floors)}`);
  out(`\nLoad average (1, 5, 15 min) at the end: ${loadavg().map((l) => l.toFixed(2)).join(', ')} — other work on the machine skews every figure.`);
  for (const r of runs) if (r.pgActivity) out(`\nPostgreSQL during ${r.file.label} ${r.mode} (start → completed):\n${r.pgActivity}`);
  if (options.cpuProfDir) {
    await suite.stopService('import-service'); // the last run's profile is written when its process stops
    for (const r of runs) out(`\n${r.file.label} ${r.mode} (analysis + run):\n${summariseProfile(join(options.cpuProfDir, `import-service-${r.pid}.cpuprofile`))}`);
  }
}

runBenchmark({ name: 'Import benchmark', usage: USAGE, parse: parseOptions, run: benchmarkImports });
