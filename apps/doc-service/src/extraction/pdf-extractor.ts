import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { failureToError } from './pdf-failure';
import { assertPdfSignature, PDF_HEADER_WINDOW } from './pdf-signature';
import { PdfWorkerHost } from './pdf-worker-host';

export interface ExtractionLimits {
  /** Pages read; the rest is skipped and the result says `truncated`. */
  maxPages: number;
  /** Wall-clock time for one document once the reader starts on it (time spent queued is not counted). */
  timeoutMs: number;
  /** Memory the reader may use for one document; 512 MB unless given. */
  maxMemoryMb?: number;
}

export interface ExtractedText {
  /** Text of the pages read, pages separated by a blank line; '' for a PDF without a text layer. */
  text: string;
  pageCount: number;
  pagesRead: number;
  truncated: boolean;
  /** For the user, when the document is fine but its text is not what they might expect. */
  note?: string;
}

const DEFAULT_MAX_MEMORY_MB = 512;
export const NO_TEXT_NOTE = 'The PDF has no text (a scanned image?)';

/**
 * Extracts text from PDFs without ever parsing on the caller's thread: pdf-parse runs in one reusable
 * worker thread with page, time and memory caps, one document at a time (concurrent calls queue).
 * Fails with ExtractionError for anything about the file; the process survives whatever the PDF.
 */
@Injectable()
export class PdfExtractor implements OnModuleDestroy {
  private readonly host = new PdfWorkerHost();

  /**
   * `source` is a file path (preferred: the worker reads it, nothing crosses threads or goes through
   * this one) or the bytes.
   */
  async extract(source: string | Uint8Array, limits: ExtractionLimits): Promise<ExtractedText> {
    checkLimits(limits);
    const maxMemoryMb = limits.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB;
    if (typeof source !== 'string') assertPdfSignature(source.subarray(0, PDF_HEADER_WINDOW));
    const job = typeof source === 'string' ? { path: source, headBytes: PDF_HEADER_WINDOW } : { bytes: new Uint8Array(source) }; // own copy: it may be transferred
    const reply = await this.host.run({ ...job, maxPages: limits.maxPages }, { timeoutMs: limits.timeoutMs, maxMemoryMb });
    // A file's first bytes come back with the answer, checked first: a file that is no PDF says so, not how pdf.js failed on it.
    if (reply.head) assertPdfSignature(reply.head);
    if (reply.type === 'failed') throw failureToError(reply);

    const text = reply.pages
      .map((page) => page.trim())
      .filter(Boolean)
      .join('\n\n');
    return {
      text,
      pageCount: reply.pageCount,
      pagesRead: reply.pagesRead,
      truncated: reply.pagesRead < reply.pageCount,
      ...(text ? {} : { note: NO_TEXT_NOTE }),
    };
  }

  async onModuleDestroy(): Promise<void> {
    await this.host.close();
  }
}

function checkLimits({ maxPages, timeoutMs, maxMemoryMb }: ExtractionLimits): void {
  if (!Number.isInteger(maxPages) || maxPages < 1) throw new RangeError(`maxPages must be a positive integer, got ${maxPages}`);
  if (!(timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive, got ${timeoutMs}`);
  // pdf-parse fails to load below ~32 MB and crawls near it; the limit is the worker's whole heap.
  if (maxMemoryMb !== undefined && !(maxMemoryMb >= 64)) throw new RangeError(`maxMemoryMb must be at least 64, got ${maxMemoryMb}`);
}
