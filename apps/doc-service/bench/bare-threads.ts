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

/** Warmed threads that each read the whole case when asked; close() ends them. */
export class BareThreads {
  private constructor(private readonly workers: Worker[]) {}

  static async start(threads: number, warmFiles: BenchPdf[]): Promise<BareThreads> {
    const workers = Array.from({ length: threads }, () => new Worker(__filename, { workerData: { bareThread: true } }));
    const pool = new BareThreads(workers);
    try {
      await Promise.all(workers.map((w) => pool.ask(w, warmFiles, 'warm')));
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  async read(files: BenchPdf[]): Promise<ParallelBareFigures> {
    const started = process.hrtime.bigint();
    const replies = await Promise.all(this.workers.map((w) => this.ask(w, files, 'read')));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { threads: this.workers.length, seconds, pages: replies.reduce((sum, r) => sum + r.pages, 0) };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private ask(worker: Worker, files: BenchPdf[], kind: 'warm' | 'read'): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      worker.once('error', onError);
      worker.once('message', (reply: Reply | { error: string }) => {
        worker.off('error', onError);
        if ('error' in reply) reject(new Error(`a bare pdf-parse thread failed: ${reply.error}`));
        else resolve(reply);
      });
      worker.postMessage({ kind, files });
    });
  }
}

if (!isMainThread && (workerData as { bareThread?: boolean } | null)?.bareThread) {
  parentPort?.on('message', ({ kind, files }: { kind: 'warm' | 'read'; files: BenchPdf[] }) => {
    // Buffers arrive as Uint8Arrays; pdf-parse takes either.
    const pdfs = files.map((f) => ({ ...f, bytes: Buffer.from(f.bytes) }));
    const done = kind === 'warm' ? warmUp(pdfs).then(() => ({ pages: 0 })) : bareParse(pdfs).then((r) => ({ pages: r.pages }));
    done.then(
      (reply) => parentPort?.postMessage(reply),
      (error: unknown) => parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) }),
    );
  });
}
