import { Inject, Injectable } from '@nestjs/common';
import type { AiSettings } from '@intake/contracts';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { ClassifyOutcome, DocumentText } from '../ai/classifier';

/** Bump when ClassifyOutcome changes shape: answers kept in the old shape then no longer match. */
const OUTCOME_FORMAT = 1;

/**
 * What was asked, as a hash: the provider and model, the lists the answer had to choose from, and
 * the document as sent. An answer is taken again only for the same question.
 */
export function questionOf(settings: AiSettings, input: DocumentText): string {
  const { provider, model, base_url, document_types, categories, max_text_chars } = settings;
  const asked = [OUTCOME_FORMAT, provider, model, base_url, document_types, categories, max_text_chars, input.fileName, input.pageCount, input.text];
  return createHash('sha256').update(JSON.stringify(asked)).digest('hex');
}

/**
 * Models' answers kept between the call and the final write of the document's results, so a job
 * delivered again after a crash does not pay for the same call twice. Per processing request
 * (`generation`): a re-process asks anew. The final write or failure of the request (also the
 * sweep of stale documents) deletes its answer (ProcessingRepository). Kept as JSON text: jsonb refuses NUL, which a quoted
 * document can hold.
 */
@Injectable()
export class ModelAnswersRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async keep(documentId: string, generation: number, question: string, outcome: ClassifyOutcome): Promise<void> {
    await this.db.query(
      `INSERT INTO docs.model_answers (document_id, generation, question, outcome) VALUES ($1, $2, $3, $4)
       ON CONFLICT (document_id) DO UPDATE SET generation = excluded.generation, question = excluded.question, outcome = excluded.outcome, created_at = now()`,
      [documentId, generation, question, JSON.stringify(outcome)],
    );
  }

  /** The answer kept for this request and question, or null. */
  async find(documentId: string, generation: number, question: string): Promise<ClassifyOutcome | null> {
    const rows: { outcome: string }[] = await this.db.query(`SELECT outcome FROM docs.model_answers WHERE document_id = $1 AND generation = $2 AND question = $3`, [
      documentId,
      generation,
      question,
    ]);
    return rows[0] ? (JSON.parse(rows[0].outcome) as ClassifyOutcome) : null;
  }
}
