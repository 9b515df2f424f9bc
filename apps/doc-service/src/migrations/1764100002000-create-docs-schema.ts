import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Claims the `docs` schema; the doc-service features add their tables in later migrations. */
export class CreateDocSchema1764100002000 implements MigrationInterface {
  name = 'CreateDocSchema1764100002000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`COMMENT ON SCHEMA docs IS 'Owned by doc-service; migrations in docs.doc_migrations'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('COMMENT ON SCHEMA docs IS NULL');
  }
}
