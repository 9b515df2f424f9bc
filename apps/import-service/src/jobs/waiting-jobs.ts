import { Injectable } from '@nestjs/common';
import type { WorkSubject } from '@intake/contracts';
import { UnconfirmedJobs } from '@intake/messaging';
import { randomUUID } from 'node:crypto';
import { ImportJobsRepository } from './import-jobs.repository';

/** The statuses a job waits in for a worker, each moved on by one kind of queue message. */
export type WaitingStatus = 'analysing' | 'queued' | 'rolling_back';

type ImportWork = WorkSubject & `import.work.${string}`;

/** For each waiting status: the message that moves the job on, and the durable consumer its workers share. */
export const WAITING: Record<WaitingStatus, { subject: ImportWork; durable: string }> = {
  analysing: { subject: 'import.work.analyse', durable: 'import-analysers' },
  queued: { subject: 'import.work.run', durable: 'import-runners' },
  rolling_back: { subject: 'import.work.rollback', durable: 'import-rollbacks' },
};

/**
 * A message id of its own for each request: NATS then drops only the copies of one request. With
 * one id per job, a rollback asked again within the stream's two-minute duplicate window (after one
 * that failed) was dropped as a copy of the first, and the job waited for nothing.
 */
export const messageId = (status: WaitingStatus, jobId: string) => `${status}:${jobId}:${randomUUID()}`;

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
    return this.unconfirmed.send({
      subject: WAITING[status].subject,
      payload: { job_id: jobId },
      dedupeId: messageId(status, jobId),
      stillWanted: () => this.jobs.isIn(jobId, status),
      about: { jobId },
    });
  }
}
