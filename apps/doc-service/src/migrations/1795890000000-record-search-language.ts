import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `search_index_state.language`: the text-search language every stored vector was last built in,
 * written once a rebuild for it has gone through every document. A start that finds the setting
 * differing from it (the service stopped in the middle of the rebuild a language change began)
 * rebuilds again. NULL until a start records the setting: vectors from before were built in it.
 */
export class RecordSearchLanguage1795890000000 implements MigrationInterface {
  name = 'RecordSearchLanguage1795890000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE docs.search_index_state ADD COLUMN language text');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE docs.search_index_state DROP COLUMN language');
  }
}
