import { Injectable } from '@nestjs/common';
import type { ImportJobStatus, WorkSubject } from '@intake/contracts';
import { UnconfirmedJobs } from '@intake/messaging';
import { randomUUID } from 'node:crypto';
import { ImportJobsRepository } from './import-jobs.repository';

/** The statuses a job waits in for a worker, each moved on by one kind of queue message. */
export type WaitingStatus = 'analysing' | 'queued' | 'rolling_back';

type ImportWork = WorkSubject & `import.work.${string}`;

/** A queue of work: its subject, and the durable consumer its workers share. */
export interface WorkLane {
  subject: ImportWork;
  durable: string;
}

/**
 * For each waiting status: the message that moves the job on. Analyses and runs have a second lane,
 * `behind`, for an owner's job with another of theirs already ahead (waiting, or in a worker's hands):
 * it is worked only while no other owner's job waits in the first, so one user's twenty uploads do
 * not hold up everybody else's one (as the documents' bulk queue does).
 */
export const WAITING = {
  analysing: { subject: 'import.work.analyse', durable: 'import-analysers', behind: { subject: 'import.work.analyse_bulk', durable: 'import-analysers-bulk' }, ahead: ['analysing'] },
  queued: { subject: 'import.work.run', durable: 'import-runners', behind: { subject: 'import.work.run_bulk', durable: 'import-runners-bulk' }, ahead: ['queued', 'running'] },
  rolling_back: { subject: 'import.work.rollback', durable: 'import-rollbacks', ahead: ['rolling_back'] },
} satisfies Record<WaitingStatus, WaitingLanes>;

/** A waiting status's lanes, and the statuses in which an owner's other job is ahead of theirs. */
interface WaitingLanes extends WorkLane {
  behind?: WorkLane;
  ahead: ImportJobStatus[];
}

/** The lanes of a waiting status, the first one first. */
export function lanesOf(status: WaitingStatus): WorkLane[] {
  const lanes: WaitingLanes = WAITING[status];
  return lanes.behind ? [lanes, lanes.behind] : [lanes];
}

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
  async send(jobId: string, status: WaitingStatus): Promise<boolean> {
    const lanes: WaitingLanes = WAITING[status];
    const lane = lanes.behind && (await this.jobs.ownerHasEarlierIn(jobId, lanes.ahead)) ? lanes.behind : lanes;
    return this.unconfirmed.send({
      subject: lane.subject,
      payload: { job_id: jobId },
      dedupeId: messageId(status, jobId),
      stillWanted: () => this.jobs.isIn(jobId, status),
      about: { jobId },
    });
  }
}
