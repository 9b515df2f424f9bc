import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { WorkQueue } from '@intake/messaging';
import { DocumentsRepository } from './documents.repository';

/** Waits before each new try (each may also wait 5 s for NATS to confirm). */
const RETRY_AFTER_MS = [5_000, 10_000, 20_000, 40_000];
/**
 * No try starts later than this after the first publish timed out: every copy lands within the
 * stream's two-minute duplicate window (libs/messaging, WorkQueue), where NATS drops it if it
 * stored the job after all. A later copy could be stored twice.
 */
const WITHIN_MS = 90_000;

export interface UnconfirmedJob {
  id: string;
  generation: number;
}

/**
 * Jobs NATS did not confirm in time (a stall, a restart), from an upload or a re-process: each is
 * published again with the same message id after 5, 10, 20 and 40 s, as long as its document
 * still waits in `queued` for that request, until NATS confirms one. A job lost in the stall is
 * then processed in seconds; without this, its document waits for the stale-document sweep (ten
 * minutes, with the queue idle), which also takes over when every try failed (NATS away longer,
 * or a dead connection nats.js has not noticed yet) or after a restart (the tries live in memory).
 */
@Injectable()
export class UnconfirmedJobs implements OnApplicationShutdown {
  private readonly logger = new Logger('UnconfirmedJobs');
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  /** Tests shorten these. */
  retryAfterMs = RETRY_AFTER_MS;
  withinMs = WITHIN_MS;

  constructor(
    private readonly queue: WorkQueue,
    private readonly documents: DocumentsRepository,
  ) {}

  add(job: UnconfirmedJob): void {
    this.tryLater(job, 0, Date.now());
  }

  onApplicationShutdown(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private tryLater(job: UnconfirmedJob, attempt: number, since: number): void {
    if (this.closed) return;
    const wait = this.retryAfterMs[attempt];
    if (wait === undefined || Date.now() + wait - since > this.withinMs) {
      this.logger.warn({ documentId: job.id }, 'the queue has not confirmed the job; the stale-document sweep will queue it again');
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.retry(job).catch((error: unknown) => {
        this.logger.debug({ err: error, documentId: job.id }, 'sending the job again failed');
        this.tryLater(job, attempt + 1, since);
      });
    }, wait);
    timer.unref();
    this.timers.add(timer);
  }

  private async retry({ id, generation }: UnconfirmedJob): Promise<void> {
    if (this.closed || !(await this.documents.waitsInQueue(id, generation))) return;
    await this.queue.enqueue('docs.work.process', { document_id: id, generation }, `${id}:${generation}`);
  }
}
