import { migratedTestDatabase, type MigratedTestDatabase } from '@intake/testing';
import { randomUUID } from 'node:crypto';
import { IMPORT_MIGRATIONS } from './migrations';

export interface ImportsTestDatabase extends MigratedTestDatabase {
  /** A job row in `status`, last touched `minutesAgo`; answers its id. */
  insertJob(status: string, minutesAgo?: number, error?: string | null): Promise<string>;
}

/** For import-service's integration tests: a throwaway database with the imports schema as import-service migrates it. */
export async function importsTestDatabase(): Promise<ImportsTestDatabase> {
  const migrated = await migratedTestDatabase({ schema: 'imports', migrationsTableName: 'import_migrations', entities: [], migrations: IMPORT_MIGRATIONS });
  const insertJob = async (status: string, minutesAgo = 0, error: string | null = null) => {
    const id = randomUUID();
    await migrated.ds.query(
      `INSERT INTO imports.import_jobs (id, owner_id, owner_role, target_id, status, original_key, original_name, size, sha256, error, updated_at)
       VALUES ($1, $2, 'operator', $3, $4, 'k', 'a.csv', 1, $5, $6, now() - make_interval(mins => $7))`,
      [id, randomUUID(), randomUUID(), status, 'a'.repeat(64), error, minutesAgo],
    );
    return id;
  };
  return { ...migrated, insertJob };
}
