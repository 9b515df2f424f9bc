import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ExtractionError } from './extraction-error';
import { PdfWorkerDone, PdfWorkerFailed, PdfWorkerJob, PdfWorkerReply } from './pdf-worker-protocol';
import { RssGrowth } from './rss-growth';

/**
 * A plain .js file, so the same path works from src/ under jest and from dist/ (swc compiles .js
 * files too and writes them next to the compiled .ts).
 */
const WORKER_FILE = join(__dirname, 'pdf-text-worker.js');
/** Loading pdf-parse and the warm-up document take well under a second; this only catches a broken install. */
const START_TIMEOUT_MS = 30_000;
const MEMORY_POLL_MS = 100;
const MB = 1024 * 1024;
/**
 * Jobs handed to the worker behind the one it is reading, so that it starts the next document as soon
 * as it finishes one instead of waiting for this thread (busy with uploads and the database) to answer.
 */
const LOOKAHEAD = 1;

export interface WorkerLimits {
  timeoutMs: number;
  maxMemoryMb: number;
}

type Reply = PdfWorkerDone | PdfWorkerFailed;
type Start = { at: number; rss: number };

/** Milliseconds on the monotonic clock every thread shares (the worker stamps its answers with it too). */
const now = (): number => Number(process.hrtime.bigint() / 1_000_000n);

interface Task {
  id: number;
  job: Omit<PdfWorkerJob, 'id'>;
  limits: WorkerLimits;
  /** When it was handed to the worker and the process's RSS then (its own bytes counted out). */
  handedOver?: Start;
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
}

/**
 * One reusable worker thread running pdf-parse, reading one document at a time in the order asked.
 * Reuse matters: the first document in a thread is several times slower. A document that runs too
 * long or takes too much memory gets the worker terminated and fails; the documents handed to it
 * behind that one go to a fresh worker.
 */
export class PdfWorkerHost {
  private worker?: Worker;
  private workerMemoryMb = 0;
  /** A worker loading pdf-parse and reading its warm-up document, not yet given work. */
  private starting?: Worker;
  private nextId = 1;
  /** Not yet handed to the worker. */
  private readonly queue: Task[] = [];
  /** Handed to the worker, in order: the first is the one being read. */
  private inWorker: Task[] = [];
  /** The caps of the document being read: its memory so far, and how to stop watching. */
  private watching?: { growth: RssGrowth; stop: () => void };

  run(job: Omit<PdfWorkerJob, 'id'>, limits: WorkerLimits): Promise<Reply> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, limits, resolve, reject });
      this.pump();
    });
  }

  /** Stops the worker (module shutdown); documents not yet read fail. */
  async close(): Promise<void> {
    const workers = [this.worker, this.starting];
    this.forget();
    this.starting = undefined;
    for (const task of [...this.inWorker, ...this.queue.splice(0)]) task.reject(new Error('the PDF reader was stopped'));
    this.inWorker = [];
    await Promise.all(workers.map((worker) => worker?.terminate()));
  }

  private pump(): void {
    if (this.starting || !this.queue.length) return;
    const limits = this.queue[0].limits;
    if (this.worker && this.workerMemoryMb !== limits.maxMemoryMb) {
      if (this.inWorker.length) return; // resource limits are fixed when a worker starts: wait until it is idle
      this.discard();
    }
    if (!this.worker) return this.start(limits.maxMemoryMb);
    const worker = this.worker;
    while (this.queue.length && this.inWorker.length <= LOOKAHEAD && this.queue[0].limits.maxMemoryMb === this.workerMemoryMb) {
      const task = this.queue.shift() as Task;
      const reading = this.inWorker.length === 0;
      this.inWorker.push(task);
      // Bytes go over by transfer only to be read at once: a job waiting behind another is copied,
      // so that it can go to a fresh worker if the one before it gets this one terminated.
      const transfer = reading && task.job.bytes ? [task.job.bytes.buffer as ArrayBuffer] : [];
      const copied = reading ? 0 : (task.job.bytes?.byteLength ?? 0);
      worker.postMessage({ ...task.job, id: task.id } satisfies PdfWorkerJob, transfer);
      task.handedOver = { at: now(), rss: process.memoryUsage.rss() + copied };
      if (reading) this.watch(task);
      // The copy the worker keeps is not the reading document's memory.
      else this.watching?.growth.notCounted(copied);
    }
    worker.ref();
  }

  private start(maxMemoryMb: number): void {
    const worker = new Worker(WORKER_FILE, { resourceLimits: { maxOldGenerationSizeMb: maxMemoryMb } });
    this.starting = worker;
    // Always listening, so that no 'error' of this worker, whenever it comes, is an unhandled event.
    worker.on('error', () => undefined);
    worker.unref(); // an idle worker must not keep the process alive; pump() refs it while it has work
    const timer = setTimeout(() => failed(`no answer within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    const done = (): boolean => {
      clearTimeout(timer);
      worker.off('message', onReady).off('error', onError).off('exit', onExit);
      const current = this.starting === worker; // not closed meanwhile
      if (current) this.starting = undefined;
      return current;
    };
    const failed = (reason: string): void => {
      if (!done()) return;
      void worker.terminate();
      this.queue.shift()?.reject(new Error(`the PDF reader did not start: ${reason}`));
      this.pump();
    };
    const onReady = (): void => {
      if (!done()) return;
      this.worker = worker;
      this.workerMemoryMb = maxMemoryMb;
      worker
        .on('message', (reply: PdfWorkerReply) => this.onReply(worker, reply))
        .on('error', (error: Error & { code?: string }) => this.onCrash(worker, error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? null : error.message))
        .on('exit', (code: number) => this.onCrash(worker, `exit code ${code}`));
      this.pump();
    };
    const onError = (error: Error): void => failed(error.message);
    const onExit = (code: number): void => failed(`exit code ${code}`);
    worker.once('message', onReady).once('error', onError).once('exit', onExit);
  }

  private onReply(worker: Worker, reply: PdfWorkerReply): void {
    const task = this.inWorker[0];
    if (worker !== this.worker || reply.type === 'ready' || reply.id !== task?.id) return;
    this.watching?.stop();
    this.inWorker.shift();
    const next = this.inWorker[0];
    // The worker started the next document as it answered (it held it already) or when it got it.
    if (next) this.watch(next, next.handedOver && next.handedOver.at > reply.at ? next.handedOver : reply);
    else worker.unref();
    task.resolve(reply);
    this.pump();
  }

  /** The worker died on its own: `reason` null means it ran out of heap. */
  private onCrash(worker: Worker, reason: string | null): void {
    if (worker !== this.worker) return;
    const task = this.inWorker[0];
    this.stop(task ? (reason === null ? tooMuchMemory(task.limits) : crashed(reason)) : null);
  }

  /** Time and memory caps for the document being read, which started at `started` (now if not given). */
  private watch(task: Task, started?: Start): void {
    const watching = { growth: new RssGrowth(started?.rss ?? process.memoryUsage.rss()), stop: () => undefined };
    const elapsed = started ? now() - started.at : 0;
    const timer = setTimeout(() => this.blame(task, tookTooLong(task.limits)), Math.max(0, task.limits.timeoutMs - elapsed));
    // resourceLimits cap the JS heap only; decompressed streams live in ArrayBuffers outside it
    // (a 300 MB deflate bomb reached 700 MB RSS under a 256 MB heap cap), so watch the process too.
    const memory = setInterval(() => {
      if (watching.growth.at(process.memoryUsage.rss()) > task.limits.maxMemoryMb * MB) this.blame(task, tooMuchMemory(task.limits));
    }, MEMORY_POLL_MS);
    watching.stop = () => {
      clearTimeout(timer);
      clearInterval(memory);
      if (this.watching === watching) this.watching = undefined;
    };
    this.watching = watching;
  }

  /**
   * Stops the worker over `task`, unless its answer is already waiting: this thread may be late to
   * read it (busy), and the time or memory seen since is the next document's. Answers are read
   * before immediates run, so one turn tells.
   */
  private blame(task: Task, error: ExtractionError): void {
    this.watching?.stop();
    setImmediate(() => {
      if (this.inWorker[0] === task) this.stop(error);
    });
  }

  /** Ends the worker: the document being read fails with `error`, the ones behind it go to the next worker. */
  private stop(error: ExtractionError | null): void {
    this.watching?.stop();
    const [reading, ...behind] = this.inWorker;
    this.inWorker = [];
    this.queue.unshift(...behind);
    this.discard();
    if (reading && error) reading.reject(error);
    this.pump();
  }

  private discard(): void {
    const worker = this.worker;
    this.forget();
    void worker?.terminate();
  }

  private forget(): void {
    this.watching?.stop();
    this.worker = undefined;
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
