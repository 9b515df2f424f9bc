import type { SameFileImports } from '@intake/contracts';
import type { SameFileRow } from './import-jobs.repository';

/** Earlier imports of the same file shown at most: the newest, with how many there are in all. */
export const SAME_FILE_SHOWN = 5;

/** The rows of ImportJobsRepository.sameFile as the API answers them, `mine` for the caller's own. */
export function toSameFileImports(rows: readonly SameFileRow[], callerId: string): SameFileImports {
  return {
    items: rows.map((r) => ({
      id: r.id,
      file_name: r.original_name,
      status: r.status,
      mode: r.mode,
      collections: r.collections,
      mine: r.owner_id === callerId,
      created_at: r.created_at.toISOString(),
      finished_at: r.finished_at?.toISOString() ?? null,
      inserted: Number(r.inserted),
      updated: Number(r.updated),
    })),
    total: Number(rows[0]?.total ?? 0),
    collections: rows[0]?.all_collections ?? [],
  };
}
