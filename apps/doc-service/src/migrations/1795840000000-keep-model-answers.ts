import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A model's answer, kept from the call until the document's results are saved: a worker that dies
 * in between leaves the job to be delivered again, and the next delivery takes this answer instead
 * of paying for the same call twice. One row per document (its latest processing request).
 */
export class KeepModelAnswers1795840000000 implements MigrationInterface {
  name = 'KeepModelAnswers1795840000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE docs.model_answers (
        document_id uuid PRIMARY KEY REFERENCES docs.documents (id) ON DELETE CASCADE,
        generation int NOT NULL,
        question char(64) NOT NULL,
        outcome jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE docs.model_answers');
  }
}
