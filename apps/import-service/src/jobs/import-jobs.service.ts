import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  AppError,
  type Caller,
  importStorageFullMessage,
  type ImportFailures,
  type ImportJob,
  type ImportJobStatus,
  type ImportJobSummary,
  type ImportPlan,
  type ImportPreview,
  type ParsedRequestOf,
  type SameFileImports,
} from '@intake/contracts';
import { OBJECT_STORAGE, type ObjectStorage, safeObjectKey } from '@intake/storage';
import { IMPORT_CONFIG, type ImportServiceConfig } from '../config';
import { collectionAccess } from '../targets/target-access';
import { TargetsService } from '../targets/targets.service';
import { EMPTY_PROGRESS, finalProgress, type ImportJobEntity, toImportJobDto, toImportJobSummary, tookBack } from './import-job.entity';
import { compactPlan } from './compact-plan';
import { ImportJobsRepository, type OwnerHoldings } from './import-jobs.repository';
import { ProgressPublisher } from '../run/progress-publisher';
import { JobBatchesRepository } from '../run/job-batches.repository';
import { ResultFiles, runFormat } from '../run/result-files';
import { resultFileName } from '../run/result-file-names';
import { resultFileKey, type ResultRows } from '../run/sheet-results';
import { requireImporter } from './job-actors';
import { PlanChecker } from './plan-checker';
import { SAME_FILE_SHOWN, toSameFileImports } from './same-file-imports';
import { WaitingJobs, type WaitingStatus } from './waiting-jobs';

const CANCELLABLE: ImportJobStatus[] = ['analysing', 'ready', 'queued'];
const ROLLBACKABLE: ImportJobStatus[] = ['completed', 'cancelled', 'failed'];
/** Jobs no worker is busy with, nor will be unless asked again: ready was never started. */
const DELETABLE: ImportJobStatus[] = ['ready', 'completed', 'failed', 'cancelled', 'rolled_back'];
const UNTIL_DELETABLE: Partial<Record<ImportJobStatus, string>> = {
  analysing: 'cancel it first',
  queued: 'cancel it first',
  running: 'stop it and wait until it has stopped',
  rolling_back: 'wait until the rollback ends',
};
/** Unfinished jobs one user may have at once. */
export const MAX_OPEN_JOBS_PER_USER = 20;

/** Import jobs as their owner (or an admin) sees them; every other caller gets 404. */
@Injectable()
export class ImportJobsService {
  private readonly logger = new Logger('ImportJobsService');

  constructor(
    private readonly jobs: ImportJobsRepository,
    private readonly targets: TargetsService,
    private readonly waiting: WaitingJobs,
    private readonly plans: PlanChecker,
    private readonly results: ResultFiles,
    private readonly batches: JobBatchesRepository,
    private readonly progress: ProgressPublisher,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(IMPORT_CONFIG) private readonly config: ImportServiceConfig,
  ) {}

  /**
   * Whether the caller may make one more import into the target, asked before an upload is read:
   * answers what their files take and may take, so the gateway stops storing one that would pass it.
   * Counted again, under a lock, when the job is made (`create`).
   */
  async admit(caller: Caller, targetId: string): Promise<{ stored_bytes: number; max_stored_bytes: number }> {
    requireImporter(caller);
    await this.targets.requireVisible(caller, targetId);
    const held = await this.jobs.holdings(caller.userId);
    this.requireRoom(held, 1);
    return { stored_bytes: held.storedBytes, max_stored_bytes: this.config.maxStoredBytesPerUser };
  }

  /**
   * Refuses one more job of `size` bytes past the user's limits. Each unfinished job waits for a
   * worker or for its owner, and every job keeps its original until it is deleted: a flood of either
   * would hold the workers or fill the disk for everyone.
   */
  private requireRoom(held: OwnerHoldings, size: number): void {
    if (held.openJobs >= MAX_OPEN_JOBS_PER_USER) {
      throw new AppError('RATE_LIMITED', `You have ${MAX_OPEN_JOBS_PER_USER} imports not finished yet (analysing, ready, queued, running or rolling back); start or cancel some first`, { limit: MAX_OPEN_JOBS_PER_USER });
    }
    const max = this.config.maxStoredBytesPerUser;
    if (held.storedBytes + size > max) {
      throw new AppError('QUOTA_EXCEEDED', importStorageFullMessage(held.storedBytes, max), { stored_bytes: held.storedBytes, max_stored_bytes: max });
    }
  }

  async create(caller: Caller, input: ParsedRequestOf<'import.jobs.create'>): Promise<ImportJob> {
    requireImporter(caller);
    await this.targets.requireVisible(caller, input.target_id);
    const job = await this.jobs.createWithin({
      id: input.job_id,
      ownerId: caller.userId,
      ownerRole: caller.role,
      actorId: null,
      targetId: input.target_id,
      status: 'analysing',
      originalKey: input.original_key,
      originalName: input.original_name,
      size: input.size,
      sha256: input.sha256,
      format: null,
      analysis: null,
      plan: null,
      progress: EMPTY_PROGRESS,
      checkpoint: null,
      resultKey: null,
      error: null,
      cancelRequested: false,
      startedAt: null,
      finishedAt: null,
    }, (held) => this.requireRoom(held, input.size));
    // Nothing is kept of an upload whose job could not be queued: the gateway removes its file too.
    await this.send(job.id, 'analysing', () => this.jobs.remove(job.id), 'upload the file again');
    return toImportJobDto(job);
  }

  async list(caller: Caller, limit: number, offset: number): Promise<{ items: ImportJobSummary[]; total: number }> {
    const [items, total] = await this.jobs.list(caller.role === 'admin' ? null : caller.userId, limit, offset);
    return { items: items.map(toImportJobSummary), total };
  }

  async get(caller: Caller, id: string): Promise<ImportJob> {
    return toImportJobDto(await this.requireVisible(caller, id));
  }

  async preview(caller: Caller, id: string): Promise<ImportPreview> {
    const job = await this.requireVisible(caller, id);
    if (job.analysis) return job.analysis;
    if (job.status === 'analysing') throw new AppError('JOB_STATE', 'The file is still being analysed; try again in a moment');
    throw new AppError('JOB_STATE', `There is no preview: ${job.error ?? 'the analysis did not finish'}`);
  }

  /** Earlier imports of this job's file into its target that the caller may see: theirs, or everyone's for an admin. */
  async sameFile(caller: Caller, id: string): Promise<SameFileImports> {
    const job = await this.requireVisible(caller, id);
    return toSameFileImports(await this.jobs.sameFile(job, caller.role === 'admin' ? null : caller.userId, SAME_FILE_SHOWN), caller.userId);
  }

  async setPlan(caller: Caller, id: string, plan: ImportPlan): Promise<ImportJob> {
    const job = await this.requireVisible(caller, id);
    requireImporter(caller);
    this.requireStatus(job, ['ready'], 'change the plan');
    const stored = compactPlan(plan);
    await this.plans.check(caller, job, stored);
    if (!(await this.jobs.transition(id, ['ready'], { status: 'ready', plan: stored }))) this.requireStatus(await this.requireVisible(caller, id), ['ready'], 'change the plan');
    return this.get(caller, id);
  }

  /**
   * Analyses the file again, with the saved plan rather than the proposal (JobAnalyser), so columns
   * mapped by hand are checked before the start too. The old preview is shown until the new one is.
   */
  async check(caller: Caller, id: string): Promise<ImportJob> {
    const job = await this.requireVisible(caller, id);
    requireImporter(caller);
    this.requireStatus(job, ['ready'], 'check it again');
    if (!job.plan) throw new AppError('JOB_STATE', 'There is no saved plan to check: the preview checked the proposed one; save a plan first (PUT …/plan)');
    // As start would: the plan against the collections and grants as they are now, and the analysis then runs as this caller.
    await this.plans.check(caller, job, job.plan);
    if (!(await this.jobs.transition(id, ['ready'], { status: 'analysing', actorId: caller.userId }))) throw new AppError('JOB_STATE', 'The job was started or cancelled meanwhile');
    await this.send(id, 'analysing', () => this.jobs.transition(id, ['analysing'], { status: 'ready' }), 'check it again');
    return this.get(caller, id);
  }

  /** The run is done for the caller (see JobActors): as they stand when it runs, with their grants then. */
  async start(caller: Caller, id: string): Promise<ImportJob> {
    const job = await this.requireVisible(caller, id);
    requireImporter(caller);
    this.requireStatus(job, ['ready'], 'start it');
    const proposed = job.plan ?? job.analysis?.proposed_plan;
    if (!proposed) throw new AppError('JOB_STATE', 'The job has no plan yet');
    // The proposal names every column, the ones it leaves out too: stored as a saved plan is.
    const plan = compactPlan(proposed);
    await this.plans.check(caller, job, plan);
    if (!(await this.jobs.transition(id, ['ready'], { status: 'queued', plan, actorId: caller.userId }))) {
      throw new AppError('JOB_STATE', 'The job was started or cancelled meanwhile');
    }
    await this.send(id, 'queued', () => this.jobs.transition(id, ['queued'], { status: 'ready' }), 'start it again');
    return this.get(caller, id);
  }

  async cancel(caller: Caller, id: string): Promise<ImportJob> {
    const job = await this.requireVisible(caller, id);
    requireImporter(caller);
    // A check (the file was read before): stopped, the job is ready again with the preview from before it.
    if (job.status === 'analysing' && job.analysis) {
      const error = 'The check was stopped: the preview is the one from before it';
      if (await this.jobs.transition(id, ['analysing'], { status: 'ready', error })) this.progress.publish({ job_id: id, status: 'ready', progress: job.progress, error });
      // Or it ended just now: ready either way, with its preview.
      return this.get(caller, id);
    }
    const progress = finalProgress(job.progress, 'cancelled');
    if (CANCELLABLE.includes(job.status) && (await this.jobs.transition(id, CANCELLABLE, { status: 'cancelled', finishedAt: new Date(), cancelRequested: true, progress }))) {
      // Live views of the job (waiting for its start) end now; a running job's worker says so when it stops.
      this.progress.publish({ job_id: id, status: 'cancelled', progress, error: job.error });
      return this.get(caller, id);
    }
    // Running (maybe just now, started by its worker meanwhile): the worker checks this between batches, commits what it has, and stops.
    if (!(await this.jobs.requestCancel(id))) throw new AppError('JOB_STATE', `A ${(await this.requireVisible(caller, id)).status} job cannot be cancelled`);
    return this.get(caller, id);
  }

  /**
   * Done for the caller, who must hold grants to write every collection the job wrote to now (not
   * when it ran): said at once, not when the worker gets to it.
   */
  async rollback(caller: Caller, id: string): Promise<ImportJob> {
    const job = await this.requireVisible(caller, id);
    requireImporter(caller);
    this.requireStatus(job, ROLLBACKABLE, 'roll it back');
    if (!job.startedAt) throw new AppError('JOB_STATE', 'The import never ran, so there is nothing to roll back');
    if (tookBack(job)) throw new AppError('JOB_STATE', 'The import was all or nothing and took back what it wrote when it failed: there is nothing to roll back');
    // By the grants alone: the target itself may be away for a moment, which the queue waits out.
    const { target, grants } = await this.targets.requireVisible(caller, job.targetId);
    for (const collection of new Set((job.plan?.sheets ?? []).flatMap((s) => (s.collection ? [s.collection] : [])))) {
      if (collectionAccess(caller, target.id, grants, collection) !== 'write') {
        throw new AppError('FORBIDDEN', `You hold no grant to change collection '${collection}', so you cannot roll this import back; ask an administrator`);
      }
    }
    if (!(await this.jobs.startRollback(id, ROLLBACKABLE, caller.userId))) {
      throw new AppError('JOB_STATE', 'The job changed meanwhile; reload it');
    }
    await this.send(id, 'rolling_back', () => this.jobs.transition(id, ['rolling_back'], { status: job.status, error: job.error }), 'roll it back again');
    return this.get(caller, id);
  }

  /**
   * Deletes a job no worker is busy with: its row, its journal and every file it stored (the
   * original, the result files). The rows it wrote to the target stay: a rollback undoes those, and
   * after this there is nothing left to roll them back with.
   */
  async delete(caller: Caller, id: string): Promise<void> {
    const job = await this.requireVisible(caller, id);
    requireImporter(caller);
    const refuse = (status: ImportJobStatus) => new AppError('JOB_STATE', `Cannot delete the import while it is ${status.replace('_', ' ')}: ${UNTIL_DELETABLE[status] ?? 'reload it'}`);
    if (!DELETABLE.includes(job.status)) throw refuse(job.status);
    // Everything a job stores is under imports/<jobId>/; its original by the key it was stored with, too.
    const folder = `${safeObjectKey('imports', job.id)}/`;
    const removeFiles = async () => {
      await this.storage.delete(job.originalKey);
      await this.storage.deletePrefix(folder);
    };
    if (!(await this.jobs.removeWithFiles(id, DELETABLE, removeFiles))) throw refuse((await this.requireVisible(caller, id)).status);
    // Again once the row is gone: a result file asked for just before (made on its first download) may have been written since.
    await this.storage.deletePrefix(folder);
  }

  /**
   * Sends the message the job, saved in `status`, waits for. One NATS did not confirm in time is sent
   * again (WaitingJobs); one the queue refused outright leaves the job as it was (`undo`) and the
   * caller is told to try again. An undo that fails too leaves the job waiting for the stale-job sweep.
   */
  private async send(id: string, status: WaitingStatus, undo: () => Promise<unknown>, retry: string): Promise<void> {
    try {
      await this.waiting.send(id, status);
    } catch (error) {
      this.logger.error({ err: error, jobId: id }, 'queueing the job failed');
      const undone = await undo().then(
        () => true,
        (undoError: unknown) => (this.logger.error({ err: undoError, jobId: id }, 'putting the job back failed; the stale-job sweep sends it later'), false),
      );
      const outcome = undone ? `nothing changed; ${retry} shortly` : 'the job goes on once the queue is back';
      // job_kept: the gateway keeps an upload's file for the job that stays.
      throw new AppError('SERVICE_UNAVAILABLE', `The job queue is not reachable right now, so ${outcome}`, { retry_after_seconds: 5, job_kept: !undone });
    }
  }

  /** The job's failed rows, a page at a time; none before it has run. */
  async failures(caller: Caller, id: string, limit: number, offset: number): Promise<ImportFailures> {
    const job = await this.requireVisible(caller, id);
    const page = await this.batches.failures(job.id, limit, offset);
    const sheets = job.analysis?.sheets ?? [];
    return { items: page.map((f) => ({ sheet: sheets[f.sheetIndex]?.name ?? '', row: f.row, error: f.error })), total: job.progress.failed };
  }

  /** Where the gateway may stream a job's file from, once the caller is known to see the job. */
  async file(caller: Caller, id: string, which: 'original' | 'result', asked: 'xlsx' | 'csv' | undefined, sheet?: string, rows: ResultRows = 'all') {
    const job = await this.requireVisible(caller, id);
    if (which === 'original') return { key: job.originalKey, filename: job.originalName, content_type: 'application/octet-stream' };
    if (!job.resultKey || !job.analysis || !job.plan) throw new AppError('JOB_STATE', 'The result file is written when the job finishes');
    const imported = job.plan.sheets.filter((s) => s.collection !== null).map((s) => s.sheet);
    const name = sheet ?? imported[0];
    const index = job.analysis.sheets.findIndex((s) => s.name === name);
    if (index < 0 || !imported.includes(name)) throw new AppError('NOT_FOUND', `The job imported no sheet '${name}'; it imported ${imported.map((s) => `'${s}'`).join(', ')}`);
    const format = asked ?? runFormat(job);
    const key = resultFileKey(job.resultKey, index, format, rows);
    await this.results.ensure(job, index, format, rows);
    const type = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    return { key, filename: resultFileName(job.originalName, imported.length > 1 ? name : null, rows, format), content_type: type };
  }

  private async requireVisible(caller: Caller, id: string): Promise<ImportJobEntity> {
    const job = await this.jobs.findById(id);
    if (!job || (caller.role !== 'admin' && job.ownerId !== caller.userId)) throw new AppError('JOB_NOT_FOUND', `Import ${id} does not exist`);
    return job;
  }

  private requireStatus(job: ImportJobEntity, allowed: ImportJobStatus[], action: string): void {
    if (!allowed.includes(job.status)) throw new AppError('JOB_STATE', `Cannot ${action}: the import is ${job.status.replace(/_/g, ' ')}`);
  }
}
