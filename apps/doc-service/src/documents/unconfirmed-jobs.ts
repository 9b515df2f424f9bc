import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { WorkQueue } from '@intake/messaging';
import { DocumentsRepository } from './documents.repository';

/** Waits before each new try: about four minutes in all, after which the stale-document sweep is left. */
const RETRY_AFTER_MS = [5_000, 10_000, 20_000, 40_000, 60_000, 120_000];

export interface UnconfirmedJob {
  id: string;
  generation: number;
}

/**
 * Jobs NATS did not confirm in time (a stall, a restart): each is queued again a little later,
 * with the same message id, until NATS confirms one, as long as its document still waits in
 * `queued`. A job NATS stored after all is dropped as a duplicate (the stream's window is two
 * minutes; a copy after that finds its document taken and does nothing). Without this a job lost
 * in the stall leaves its document queued until the stale-document sweep, ten minutes on. Kept in
 * memory only: after a restart the sweep is the way back.
 */
@Injectable()
export class UnconfirmedJobs implements OnApplicationShutdown {
  private readonly logger = new Logger('UnconfirmedJobs');
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Tests shorten the waits. */
  retryAfterMs = RETRY_AFTER_MS;

  constructor(
    private readonly queue: WorkQueue,
    private readonly documents: DocumentsRepository,
  ) {}

  add(job: UnconfirmedJob): void {
    this.tryLater(job, 0);
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private tryLater(job: UnconfirmedJob, attempt: number): void {
    if (attempt >= this.retryAfterMs.length) {
      this.logger.warn({ documentId: job.id }, 'the queue has not confirmed the job; the stale-document sweep will queue it again');
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.retry(job).then(
        () => undefined,
        () => this.tryLater(job, attempt + 1),
      );
    }, this.retryAfterMs[attempt]);
    timer.unref();
    this.timers.add(timer);
  }

  private async retry({ id, generation }: UnconfirmedJob): Promise<void> {
    if (!(await this.documents.waitsInQueue(id, generation))) return;
    await this.queue.enqueue('docs.work.process', { document_id: id, generation }, `${id}:${generation}`);
  }
}
