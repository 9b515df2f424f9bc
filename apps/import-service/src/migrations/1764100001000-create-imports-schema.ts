import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Claims the `imports` schema; the import-service features add their tables in later migrations. */
export class CreateImportSchema1764100001000 implements MigrationInterface {
  name = 'CreateImportSchema1764100001000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`COMMENT ON SCHEMA imports IS 'Owned by import-service; migrations in imports.import_migrations'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('COMMENT ON SCHEMA imports IS NULL');
  }
}
