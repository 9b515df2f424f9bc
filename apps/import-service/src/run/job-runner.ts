import { passingFailure } from '../nocobase/nocobase-connection';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppError, type Caller, type CollectionDescription, sheetKeyFields, unavailableDependency } from '@intake/contracts';
import { WorkQueue, WorkSlots } from '@intake/messaging';
import { OBJECT_STORAGE, type ObjectStorage } from '@intake/storage';
import { isTabularError, openTable } from '@intake/tabular';
import { IMPORT_CONFIG, type ImportServiceConfig } from '../config';
import { finalProgress, type ImportJobEntity } from '../jobs/import-job.entity';
import { JobActors } from '../jobs/job-actors';
import { ImportJobsRepository } from '../jobs/import-jobs.repository';
import { WAITING } from '../jobs/waiting-jobs';
import { PlanChecker } from '../jobs/plan-checker';
import { IdReservations } from '../nocobase-writer/id-reservations';
import { JobRollback, rollbackNotes, type RollbackResult } from '../nocobase-writer/job-rollback';
import { LinkTables } from '../nocobase-writer/link-table';
import { NocoBaseBatchWriter } from '../nocobase-writer/nocobase-batch-writer';
import { RelationResolver } from '../nocobase-writer/relation-resolver';
import { namesRecords } from '../nocobase-writer/field-kind';
import { planConversion, RowConverter } from '../nocobase-writer/row-converter';
import { TableFactsReader } from '../nocobase-writer/table-facts';
import { modeInserts } from '../nocobase-writer/writer-types';
import { NocoBaseService } from '../nocobase/nocobase.service';
import { TargetsService } from '../targets/targets.service';
import { JobBatchesRepository } from './job-batches.repository';
import { ProgressPublisher } from './progress-publisher';
import { RateMeter } from './rate';
import { ResultFiles } from './result-files';
import { orderSheets, sheetsInOrder } from './sheet-order';
import { type BatchPorts, countOutcomes, rowNamer, type SheetImport } from './sheet-import';
import { allOrNothingFailed, Cancelled, runSheet, type SheetRunPorts } from './sheet-run';

/**
 * Worker for `import.work.run`: streams each sheet from its checkpoint, writes batches into NocoBase,
 * records each batch's outcomes with the checkpoint after it commits, and writes the result file.
 * A redelivered job (killed worker) resumes at the checkpoint; the writer's reserved ids make a
 * replayed batch harmless.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap {
  private readonly logger = new Logger(JobRunner.name);

  constructor(
    @Inject(IMPORT_CONFIG) private readonly config: ImportServiceConfig,
    private readonly queue: WorkQueue,
    private readonly jobs: ImportJobsRepository,
    private readonly batches: JobBatchesRepository,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly nocobase: NocoBaseService,
    private readonly targets: TargetsService,
    private readonly plans: PlanChecker,
    private readonly reservations: IdReservations,
    private readonly facts: TableFactsReader,
    private readonly resolver: RelationResolver,
    private readonly linkTables: LinkTables,
    private readonly writer: NocoBaseBatchWriter,
    private readonly rollback: JobRollback,
    private readonly results: ResultFiles,
    private readonly progress: ProgressPublisher,
    private readonly actors: JobActors,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role === 'api') return;
    // One run of the first lane at a time, and one of the second while no run is under way, so at
    // most two at once: the first lane's next starts as the run before it ends, beside a second-lane one begun meanwhile.
    const pool = new WorkSlots(1);
    for (const [lane, turn] of [[WAITING.queued, 'first'], [WAITING.queued.behind, 'yields']] as const) {
      await this.queue.work(
        lane.subject,
        {
          durable: lane.durable,
          concurrency: 1,
          ackWaitMs: this.config.workerAckWaitMs,
          maxDeliver: 5,
          giveUp: ({ job_id }, error) => this.finish(job_id, 'failed', `The import stopped: ${error.message}`),
          slots: { pool, turn },
        },
        ({ job_id }, { delivery, restarted }) => this.run(job_id, delivery > 1 || restarted),
      );
    }
  }

  /**
   * Runs a queued job, or resumes a running one when this is a redelivery (its worker died). A
   * first delivery finding the job running is a second copy of the message: the job is in hand.
   */
  async run(jobId: string, redelivery: boolean): Promise<void> {
    const job = await this.jobs.findById(jobId);
    if (!job || !(job.status === 'queued' || (job.status === 'running' && redelivery))) return;
    // Only one delivery moves the job on from queued (a cancel, or another copy, may come first).
    if (job.status === 'queued' && !(await this.jobs.transition(jobId, ['queued'], { status: 'running', startedAt: new Date() }))) return;
    // An all-or-nothing run that met a failed row and could not undo yet (the target away) is failing,
    // not to be resumed past that row: its undo is tried again.
    const failure = job.status === 'running' && job.plan?.all_or_nothing ? await this.batches.firstFailure(jobId) : null;
    if (failure) return this.finish(jobId, 'failed', allOrNothingFailed(failure).message);
    try {
      await this.importSheets(job);
      await this.finish(jobId, 'completed', null);
    } catch (error) {
      if (error instanceof Cancelled) return this.finish(jobId, 'cancelled', null);
      // The target away for a moment (a restart, a connection ended), or auth-service: the queue delivers the job again, which resumes at its checkpoint.
      if (passingFailure(error)) throw error;
      if (isTabularError(error) || error instanceof AppError) return this.finish(jobId, 'failed', (error as Error).message);
      throw error;
    }
  }

  private async importSheets(job: ImportJobEntity): Promise<void> {
    const { plan, analysis } = job;
    if (!plan || !analysis) throw new AppError('JOB_STATE', 'The job has no plan to run');
    // Checked again as its user stands now: grants, role or account may have changed since the start.
    const actor = await this.actors.current(job, 'write');
    const descriptions = await this.plans.check(actor, job, plan);
    const { target } = await this.targets.requireVisible(actor, job.targetId);
    const conn = this.targets.nocoBaseConnection(target);
    const source = await openTable(() => this.storage.get(job.originalKey), { name: job.originalName.replace(/\.[^.]+$/, '') || 'Sheet1' });
    const analysed = analysis.sheets;
    const rowTotal = analysed.reduce((sum, s) => sum + s.rows, 0);
    const meter = new RateMeter();
    let progress = { ...job.progress };
    let checkpoint = job.checkpoint ?? { sheetIndex: 0, rowsDone: 0, batchNo: 0 };
    const ordered = sheetsInOrder(plan.sheets, checkpoint.order) ?? orderSheets(plan.sheets, descriptions);
    const order = ordered.map((s) => s.sheet);
    for (const sheetPlan of ordered) {
      const description = descriptions.get(sheetPlan.collection ?? '');
      const fields = Object.values(sheetPlan.mapping).flatMap((f) => (f === null ? [] : [f.split('.')[0]]));
      if (description) await this.linkTables.check(conn, description, fields);
    }
    for (const [orderIndex, sheetPlan] of ordered.entries()) {
      if (orderIndex < checkpoint.sheetIndex) continue;
      const description = descriptions.get(sheetPlan.collection ?? '');
      const analysedIndex = analysed.findIndex((s) => s.name === sheetPlan.sheet);
      if (!description || analysedIndex < 0) throw new AppError('JOB_STATE', `Sheet '${sheetPlan.sheet}' is not in the analysed file`);
      const indexOf = new Map(analysed[analysedIndex].columns.map((c) => [c.letter, c.index]));
      const mapping = Object.fromEntries(
        Object.entries(sheetPlan.mapping).flatMap(([letter, field]) => (field !== null && indexOf.has(letter) ? [[indexOf.get(letter), field]] : [])),
      );
      const table = await source.read(sheetPlan.sheet);
      // The plan maps columns by letter as the analysis read them: a reader that now finds other column names (a release that
      // reads the header elsewhere) would put the values into the wrong fields.
      const names = analysed[analysedIndex].columns.map((c) => c.name);
      if (table.headers.length !== names.length || table.headers.some((h, i) => h !== names[i])) {
        await table.close();
        throw new AppError('JOB_STATE', `Sheet '${sheetPlan.sheet}' now reads with other column names than when it was checked, so its plan no longer fits: upload the file again`);
      }
      const facts = await this.facts.read(conn, description);
      const converter = new RowConverter(description, mapping, { columns: table.columns, maxLengths: facts.maxLengths, ...planConversion(plan) });
      const relationTargets = await this.relationTargets(actor, job, description, converter);
      const sheet: SheetImport = {
        jobId: job.id,
        sheetIndex: orderIndex,
        rowOffset: analysed.slice(0, analysedIndex).reduce((sum, s) => sum + s.rows, 0),
        table,
        description,
        converter,
        relations: converter.relationPlans(relationTargets),
        conn,
        ids: modeInserts(plan.mode) ? await this.reservations.reserve({ jobId: job.id, conn, description, rowCount: rowTotal }) : null,
        plan,
        keyFields: sheetKeyFields(plan, sheetPlan),
        rowName: rowNamer(analysed, sheetPlan.sheet),
      };
      const skip = orderIndex === checkpoint.sheetIndex ? checkpoint.rowsDone : 0;
      const results = this.results.open(job, analysedIndex, table.headers);
      const ports: SheetRunPorts = {
        ...this.ports,
        commit: async (batch) => {
          meter.add(batch.outcomes.length);
          progress = meter.apply(countOutcomes(progress, batch.outcomes));
          const answer = await this.batches.commit({ jobId: job.id, sheetIndex: analysedIndex, progress, ...batch });
          this.progress.publish({ job_id: job.id, status: 'running', progress, error: null });
          return answer;
        },
      };
      try {
        const options = { orderIndex, order, skip, batchNo: checkpoint.batchNo, allOrNothing: plan.all_or_nothing };
        checkpoint = await results.fill(() => runSheet(sheet, ports, results, this.results.stored(job, analysedIndex), options));
      } finally {
        await table.close();
      }
      checkpoint = { sheetIndex: orderIndex + 1, rowsDone: 0, batchNo: checkpoint.batchNo, order };
    }
  }

  private readonly ports: BatchPorts = {
    resolve: (conn, plans, rows, sameImport) => this.resolver.resolve(conn, plans, rows, sameImport),
    write: (sheet, batchNo, rows) =>
      this.writer.writeBatch({ jobId: sheet.jobId, batchNo, conn: sheet.conn, description: sheet.description, ids: sheet.ids, mode: sheet.plan.mode, keyFields: sheet.keyFields, emptyCells: sheet.plan.empty_cells, rows, rowName: sheet.rowName }),
  };

  private async relationTargets(actor: Caller, job: ImportJobEntity, description: CollectionDescription, converter: RowConverter) {
    const names = new Set(
      description.fields.flatMap((f) => (converter.fields.includes(f.name) && f.relation && namesRecords(f) ? [f.relation.target] : [])),
    );
    const targets: Record<string, CollectionDescription> = {};
    for (const name of names) targets[name] = name === description.name ? description : await this.nocobase.describeLinked(actor, job.targetId, name);
    return targets;
  }

  private async finish(jobId: string, status: 'completed' | 'failed' | 'cancelled', error: string | null): Promise<void> {
    const job = await this.jobs.findById(jobId);
    if (!job) return;
    let tookBack = false;
    if (status === 'failed' && job.plan?.all_or_nothing) {
      // An undo that cannot run for a reason that will not pass (the target or a collection deleted)
      // is said in the job's error: thrown, it left the job running after every delivery.
      const undoFailed = await this.undo(job).then(
        (result) => {
          // Records changed during the run keep those changes: said, not hidden behind "nothing was kept".
          const notes = rollbackNotes(result);
          if (notes) error = `${error ?? 'The import failed'}; its rows were taken back, except: ${notes}`;
          return null;
        },
        (e: unknown) => {
          if (unavailableDependency(e)) throw e;
          return e as Error;
        },
      );
      if (undoFailed) error = `${error ?? 'The import failed'}; removing the rows it wrote failed: ${undoFailed.message}`;
      tookBack = !undoFailed;
    }
    // A completed run wrote the result files as it went; a stopped one has them rewritten whole.
    const written = status === 'completed' ? Promise.resolve(this.results.folder(job)) : this.results.write(job, tookBack);
    const resultKey = await written.catch((e: Error) => {
      this.logger.error({ jobId, err: e }, 'writing the result file failed');
      return null;
    });
    await this.jobs.transition(jobId, ['running', 'queued'], { status, error, finishedAt: new Date(), resultKey, cancelRequested: status === 'cancelled', progress: finalProgress(job.progress, status, tookBack) });
    const done = await this.jobs.findById(jobId);
    if (done) this.progress.publish({ job_id: jobId, status: done.status, progress: done.progress, error: done.error });
  }

  /**
   * An all-or-nothing job's own undo: part of the run the user asked for, so it is done whatever
   * their grants have become since (it only takes back what this job wrote).
   */
  private async undo(job: ImportJobEntity): Promise<RollbackResult> {
    const target = await this.targets.require(job.targetId);
    const conn = this.targets.nocoBaseConnection(target);
    const describe = (name: string) => this.nocobase.describeAround(target, name);
    return this.rollback.rollbackJob({ jobId: job.id, conn, describe, describeLinked: describe });
  }
}

