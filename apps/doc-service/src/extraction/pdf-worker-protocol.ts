/** Messages between PdfWorkerHost and pdf-text-worker.js (plain JS, so the types live here). */

export interface PdfWorkerJob {
  id: number;
  /** Either a file the worker reads itself (large files never cross threads)… */
  path?: string;
  /** …or the bytes: transferred to the worker when it reads them at once, copied when they wait behind another job. */
  bytes?: Uint8Array;
  maxPages: number;
  /** For a file: how many of its first bytes to send back (`head`), for the caller's PDF signature check. */
  headBytes?: number;
}

/**
 * When the worker answered (ms on the monotonic clock, process.hrtime) and the process's RSS then:
 * the worker starts the next job it holds right after answering, so these are that job's start,
 * whenever this thread gets to the answer.
 */
interface Answered {
  at: number;
  rss: number;
  /** The first `headBytes` bytes of a file the worker read itself (absent when reading it failed). */
  head?: Uint8Array;
}

export interface PdfWorkerDone extends Answered {
  type: 'done';
  id: number;
  pageCount: number;
  pagesRead: number;
  /** Text of each page read, in order. */
  pages: string[];
}

/** What pdf-parse threw: its exception class name (PasswordException, InvalidPDFException…) and message. */
export interface PdfWorkerFailed extends Answered {
  type: 'failed';
  id: number;
  name: string;
  message: string;
  /** Set for system errors (ENOENT, EACCES), which are ours, not the PDF's. */
  code?: string;
}

export type PdfWorkerReply = { type: 'ready' } | PdfWorkerDone | PdfWorkerFailed;
