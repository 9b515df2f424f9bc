/**
 * One case through the whole pipeline: upload (≤ the per-request file limit each), then poll until
 * no document is queued or processing. The end is the last document's processed_at (set by
 * PostgreSQL on this machine), so the poll interval does not add to the time.
 */
import type { BenchPdf } from './bench-pdfs';
import type { DocsClient, DocumentSummary } from './docs-client';
import { cpuSince, cpuSnapshot, type CpuGroups } from './process-cpu';
import { peakRss, resetPeakRss } from './process-memory';

export interface PipelineFigures {
  /** First upload request → the last document processed (done or failed). */
  seconds: number;
  /** First upload request → the last upload answered. */
  uploadSeconds: number;
  /** First upload request → the first document processed. */
  firstSeconds: number;
  documents: number;
  pages: number;
  /** doc-service VmHWM over the case (null when /proc could not be read). */
  peakBytes: number | null;
  /** false: the peak is doc-service's lifetime peak, not this case's. */
  peakIsThisCase: boolean;
  failed: DocumentSummary[];
  /** CPU seconds per process group over the case (upload to settled). */
  cpu: Record<string, number>;
}

export interface PipelineOptions {
  batchSize: number;
  timeoutMs: number;
  docServicePid: number | undefined;
  /** The processes whose CPU time is reported, by name; listed again at the end (PostgreSQL starts backends). */
  cpuGroups: () => CpuGroups;
  /** Groups reported as their busiest member and the rest (see cpuSince). */
  cpuSplit?: Record<string, [string, string]>;
}

/**
 * Half a second, as a documents page would poll. Each poll is a list request through the gateway,
 * both token checks and a query, and on two cores a 0.1 s poll took CPU from the pipeline it timed.
 */
const POLL_MS = 500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function batches<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/** Polls until nothing of the user's is queued or processing; the caller's documents are then settled. */
async function settle(client: DocsClient, timeoutMs: number, label: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = await client.count(['queued', 'processing']);
    if (pending === 0) return;
    if (Date.now() > deadline) throw new Error(`${label}: ${pending} documents still queued or processing after ${timeoutMs / 1000} s`);
    await sleep(POLL_MS);
  }
}

export async function runPipeline(client: DocsClient, label: string, files: BenchPdf[], options: PipelineOptions): Promise<PipelineFigures> {
  const pid = options.docServicePid;
  const peakIsThisCase = pid !== undefined && resetPeakRss(pid);
  const cpuBefore = cpuSnapshot(options.cpuGroups());
  const started = Date.now();
  const ids = new Set<string>();
  for (const batch of batches(files, options.batchSize)) {
    for (const doc of await client.upload(batch)) ids.add(doc.id);
  }
  const uploadSeconds = (Date.now() - started) / 1000;
  await settle(client, options.timeoutMs, label);
  const cpu = cpuSince(cpuBefore, cpuSnapshot(options.cpuGroups()), options.cpuSplit);
  const peakBytes = pid === undefined ? null : peakRss(pid);

  const docs = (await client.all()).filter((d) => ids.has(d.id));
  if (docs.length !== files.length) throw new Error(`${label}: uploaded ${files.length} documents, found ${docs.length}`);
  const finished = docs.map((d) => (d.processed_at ? Date.parse(d.processed_at) : NaN));
  if (finished.some(Number.isNaN)) throw new Error(`${label}: a settled document has no processed_at`);
  return {
    seconds: (Math.max(...finished) - started) / 1000,
    uploadSeconds,
    firstSeconds: (Math.min(...finished) - started) / 1000,
    documents: docs.length,
    pages: docs.reduce((sum, d) => sum + (d.pages_read ?? 0), 0),
    peakBytes,
    peakIsThisCase,
    failed: docs.filter((d) => d.status !== 'done'),
    cpu,
  };
}

/** Some documents through the pipeline first: doc-service starts its PDF worker thread on first use, cold. */
export async function warmPipeline(client: DocsClient, files: BenchPdf[], options: PipelineOptions): Promise<void> {
  const figures = await runPipeline(client, 'warm-up', files, options);
  if (figures.failed.length) throw new Error(`a warm-up document failed: ${JSON.stringify(figures.failed[0].failure)}`);
}
