import type { ImportJob, ImportJobStatus, ImportJobSummary, ImportPlan, ImportPreview, ImportProgress, Role } from '@intake/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Where a running job stands: the next row to read in each sheet, after the last committed batch. */
export interface JobCheckpoint {
  /** Position in `order` of the sheet being written. */
  sheetIndex: number;
  /** Rows of that sheet already written (0-based count of data rows). */
  rowsDone: number;
  batchNo: number;
  /**
   * The sheets in the order the run takes them, kept so that a resumed run follows the order it
   * started with even if the ordering rules or the collections changed meanwhile.
   */
  order?: string[];
}

export const EMPTY_PROGRESS: ImportProgress = {
  rows_total: null,
  rows_processed: 0,
  inserted: 0,
  updated: 0,
  unchanged: 0,
  skipped: 0,
  failed: 0,
  rows_per_second: null,
  eta_seconds: null,
};

@Entity({ name: 'import_jobs' })
export class ImportJobEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId!: string;

  /** The owner's role at upload, kept as a record of it: the work runs as the user stands when it runs (JobActors). */
  @Column({ name: 'owner_role', type: 'varchar', length: 16 })
  ownerRole!: Role;

  /** Who last asked for the job's work (start, rollback); null: the owner. See JobActors. */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ name: 'target_id', type: 'uuid' })
  targetId!: string;

  @Column({ type: 'varchar', length: 20 })
  status!: ImportJobStatus;

  @Column({ name: 'original_key', type: 'text' })
  originalKey!: string;

  @Column({ name: 'original_name', type: 'varchar', length: 255 })
  originalName!: string;

  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  size!: number;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  format!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  analysis!: ImportPreview | null;

  @Column({ type: 'jsonb', nullable: true })
  plan!: ImportPlan | null;

  @Column({ type: 'jsonb' })
  progress!: ImportProgress;

  @Column({ type: 'jsonb', nullable: true })
  checkpoint!: JobCheckpoint | null;

  @Column({ name: 'result_key', type: 'text', nullable: true })
  resultKey!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'cancel_requested', type: 'boolean', default: false })
  cancelRequested!: boolean;

  /** Analyses begun and never ended: their process died (see JobAnalyser). */
  @Column({ name: 'analyses_unfinished', type: 'int', default: 0 })
  analysesUnfinished!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}

export function toImportJobDto(job: ImportJobEntity): ImportJob {
  return {
    id: job.id,
    owner_id: job.ownerId,
    target_id: job.targetId,
    status: job.status,
    file: { name: job.originalName, size: job.size, sha256: job.sha256, format: job.format },
    plan: job.plan,
    progress: { ...EMPTY_PROGRESS, ...job.progress },
    error: job.error,
    has_result: job.resultKey !== null,
    cancel_requested: job.cancelRequested,
    created_at: job.createdAt.toISOString(),
    started_at: job.startedAt?.toISOString() ?? null,
    finished_at: job.finishedAt?.toISOString() ?? null,
  };
}

export function toImportJobSummary(job: ImportJobEntity): ImportJobSummary {
  const { plan, ...summary } = toImportJobDto(job);
  const collections = [...new Set((plan?.sheets ?? []).map((sheet) => sheet.collection).filter((name): name is string => name !== null))];
  return { ...summary, mode: plan?.mode ?? null, collections };
}

/**
 * The counts a finished job keeps: no ETA, and a stopped one counts the rows it never reached as
 * skipped, as its result file marks them. An all-or-nothing job that took its rows back counts
 * them as skipped too: nothing it wrote is left.
 */
export function finalProgress(progress: ImportProgress, status: 'completed' | 'failed' | 'cancelled', tookBack = false): ImportProgress {
  const notReached = status === 'completed' ? 0 : Math.max(0, (progress.rows_total ?? 0) - progress.rows_processed);
  const counts = { ...progress, skipped: progress.skipped + notReached, eta_seconds: null };
  return tookBack ? { ...counts, inserted: 0, updated: 0, skipped: counts.skipped + progress.inserted + progress.updated } : counts;
}

/**
 * A failed all-or-nothing job whose undo ran: its counts say it kept nothing (`finalProgress`),
 * whereas an undo that failed left them, as it left the rows. Such a job stays failed: there is
 * nothing left to roll back (ImportJobsService refuses), so this holds for good.
 */
export function tookBack(job: Pick<ImportJobEntity, 'status' | 'plan' | 'progress'>): boolean {
  return job.status === 'failed' && job.plan?.all_or_nothing === true && job.progress.inserted + job.progress.updated === 0;
}
