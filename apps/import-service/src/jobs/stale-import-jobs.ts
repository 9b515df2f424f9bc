import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { WORK } from '@intake/contracts';
import { WorkQueue } from '@intake/messaging';
import { IMPORT_CONFIG, type ImportServiceConfig } from '../config';
import { ImportJobsRepository } from './import-jobs.repository';
import { lanesOf, messageId, WAITING, type WaitingStatus } from './waiting-jobs';

const SWEEP_EVERY_MS = 60_000;
/** Jobs of one kind sent again per sweep at most; the rest go at the next. */
const MAX_PER_SWEEP = 100;
/** Far past the few seconds between saving a job's status and sending its message, and the tries to send it again (90 s). */
const STALE_AFTER_MS = 10 * 60_000;

/**
 * No import waits forever for a message that never came (the process died between saving the job
 * and sending it, NATS lost it and every try to send it again failed, or the service restarted
 * meanwhile): a job left analysing, queued or rolling back is sent again once nothing is waiting
 * for or in the hands of that kind's workers. Each job found is touched as it is taken, so another
 * replica's sweep does not send it too (two copies of a start would be two runners at once).
 */
@Injectable()
export class StaleImportJobs implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('StaleImportJobs');
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(IMPORT_CONFIG) private readonly config: ImportServiceConfig,
    private readonly jobs: ImportJobsRepository,
    private readonly queue: WorkQueue,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role === 'api') return;
    this.timer = setInterval(() => void this.sweep(STALE_AFTER_MS).catch((error: unknown) => this.logger.warn({ err: error }, 'sweep failed')), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Sends again the message of every job waiting longer than `olderThanMs`; answers their ids. */
  async sweep(olderThanMs: number): Promise<string[]> {
    const sent: string[] = [];
    for (const [status, { subject }] of Object.entries(WAITING) as [WaitingStatus, (typeof WAITING)[WaitingStatus]][]) {
      // Only with nothing waiting or in hand in any lane: a long import holds the jobs queued behind it, which are not lost.
      const backlogs = await Promise.all(lanesOf(status).map((lane) => this.queue.backlog(WORK[lane.subject].stream, lane.durable).catch(() => 1)));
      if (backlogs.some((count) => count > 0)) continue;
      // One at a time: a send that fails leaves only its own job touched, to wait for the next sweep but one.
      for (let i = 0; i < MAX_PER_SWEEP; i++) {
        const id = await this.jobs.takeUntouched(status, olderThanMs);
        if (!id) break;
        await this.queue.enqueue(subject, { job_id: id }, messageId(status, id));
        sent.push(id);
      }
    }
    if (sent.length) this.logger.warn(`sent again the lost message of ${sent.length} import job(s)`);
    return sent;
  }
}
