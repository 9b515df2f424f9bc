/**
 * The same baseline in several threads at once: what this machine's cores give when they all read.
 * Two cores do not read twice as fast as one when the host shares caches, memory or the cores
 * themselves with other guests, and the pipeline's reader works beside its other threads, never
 * alone. Each thread warms up as the single baseline does, then reads every file of a case.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { bareParse, warmUp } from './bare-parse';
import type { BenchPdf } from './bench-pdfs';

export interface ParallelBareFigures {
  threads: number;
  /** From the start of the first thread's reading to the end of the last one's. */
  seconds: number;
  /** Pages read by all threads together. */
  pages: number;
}

type Reply = { pages: number };
/** warm: read these, untimed; load: keep these for the next read; read: read what was loaded. */
type Job = { kind: 'warm' | 'load'; files: BenchPdf[] } | { kind: 'read' };

/** Warmed threads that each read the whole case when asked; close() ends them. */
export class BareThreads {
  private constructor(private readonly workers: Worker[]) {}

  static async start(threads: number, warmFiles: BenchPdf[]): Promise<BareThreads> {
    const workers = Array.from({ length: threads }, () => new Worker(__filename, { workerData: { bareThread: true } }));
    const pool = new BareThreads(workers);
    try {
      await pool.askAll({ kind: 'warm', files: warmFiles });
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  async read(files: BenchPdf[]): Promise<ParallelBareFigures> {
    // Handing the files over is not reading them: only the reading is timed.
    await this.askAll({ kind: 'load', files });
    const started = process.hrtime.bigint();
    const replies = await this.askAll({ kind: 'read' });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { threads: this.workers.length, seconds, pages: replies.reduce((sum, r) => sum + r.pages, 0) };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private askAll(job: Job): Promise<Reply[]> {
    return Promise.all(this.workers.map((w) => ask(w, job)));
  }
}

/** One answer of the thread to `job`; a thread that fails or ends instead rejects it. */
function ask(worker: Worker, job: Job): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const done = () => worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    const onMessage = (reply: Reply | { error: string }) => {
      done();
      if ('error' in reply) reject(new Error(`a bare pdf-parse thread failed: ${reply.error}`));
      else resolve(reply);
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    const onExit = (code: number) => {
      done();
      reject(new Error(`a bare pdf-parse thread ended (exit code ${code})`));
    };
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    worker.postMessage(job);
  });
}

if (!isMainThread && (workerData as { bareThread?: boolean } | null)?.bareThread) {
  let loaded: BenchPdf[] = [];
  // Buffers arrive as Uint8Arrays; pdf-parse takes either.
  const asPdfs = (files: BenchPdf[]) => files.map((f) => ({ ...f, bytes: Buffer.from(f.bytes) }));
  const run = async (job: Job): Promise<Reply> => {
    if (job.kind === 'warm') return warmUp(asPdfs(job.files)).then(() => ({ pages: 0 }));
    if (job.kind === 'load') {
      loaded = asPdfs(job.files);
      return { pages: 0 };
    }
    return { pages: (await bareParse(loaded)).pages };
  };
  parentPort?.on('message', (job: Job) => {
    run(job).then(
      (reply) => parentPort?.postMessage(reply),
      (error: unknown) => parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) }),
    );
  });
}
