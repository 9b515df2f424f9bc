import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ExtractionError } from './extraction-error';
import { PdfWorkerDone, PdfWorkerFailed, PdfWorkerJob, PdfWorkerReply } from './pdf-worker-protocol';

/**
 * A plain .js file, so the same path works from src/ under jest and from dist/ (swc compiles .js
 * files too and writes them next to the compiled .ts).
 */
const WORKER_FILE = join(__dirname, 'pdf-text-worker.js');
/** Loading pdf-parse and the warm-up document take well under a second; this only catches a broken install. */
const START_TIMEOUT_MS = 30_000;
const MEMORY_POLL_MS = 100;
const MB = 1024 * 1024;

export interface WorkerLimits {
  timeoutMs: number;
  maxMemoryMb: number;
}

/**
 * One reusable worker thread running pdf-parse, one job at a time (the caller queues). Reuse matters:
 * the first document in a thread is several times slower. A job that runs too long or takes too much
 * memory gets the worker terminated; the next job starts a fresh one.
 */
export class PdfWorkerHost {
  private worker?: Worker;
  private workerMemoryMb = 0;
  private ready?: Promise<Worker>;
  private nextId = 1;

  async run(job: Omit<PdfWorkerJob, 'id'>, limits: WorkerLimits): Promise<PdfWorkerDone | PdfWorkerFailed> {
    const worker = await this.start(limits.maxMemoryMb);
    const id = this.nextId++;
    const transfer = job.bytes ? [job.bytes.buffer as ArrayBuffer] : [];
    return new Promise((resolve, reject) => {
      const rssAtStart = process.memoryUsage.rss();
      const settle = (outcome: () => void): void => {
        clearTimeout(timer);
        clearInterval(memoryWatch);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit).unref();
        outcome();
      };
      const stop = (error: Error): void => {
        this.discard(worker);
        settle(() => reject(error));
      };
      const onMessage = (reply: PdfWorkerReply): void => {
        if (reply.type !== 'ready' && reply.id === id) settle(() => resolve(reply));
      };
      const onError = (error: Error & { code?: string }): void =>
        stop(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooMuchMemory(limits) : crashed(error.message));
      const onExit = (code: number): void => stop(crashed(`exit code ${code}`));
      const timer = setTimeout(() => stop(tookTooLong(limits)), limits.timeoutMs);
      // resourceLimits cap the JS heap only; decompressed streams live in ArrayBuffers outside it
      // (a 300 MB deflate bomb reached 700 MB RSS under a 256 MB heap cap), so watch the process too.
      const memoryWatch = setInterval(() => {
        if (process.memoryUsage.rss() - rssAtStart > limits.maxMemoryMb * MB) stop(tooMuchMemory(limits));
      }, MEMORY_POLL_MS);
      worker.on('message', onMessage).on('error', onError).on('exit', onExit).ref();
      worker.postMessage({ ...job, id } satisfies PdfWorkerJob, transfer);
    });
  }

  /** Stops the worker (module shutdown). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.forget(worker);
    await worker?.terminate();
  }

  private start(maxMemoryMb: number): Promise<Worker> {
    if (this.worker && this.ready && this.workerMemoryMb === maxMemoryMb) return this.ready;
    if (this.worker) this.discard(this.worker); // resource limits are fixed when a worker starts
    const worker = new Worker(WORKER_FILE, { resourceLimits: { maxOldGenerationSizeMb: maxMemoryMb } });
    // Always listening, so a worker dying between jobs can never become an unhandled 'error' event.
    worker.on('error', () => this.forget(worker)).on('exit', () => this.forget(worker));
    this.worker = worker;
    this.workerMemoryMb = maxMemoryMb;
    this.ready = new Promise<Worker>((resolve, reject) => {
      const settle = (outcome: () => void): void => {
        clearTimeout(timer);
        worker.off('message', onReady).off('error', onError).off('exit', onExit);
        outcome();
      };
      const fail = (reason: string): void => {
        this.discard(worker);
        settle(() => reject(new Error(`the PDF reader did not start: ${reason}`)));
      };
      const onReady = (): void => settle(() => resolve(worker));
      const onError = (error: Error): void => fail(error.message);
      const onExit = (code: number): void => fail(`exit code ${code}`);
      const timer = setTimeout(() => fail(`no answer within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
      worker.once('message', onReady).once('error', onError).once('exit', onExit);
    });
    // An idle worker must not keep the process alive; run() refs it while a job is in flight.
    worker.unref();
    return this.ready;
  }

  private discard(worker: Worker): void {
    this.forget(worker);
    void worker.terminate();
  }

  private forget(worker: Worker | undefined): void {
    if (worker && this.worker === worker) {
      this.worker = undefined;
      this.ready = undefined;
    }
  }
}

function tookTooLong(limits: WorkerLimits): ExtractionError {
  const seconds = Math.round(limits.timeoutMs / 100) / 10;
  return new ExtractionError('timeout', `Reading the PDF took longer than ${seconds} s; it was stopped`);
}

function tooMuchMemory(limits: WorkerLimits): ExtractionError {
  return new ExtractionError('too_complex', `Reading the PDF needed more than ${limits.maxMemoryMb} MB of memory; it was stopped`);
}

function crashed(reason: string): ExtractionError {
  return new ExtractionError('too_complex', `The PDF reader stopped while reading this PDF (${reason})`);
}
