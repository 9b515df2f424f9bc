/**
 * PDF text extraction through the real suite (upload → done, rules provider) against bare pdf-parse
 * on the same files in this process:
 *
 *   npm run bench:docs [-- --runs N] [--concurrency N]
 *
 * See README.md, "Document benchmark". Needs what the end-to-end tests need: PostgreSQL on
 * 127.0.0.1:5432 (TEST_DATABASE_URL overrides) and nats-server on PATH.
 */
import { Actors, type Benchmark, BenchUsageError, runBenchmark } from '@intake/testing';
import { cpus, loadavg } from 'node:os';
import { bareParse, warmUp } from './bare-parse';
import { BareThreads } from './bare-threads';
import { type BenchCase, makeCases } from './bench-pdfs';
import { DocsClient } from './docs-client';
import { pidsNamed, processStat, threadStats } from './process-cpu';
import { type PipelineOptions, runPipeline, warmPipeline } from './pipeline-run';
import { atOnceRate, type CaseFigures, bareRate, ceilingReport, cpuReport, pipelineRate, RATIO_GOAL, report } from './report';

const USAGE = `usage: npm run bench:docs [-- --runs N] [--warm-up N] [--concurrency N]
  --runs N         measure every case N times (new files each time; default 3), and print the medians
  --warm-up N      one-page PDFs each side reads before anything is timed (default 1000; see README)
  --concurrency N  DOC_WORKER_CONCURRENCY for doc-service (a what-if; the default is the service's, 4)`;

interface Options {
  runs: number;
  warmUpDocs: number;
  concurrency: number | null;
}

/** DOC_UPLOAD_MAX_FILES, as the suite runs doc-service. */
const FILES_PER_UPLOAD = 50;
const CASE_TIMEOUT_MS = 600_000;
const WARM_UP_PAGES = 20;

function wholeNumber(name: string, value: string | undefined, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new BenchUsageError(`${name}: a whole number from ${min} to ${max}, not ${value}`);
  return n;
}

/** The options, or null for --help. */
function parseOptions(args: string[]): Options | null {
  const options: Options = { runs: 3, warmUpDocs: 1000, concurrency: null };
  for (let i = 0; i < args.length; i++) {
    const [arg, inline] = args[i].split('=', 2) as [string, string | undefined];
    if (arg === '--help' || arg === '-h') return null;
    if (arg === '--runs') options.runs = wholeNumber(arg, inline ?? args[++i], 1, 20);
    else if (arg === '--warm-up') options.warmUpDocs = wholeNumber(arg, inline ?? args[++i], 0, 10_000);
    else if (arg === '--concurrency') options.concurrency = wholeNumber(arg, inline ?? args[++i], 1, 64);
    else throw new BenchUsageError(`unknown option ${args[i]}`);
  }
  return options;
}

const out = (line = '') => process.stdout.write(`${line}\n`);
const load = () => loadavg().map((l) => l.toFixed(2)).join(', ');

function describeFiles(run: number, cases: BenchCase[]): void {
  for (const c of cases) {
    const bytes = c.files.reduce((sum, f) => sum + f.bytes.length, 0);
    const chars = c.files.reduce((sum, f) => sum + f.chars, 0);
    out(`  run ${run}  ${c.label.padEnd(18)} ${String(c.files.length).padStart(3)} files  ${String(c.pages).padStart(3)} pages  ${(bytes / 1e6).toFixed(2)} MB  ~${Math.round(chars / c.pages).toLocaleString('en')} characters/page`);
  }
}

async function measure(client: DocsClient, cases: BenchCase[], run: number, pipeline: PipelineOptions, bareThreads: BareThreads): Promise<CaseFigures[]> {
  const figures: CaseFigures[] = [];
  for (const c of cases) {
    const bare = await bareParse(c.files);
    const bareAtOnce = await bareThreads.read(c.files);
    const result = await runPipeline(client, c.label, c.files, pipeline);
    const f: CaseFigures = { label: c.label, run, pages: c.pages, documents: c.files.length, pipeline: result, bare, bareAtOnce };
    figures.push(f);
    const failed = result.failed.length ? `  ⚠ ${result.failed.length} not done` : '';
    out(
      `  run ${run}  ${c.label.padEnd(18)} pipeline ${result.seconds.toFixed(2).padStart(6)} s ${pipelineRate(f).toFixed(1).padStart(6)} pages/s   bare ${bare.seconds.toFixed(2).padStart(6)} s ${bareRate(f).toFixed(1).padStart(6)} pages/s` +
        `   bare ×${bareAtOnce.threads} at once ${atOnceRate(f).toFixed(1).padStart(6)} pages/s${failed}`,
    );
  }
  return figures;
}

async function benchmarkDocs(options: Options, { cleanup, startSuite }: Benchmark): Promise<void> {
  const runs: BenchCase[][] = [];
  out('\nFiles (text PDFs made with pdf-lib: invoices and management reports, English and Portuguese):');
  for (let run = 1; run <= options.runs; run++) {
    runs.push(await makeCases(`r${run}`));
    describeFiles(run, runs[run - 1]);
  }
  // Both sides read these first: V8 keeps optimising for hundreds of documents (pdf.js on either
  // side; the upload, queue and database code only in the pipeline), and a service runs warm.
  const warmFiles = (await makeCases('warm-up', WARM_UP_PAGES, options.warmUpDocs)).flatMap((c) => c.files);
  // Warmed before the suite starts, so that their warm-up takes no CPU from the pipeline's.
  const bareThreads = await BareThreads.start(cpus().length, warmFiles);
  cleanup.add('bare pdf-parse threads', () => bareThreads.close());

  const env: Record<string, string> = { LOG_LEVEL: 'warn', ...(options.concurrency ? { DOC_WORKER_CONCURRENCY: String(options.concurrency) } : {}) };
  const suite = await startSuite({ env });
  const admin = await new Actors(suite).admin();
  const client = new DocsClient(suite.url, admin.auth.authorization);
  const concurrency = options.concurrency ? `DOC_WORKER_CONCURRENCY=${options.concurrency} (a what-if, not the default)` : 'DOC_WORKER_CONCURRENCY default (4)';
  out(`\nSuite up (doc-service pid ${suite.pid('doc-service')}, ${concurrency}, provider: rules, signed in as ${admin.user.username}).`);

  const stat = (pid: number | undefined) => (pid === undefined ? [] : [processStat(pid)]);
  const docService = suite.pid('doc-service');
  const cpuGroups = () => {
    const threads = docService === undefined ? { main: [], others: [] } : threadStats(docService);
    return {
      gateway: stat(suite.pid('gateway')),
      'auth-service': stat(suite.pid('auth-service')),
      'doc-service main thread': threads.main,
      'doc-service other threads': threads.others,
      'nats-server': stat(suite.nats.pid),
      postgres: pidsNamed('postgres').map(processStat),
      bench: stat(process.pid),
    };
  };
  // Node does not name its threads; the PDF reader is by far the busiest of doc-service's others.
  const cpuSplit: Record<string, [string, string]> = { 'doc-service other threads': ['doc-service PDF reader thread', 'doc-service V8 and libuv helpers'] };
  const pipeline: PipelineOptions = { batchSize: FILES_PER_UPLOAD, timeoutMs: CASE_TIMEOUT_MS, docServicePid: suite.pid('doc-service'), cpuGroups, cpuSplit };
  await warmUp(warmFiles);
  await warmPipeline(client, warmFiles, pipeline);
  out(`Warmed up: a ${WARM_UP_PAGES}-page PDF and ${options.warmUpDocs} one-page PDFs read by pdf-parse here, in each of ${cpus().length} threads, and through the pipeline.\n`);
  const figures: CaseFigures[] = [];
  for (let run = 1; run <= options.runs; run++) figures.push(...(await measure(client, runs[run - 1], run, pipeline, bareThreads)));

  out(`\nResults (${cpus().length} cores, shared machine; MB = 10^6 bytes; ratio = pipeline pages/s ÷ bare pdf-parse pages/s, goal ≥ ${RATIO_GOAL}):\n`);
  out(report(figures, options.runs));
  out(`\n${cpuReport(figures)}`);
  out(`\n${ceilingReport(figures, cpus().length, cpuSplit['doc-service other threads'][0])}`);
  out(
    [
      '',
      'seconds = first upload request → the last document processed (its processed_at); upload s = → the last upload answered;',
      `first done s = → the first document processed. Uploads carry at most ${FILES_PER_UPLOAD} files each. documents/s = documents ÷ seconds.`,
      'Bare pdf-parse = new PDFParse({ data }).getText() on the same files, one after another, in this process, warm.',
      `ceiling = the best ratio these ${cpus().length} cores allow: the pipeline (client, gateway, services, NATS, PostgreSQL) needs its CPU time ÷ cores at least.`,
      `bare ×${cpus().length} at once ÷ one = pages/s of ${cpus().length} threads each reading the case at the same time ÷ pages/s of one alone (${cpus().length}× only if the cores do not slow each other);`,
      'reader CPU ÷ bare s = the CPU time of the PDF reader thread ÷ the bare parse time of the same files (above 1: it reads slower beside the rest of the pipeline).',
      'doc-service peak RSS = its VmHWM (all threads) over the case, reset before each case through /proc/<pid>/clear_refs' +
        (options.runs > 1 ? '; in a median row, the largest of the runs.' : '.'),
      `Load average (1, 5, 15 min) at the end: ${load()} — other work on the machine skews every figure.`,
    ].join('\n'),
  );
}

runBenchmark({ name: 'Document benchmark', usage: USAGE, parse: parseOptions, run: benchmarkDocs });
