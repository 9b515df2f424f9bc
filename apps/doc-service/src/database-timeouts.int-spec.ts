import { createTestDatabase, type TestDatabase } from '@intake/testing';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DataSource } from 'typeorm';
import { DatabaseModule } from '@intake/db';

const TIMEOUT_MS = 300;

/** A migration slower than the statement timeout, as rewriting a large table is. */
class SlowMigration1700000000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`SELECT pg_sleep(${(TIMEOUT_MS * 3) / 1000})`);
    await runner.query('CREATE TABLE probe.slow_done (id int)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE probe.slow_done');
  }
}

describe('the services\' DatabaseModule with a statement timeout (DB_STATEMENT_TIMEOUT_SECONDS), on a real PostgreSQL', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    db = await createTestDatabase();
    // A timeout the database itself sets (as an administrator may): the service's own overrides it, and migrations run without either.
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    await admin.query(`ALTER DATABASE ${db.name} SET statement_timeout = '100ms'`);
    await admin.end();
    const moduleRef = await Test.createTestingModule({
      imports: [DatabaseModule.forService({ url: db.url, schema: 'probe', migrationsTableName: 'probe_migrations', entities: [], migrations: [SlowMigration1700000000000], statementTimeoutMs: TIMEOUT_MS })],
    }).compile();
    const app = moduleRef.createNestApplication();
    await app.init();
    close = () => app.close();
    dataSource = app.get(DataSource);
  });
  afterAll(async () => {
    await close?.();
    await db?.drop();
  });

  it('runs migrations without it, however long they take', async () => {
    expect(await dataSource.query("SELECT to_regclass('probe.slow_done') IS NOT NULL AS made")).toEqual([{ made: true }]);
  });

  it('cancels a statement of the service that runs longer (SQLSTATE 57014), and the connection serves the next one', async () => {
    await expect(dataSource.query(`SELECT pg_sleep(${(TIMEOUT_MS * 3) / 1000})`)).rejects.toMatchObject({ driverError: { code: '57014' } });
    expect(await dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });
});
