import { Inject, Injectable } from '@nestjs/common';
import type { ImportJobStatus, ImportMode, ImportPlan } from '@intake/contracts';
import { DataSource, type EntityManager, In } from 'typeorm';
import { ImportJobEntity } from './import-job.entity';

export type ImportJobChanges = Partial<Omit<ImportJobEntity, 'id' | 'createdAt' | 'updatedAt'>>;
export type NewImportJob = Omit<ImportJobEntity, 'createdAt' | 'updatedAt' | 'analysesUnfinished'>;

/** An earlier job of the same file into the same target (sameFile), with the collections its plan wrote to. */
export interface SameFileRow {
  id: string;
  original_name: string;
  status: ImportJobStatus;
  mode: ImportMode | null;
  collections: string[];
  owner_id: string;
  created_at: Date;
  finished_at: Date | null;
  inserted: string;
  updated: string;
  total: string;
  /** Every collection any of them wrote to, the rows past `limit` too. */
  all_collections: string[];
}

/** A run job's sheet whose columns had given names (resultOrigin): its plan, and the sheet's column letters in order. */
export interface ResultOriginRow {
  id: string;
  original_name: string;
  plan: ImportPlan;
  sheet: string;
  letters: string[];
}

/** What one user's imports hold: jobs not finished yet, and the bytes of the originals of them all. */
export interface OwnerHoldings {
  openJobs: number;
  storedBytes: number;
}

const OPEN_STATUSES: ImportJobStatus[] = ['analysing', 'ready', 'queued', 'running', 'rolling_back'];
/**
 * What a job keeps in our schema besides its row (`job_batches` goes with it by its foreign key):
 * the write journal, which only a rollback reads. `id_reservations` stays: the ids a job reserved may
 * still be in the target, and a later job must not be given the same ones.
 */
const JOURNAL_TABLES = ['job_changes', 'job_change_batches', 'job_batch_writes', 'job_inserts', 'job_links'];

@Injectable()
export class ImportJobsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(ImportJobEntity);
  }

  /**
   * Saves the job once `admit` accepts what its owner holds (it throws to refuse), counted under a
   * lock per owner held until the job is saved: parallel uploads of one user are counted one after
   * the other, each seeing the jobs saved before it, so together they cannot pass a limit.
   */
  createWithin(job: NewImportJob, admit: (held: OwnerHoldings) => void): Promise<ImportJobEntity> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('intake:import-create:' || $1))`, [job.ownerId]);
      admit(await this.holdings(job.ownerId, manager));
      const repo = manager.getRepository(ImportJobEntity);
      return repo.save(repo.create(job));
    });
  }

  /** Jobs not finished (analysing, ready, queued, running or rolling back) and the bytes of every original the owner's jobs keep. */
  async holdings(ownerId: string, manager: EntityManager = this.dataSource.manager): Promise<OwnerHoldings> {
    const [row]: { open: number; stored: string }[] = await manager.query(
      `SELECT count(*) FILTER (WHERE status = ANY($2))::int AS open, coalesce(sum(size), 0)::bigint AS stored FROM imports.import_jobs WHERE owner_id = $1`,
      [ownerId, OPEN_STATUSES],
    );
    return { openJobs: row.open, storedBytes: Number(row.stored) };
  }

  /**
   * Deletes the job, when it is in one of `from`, with its journal; `removeFiles` runs before the
   * commit, so files that cannot be removed leave the job as it was (to be deleted again). The row
   * stays locked meanwhile: a start or rollback asked for then waits, and finds it gone.
   * False when the job was not in `from`.
   */
  removeWithFiles(id: string, from: ImportJobStatus[], removeFiles: () => Promise<void>): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [, count]: [unknown[], number] = await manager.query(`DELETE FROM imports.import_jobs WHERE id = $1 AND status = ANY($2)`, [id, from]);
      if (count === 0) return false;
      for (const table of JOURNAL_TABLES) await manager.query(`DELETE FROM imports.${table} WHERE job_id = $1`, [id]);
      await removeFiles();
      return true;
    });
  }

  findById(id: string): Promise<ImportJobEntity | null> {
    return this.repo.findOneBy({ id });
  }

  async list(ownerId: string | null, limit: number, offset: number): Promise<[ImportJobEntity[], number]> {
    return this.repo.findAndCount({ where: ownerId ? { ownerId } : {}, order: { createdAt: 'DESC' }, take: limit, skip: offset });
  }

  /** Asks a running job's worker to stop after its batch; false when the job is not running. */
  async requestCancel(id: string): Promise<boolean> {
    const [, count]: [unknown[], number] = await this.dataSource.query(`UPDATE imports.import_jobs SET cancel_requested = true, updated_at = now() WHERE id = $1 AND status = 'running'`, [id]);
    return count > 0;
  }

  async update(id: string, changes: ImportJobChanges): Promise<void> {
    await this.repo.update({ id }, changes as never);
  }

  /** An analysis of the job begins: how many before it began and never ended (null when the job is no longer analysing). */
  async beginAnalysis(id: string): Promise<number | null> {
    const [rows]: [{ before: number }[], number] = await this.dataSource.query(
      `UPDATE imports.import_jobs SET analyses_unfinished = analyses_unfinished + 1 WHERE id = $1 AND status = 'analysing' RETURNING analyses_unfinished - 1 AS before`,
      [id],
    );
    return rows[0]?.before ?? null;
  }

  /** The analysis ended, however: it did not take its process down. */
  async endAnalysis(id: string): Promise<void> {
    await this.dataSource.query('UPDATE imports.import_jobs SET analyses_unfinished = 0 WHERE id = $1', [id]);
  }

  /** Whether the job is still in `status`. */
  async isIn(id: string, status: ImportJobStatus): Promise<boolean> {
    return this.repo.existsBy({ id, status });
  }

  /**
   * Whether the owner of job `id` has a job made before it in one of `statuses`: of two sent at once,
   * the earlier is first (each seeing the other, both would go behind).
   */
  async ownerHasEarlierIn(id: string, statuses: ImportJobStatus[]): Promise<boolean> {
    const [row]: { found: boolean }[] = await this.repo.query(
      `SELECT EXISTS (SELECT 1 FROM imports.import_jobs other JOIN imports.import_jobs job ON job.owner_id = other.owner_id
         WHERE job.id = $1 AND other.id <> $1 AND other.status = ANY($2) AND (other.created_at, other.id) < (job.created_at, job.id)) AS found`,
      [id, statuses],
    );
    return row.found;
  }

  /**
   * The job in `status` untouched longest, if for longer than `olderThanMs`, touched as it is taken:
   * a second caller meanwhile does not find it.
   */
  async takeUntouched(status: ImportJobStatus, olderThanMs: number): Promise<string | null> {
    const [rows]: [{ id: string }[], number] = await this.dataSource.query(
      `UPDATE imports.import_jobs SET updated_at = now() WHERE id = (
         SELECT id FROM imports.import_jobs WHERE status = $1 AND updated_at < now() - make_interval(secs => $2)
         ORDER BY updated_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [status, olderThanMs / 1000],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Moves the job to rolling_back from one of `from` for `actorId`, noting what it was; a job whose
   * earlier rollback failed keeps the note of before that one. False when it was not in `from`.
   */
  async startRollback(id: string, from: ImportJobStatus[], actorId: string): Promise<boolean> {
    const [, count]: [unknown[], number] = await this.dataSource.query(
      `UPDATE imports.import_jobs SET status = 'rolling_back', error = NULL, updated_at = now(), actor_id = $3,
         before_rollback = coalesce(before_rollback, jsonb_build_object('status', status, 'error', error))
       WHERE id = $1 AND status = ANY($2)`,
      [id, from, actorId],
    );
    return count > 0;
  }

  /** A rollback that gave up: the job goes back to what it was, with `reason` (and its own error after it). */
  async rollbackFailed(id: string, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE imports.import_jobs SET status = coalesce(before_rollback->>'status', 'completed'), updated_at = now(),
         error = $2 || coalesce(' (before it: ' || (before_rollback->>'error') || ')', '')
       WHERE id = $1 AND status = 'rolling_back'`,
      [id, reason],
    );
  }

  /**
   * Other jobs of the same bytes into the same target whose rows are there: written and not rolled
   * back (or being rolled back, still there until it ends), or queued or running; newest first, each
   * row with how many there are in all and every collection they wrote to. `ownerId` null: everyone's.
   */
  sameFile(job: Pick<ImportJobEntity, 'id' | 'targetId' | 'sha256'>, ownerId: string | null, limit: number): Promise<SameFileRow[]> {
    return this.dataSource.query(
      `WITH matched AS (
         SELECT id, original_name, status, plan->>'mode' AS mode, owner_id, created_at, finished_at,
                coalesce((SELECT jsonb_agg(DISTINCT s->>'collection') FROM jsonb_array_elements(plan->'sheets') s WHERE s->>'collection' IS NOT NULL), '[]') AS collections,
                coalesce((progress->>'inserted')::bigint, 0) AS inserted, coalesce((progress->>'updated')::bigint, 0) AS updated
           FROM imports.import_jobs
          WHERE target_id = $1 AND sha256 = $2 AND id <> $3 AND ($4::uuid IS NULL OR owner_id = $4)
            AND (status IN ('queued', 'running')
                 OR (status IN ('completed', 'failed', 'cancelled', 'rolling_back')
                     AND coalesce((progress->>'inserted')::bigint, 0) + coalesce((progress->>'updated')::bigint, 0) > 0)))
       SELECT m.*, (SELECT count(*) FROM matched) AS total,
              (SELECT coalesce(jsonb_agg(DISTINCT c ORDER BY c), '[]') FROM matched, jsonb_array_elements_text(matched.collections) c) AS all_collections
         FROM matched m
        ORDER BY m.created_at DESC
        LIMIT $5`,
      [job.targetId, job.sha256, job.id, ownerId, limit],
    );
  }

  /**
   * The owner's most recent job into the target that ran (it has a result file), whose result file's
   * name starts with `source` (its file's name, and the sheet's for a workbook of several), and that
   * wrote a sheet of exactly these column names, in order.
   */
  async resultOrigin(job: Pick<ImportJobEntity, 'id' | 'ownerId' | 'targetId'>, columnNames: readonly string[], source: string): Promise<ResultOriginRow | null> {
    const [row]: ResultOriginRow[] = await this.dataSource.query(
      `SELECT j.id, j.original_name, j.plan, s.value->>'name' AS sheet,
              (SELECT jsonb_agg(c.value->>'letter' ORDER BY c.n) FROM jsonb_array_elements(s.value->'columns') WITH ORDINALITY AS c(value, n)) AS letters
         FROM imports.import_jobs j CROSS JOIN LATERAL jsonb_array_elements(j.analysis->'sheets') AS s(value)
        WHERE j.owner_id = $1 AND j.target_id = $2 AND j.id <> $3 AND j.result_key IS NOT NULL AND j.plan IS NOT NULL
          AND (SELECT jsonb_agg(c.value->'name' ORDER BY c.n) FROM jsonb_array_elements(s.value->'columns') WITH ORDINALITY AS c(value, n)) = $4::jsonb
          -- A sheet its plan wrote: one it left out has no plan to take over, and an older import's may.
          AND EXISTS (SELECT 1 FROM jsonb_array_elements(j.plan->'sheets') p WHERE p->>'sheet' = s.value->>'name' AND p->>'collection' IS NOT NULL)
          AND $5 IN (regexp_replace(j.original_name, '[.][^.]+$', ''), regexp_replace(j.original_name, '[.][^.]+$', '') || '-' || (s.value->>'name'))
        ORDER BY j.created_at DESC
        LIMIT 1`,
      [job.ownerId, job.targetId, job.id, JSON.stringify(columnNames), source],
    );
    return row ?? null;
  }

  async remove(id: string): Promise<void> {
    await this.repo.delete({ id });
  }

  /** Moves the job on only from one of `from`; false when another process moved it first. */
  async transition(id: string, from: ImportJobStatus[], changes: ImportJobChanges & { status: ImportJobStatus }): Promise<boolean> {
    const result = await this.repo.update({ id, status: In(from) }, changes as never);
    return (result.affected ?? 0) > 0;
  }
}
