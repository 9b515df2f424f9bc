import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { WorkPayloadOf, WorkSubject } from '@intake/contracts';
import { isUnconfirmed, WorkQueue } from './work-queue';

/** Waits before each new try (each may also wait 5 s for NATS to confirm). */
const RETRY_AFTER_MS = [5_000, 10_000, 20_000, 40_000];
/**
 * No try starts later than this after the first publish timed out: every copy lands within the
 * stream's two-minute duplicate window (WorkQueue), where NATS drops it if it stored the job after
 * all. A later copy could be stored twice.
 */
const WITHIN_MS = 90_000;

export interface WantedJob<S extends WorkSubject = WorkSubject> {
  subject: S;
  payload: WorkPayloadOf<S>;
  /** The message id of every copy, so that NATS keeps one. */
  dedupeId: string;
  /** Whether the record the job is for still waits for it: one taken, finished or superseded meanwhile is not sent again. */
  stillWanted: () => Promise<boolean>;
  /** What the log says the job is for, e.g. `{ documentId }`. */
  about: Record<string, string>;
}

/**
 * Sends jobs whose record is saved first (a document queued, an import started). When NATS does not
 * confirm one in time (a stall, a restart) it may have stored it or not: the job is published again
 * with the same message id after 5, 10, 20 and 40 s, as long as its record still waits for it, until
 * NATS confirms a copy. A job lost in the stall then runs seconds later instead of waiting for the
 * service's sweep of stale records, which takes over when every try failed (NATS away longer) or
 * after a restart (the tries live in memory).
 */
@Injectable()
export class UnconfirmedJobs implements OnApplicationShutdown {
  private readonly logger = new Logger('UnconfirmedJobs');
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  /** Tests shorten these. */
  retryAfterMs = RETRY_AFTER_MS;
  withinMs = WITHIN_MS;

  constructor(private readonly queue: WorkQueue) {}

  /**
   * Publishes the job; answers false when NATS did not confirm it in time (it is then sent again
   * while still wanted). Any other failure is thrown: the caller decides what its record becomes.
   */
  async send<S extends WorkSubject>(job: WantedJob<S>): Promise<boolean> {
    try {
      await this.queue.enqueue(job.subject, job.payload, job.dedupeId);
      return true;
    } catch (error) {
      if (!isUnconfirmed(error)) throw error;
      this.logger.warn({ err: error, ...job.about }, 'the queue did not confirm the job in time; it is sent again shortly');
      this.sendLater(job);
      return false;
    }
  }

  /** Sends the job again after 5, 10, 20 and 40 s, while it is still wanted, until NATS confirms a copy. */
  sendLater<S extends WorkSubject>(job: WantedJob<S>): void {
    this.tryLater(job as WantedJob, 0, Date.now());
  }

  onApplicationShutdown(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private tryLater(job: WantedJob, attempt: number, since: number): void {
    if (this.closed) return;
    const wait = this.retryAfterMs[attempt];
    if (wait === undefined || Date.now() + wait - since > this.withinMs) return this.handOver(job);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.retry(job, since).catch((error: unknown) => {
        this.logger.debug({ err: error, ...job.about }, 'sending the job again failed');
        this.tryLater(job, attempt + 1, since);
      });
    }, wait);
    timer.unref();
    this.timers.add(timer);
  }

  private async retry(job: WantedJob, since: number): Promise<void> {
    if (this.closed || !(await job.stillWanted())) return;
    // A slow check must not carry a copy past the duplicate window either.
    if (Date.now() - since > this.withinMs) return this.handOver(job);
    await this.queue.enqueue(job.subject, job.payload, job.dedupeId);
  }

  private handOver(job: WantedJob): void {
    this.logger.warn(job.about, 'the queue has not confirmed the job; the sweep of stale records will send it again');
  }
}
