import { Injectable } from '@nestjs/common';
import type { WorkSubject } from '@intake/contracts';
import { UnconfirmedJobs } from '@intake/messaging';
import { ImportJobsRepository } from './import-jobs.repository';

/** The statuses a job waits in for a worker, each moved on by one kind of queue message. */
export type WaitingStatus = 'analysing' | 'queued' | 'rolling_back';

/** For each waiting status: the message that moves the job on, the durable consumer its workers share, and its message id. */
export const WAITING: Record<WaitingStatus, { subject: WorkSubject & `import.work.${string}`; durable: string; messageId: (jobId: string) => string }> = {
  analysing: { subject: 'import.work.analyse', durable: 'import-analysers', messageId: (id) => `analyse:${id}` },
  queued: { subject: 'import.work.run', durable: 'import-runners', messageId: (id) => `run:${id}` },
  rolling_back: { subject: 'import.work.rollback', durable: 'import-rollbacks', messageId: (id) => `rollback:${id}` },
};

/**
 * Sends the message a job saved in a waiting status needs. When NATS does not confirm it in time,
 * it is sent again while the job still waits (UnconfirmedJobs); StaleImportJobs takes over after that.
 */
@Injectable()
export class WaitingJobs {
  constructor(
    private readonly unconfirmed: UnconfirmedJobs,
    private readonly jobs: ImportJobsRepository,
  ) {}

  /** Answers false when NATS did not confirm the message in time; throws when the queue refused it. */
  send(jobId: string, status: WaitingStatus): Promise<boolean> {
    const { subject, messageId } = WAITING[status];
    return this.unconfirmed.send({ subject, payload: { job_id: jobId }, dedupeId: messageId(jobId), stillWanted: () => this.jobs.isIn(jobId, status), about: { jobId } });
  }
}
