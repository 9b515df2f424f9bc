import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { AppError } from '@intake/contracts';
import { WorkQueue } from '@intake/messaging';
import { IMPORT_CONFIG, type ImportServiceConfig } from '../config';
import { ImportJobsRepository } from '../jobs/import-jobs.repository';
import { JobActors } from '../jobs/job-actors';
import { WAITING } from '../jobs/waiting-jobs';
import { JobRollback, rollbackNotes, type RollbackResult } from '../nocobase-writer/job-rollback';
import { NocoBaseService } from '../nocobase/nocobase.service';
import { TargetsService } from '../targets/targets.service';
import { ProgressPublisher } from './progress-publisher';
import { ResultFiles } from './result-files';

/** Worker for `import.work.rollback`: undoes a finished job from its journal (idempotent, so retries are safe). */
@Injectable()
export class JobRollbackWorker implements OnApplicationBootstrap {
  constructor(
    @Inject(IMPORT_CONFIG) private readonly config: ImportServiceConfig,
    private readonly queue: WorkQueue,
    private readonly jobs: ImportJobsRepository,
    private readonly targets: TargetsService,
    private readonly nocobase: NocoBaseService,
    private readonly rollback: JobRollback,
    private readonly progress: ProgressPublisher,
    private readonly actors: JobActors,
    private readonly results: ResultFiles,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role === 'api') return;
    await this.queue.work(
      'import.work.rollback',
      {
        durable: WAITING.rolling_back.durable,
        ackWaitMs: this.config.workerAckWaitMs,
        // Back to what it was, with the reason: the user may try again once the target is reachable.
        giveUp: ({ job_id }, error) => this.jobs.rollbackFailed(job_id, `The rollback failed: ${error.message}`),
      },
      ({ job_id }) => this.undo(job_id),
    );
  }

  async undo(jobId: string): Promise<void> {
    const job = await this.jobs.findById(jobId);
    if (!job || job.status !== 'rolling_back') return;
    let result: RollbackResult;
    try {
      // As the user who asked for it stands now (see JobActors), with the grants they hold now.
      const actor = await this.actors.current(job, 'write');
      const { target } = await this.targets.requireVisible(actor, job.targetId);
      result = await this.rollback.rollbackJob({
        jobId,
        conn: this.targets.nocoBaseConnection(target),
        describe: (name) => this.nocobase.describe(actor, job.targetId, name),
        describeLinked: (name) => this.nocobase.describeAround(target, name),
      });
    } catch (error) {
      // Not allowed (any more), or gone: no retry changes that; the job goes back to what it was, saying why.
      if (!(error instanceof AppError && (error.status === 403 || error.status === 404))) throw error;
      await this.jobs.rollbackFailed(jobId, `The rollback was not made: ${error.message}`);
      return this.publish(jobId);
    }
    const notes = rollbackNotes(result);
    const note = notes ? `Rolled back with notes: ${notes}` : null;
    if (await this.jobs.transition(jobId, ['rolling_back'], { status: 'rolled_back', error: note })) await this.results.forget(job);
    await this.publish(jobId);
  }

  private async publish(jobId: string): Promise<void> {
    const done = await this.jobs.findById(jobId);
    if (done) this.progress.publish({ job_id: jobId, status: done.status, progress: done.progress, error: done.error });
  }
}
