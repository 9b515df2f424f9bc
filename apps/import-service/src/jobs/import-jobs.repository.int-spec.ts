import { importsTestDatabase, type ImportsTestDatabase } from '../imports-test-database';
import { ImportJobsRepository } from './import-jobs.repository';

const ACTOR = '44444444-4444-4444-8444-444444444444';

describe('ImportJobsRepository on a real database: rollbacks and stale jobs', () => {
  let db: ImportsTestDatabase;
  let jobs: ImportJobsRepository;

  beforeAll(async () => {
    db = await importsTestDatabase();
    jobs = new ImportJobsRepository(db.ds);
  });
  afterAll(() => db?.close());

  const state = async (id: string) => (await db.ds.query('SELECT status, error FROM imports.import_jobs WHERE id = $1', [id]))[0];

  it('puts a job whose rollback failed back as it was, its own error after the reason, however many times it fails', async () => {
    const id = await db.insertJob('failed', 0, 'Row 7: the target refused the batch');
    expect(await jobs.startRollback(id, ['completed', 'cancelled', 'failed'], ACTOR)).toBe(true);
    expect(await state(id)).toEqual({ status: 'rolling_back', error: null });
    // The worker acts for whoever asked for the rollback.
    expect((await db.ds.query('SELECT actor_id FROM imports.import_jobs WHERE id = $1', [id]))[0].actor_id).toBe(ACTOR);
    await jobs.rollbackFailed(id, 'The rollback failed: connection refused');
    expect(await state(id)).toEqual({ status: 'failed', error: 'The rollback failed: connection refused (before it: Row 7: the target refused the batch)' });

    expect(await jobs.startRollback(id, ['completed', 'cancelled', 'failed'], ACTOR)).toBe(true);
    await jobs.rollbackFailed(id, 'The rollback failed: timeout');
    expect(await state(id)).toEqual({ status: 'failed', error: 'The rollback failed: timeout (before it: Row 7: the target refused the batch)' });
  });

  it('starts a rollback only from the statuses given, and a job rolling back from before the note goes back to completed', async () => {
    const running = await db.insertJob('running');
    expect(await jobs.startRollback(running, ['completed', 'cancelled', 'failed'], ACTOR)).toBe(false);
    expect(await state(running)).toEqual({ status: 'running', error: null });

    const old = await db.insertJob('rolling_back');
    await jobs.rollbackFailed(old, 'The rollback failed: gone');
    expect(await state(old)).toEqual({ status: 'completed', error: 'The rollback failed: gone' });
  });

  it('hands each stale job to one of two sweeps running at once', async () => {
    const stale = await Promise.all(Array.from({ length: 40 }, () => db.insertJob('analysing', 30)));
    const sweep = async () => {
      const taken: string[] = [];
      for (let id = await jobs.takeUntouched('analysing', 10 * 60_000); id; id = await jobs.takeUntouched('analysing', 10 * 60_000)) taken.push(id);
      return taken;
    };
    const [a, b] = await Promise.all([sweep(), sweep()]);
    expect([...a, ...b].sort()).toEqual([...stale].sort());
    expect(a.filter((id) => b.includes(id))).toEqual([]);
    expect(await jobs.takeUntouched('analysing', 10 * 60_000)).toBeNull();
  });
});
