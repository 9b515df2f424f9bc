import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A model's answer quotes the document, and a document's text can hold NUL or an unpaired
 * surrogate, which jsonb refuses: the answer could not be kept, and every redelivery paid again.
 * As text, JSON escapes any character.
 */
export class ModelAnswersAsText1795850000000 implements MigrationInterface {
  name = 'ModelAnswersAsText1795850000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE docs.model_answers ALTER COLUMN outcome TYPE text USING outcome::text');
  }

  async down(db: QueryRunner): Promise<void> {
    // An answer jsonb cannot hold is dropped: it only saved a call.
    await db.query(`DELETE FROM docs.model_answers WHERE outcome ~ '\\\\u0000|\\\\u[dD][89abAB]'`);
    await db.query('ALTER TABLE docs.model_answers ALTER COLUMN outcome TYPE jsonb USING outcome::jsonb');
  }
}
