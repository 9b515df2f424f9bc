import { Inject, Injectable } from '@nestjs/common';
import type { SameFileImports as SameFileImportsDto } from '@intake/contracts';
import { DataSource } from 'typeorm';
import type { ImportJobEntity } from './import-job.entity';

const SHOWN = 5;

interface Row {
  id: string;
  original_name: string;
  status: SameFileImportsDto['items'][number]['status'];
  mode: string | null;
  owner_id: string;
  created_at: Date;
  finished_at: Date | null;
  inserted: string;
  updated: string;
  total: string;
}

/**
 * Earlier imports of the same bytes into the same target: an export loaded twice in insert mode adds
 * its rows twice. Only those that wrote rows count (or are queued or running, and about to): a
 * rolled-back, cancelled-before-it-started or still-previewed one left nothing behind.
 */
@Injectable()
export class SameFileImports {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** `ownerId` null: everyone's (an admin's view). */
  async of(job: Pick<ImportJobEntity, 'id' | 'targetId' | 'sha256'>, ownerId: string | null, callerId: string): Promise<SameFileImportsDto> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT id, original_name, status, plan->>'mode' AS mode, owner_id, created_at, finished_at,
              coalesce((progress->>'inserted')::bigint, 0) AS inserted, coalesce((progress->>'updated')::bigint, 0) AS updated,
              count(*) OVER () AS total
         FROM imports.import_jobs
        WHERE target_id = $1 AND sha256 = $2 AND id <> $3 AND ($4::uuid IS NULL OR owner_id = $4)
          AND (status IN ('queued', 'running')
               OR (status IN ('completed', 'failed', 'cancelled')
                   AND coalesce((progress->>'inserted')::bigint, 0) + coalesce((progress->>'updated')::bigint, 0) > 0))
        ORDER BY created_at DESC
        LIMIT ${SHOWN}`,
      [job.targetId, job.sha256, job.id, ownerId],
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        file_name: r.original_name,
        status: r.status,
        mode: r.mode,
        mine: r.owner_id === callerId,
        created_at: r.created_at.toISOString(),
        finished_at: r.finished_at?.toISOString() ?? null,
        inserted: Number(r.inserted),
        updated: Number(r.updated),
      })),
      total: Number(rows[0]?.total ?? 0),
    };
  }
}
