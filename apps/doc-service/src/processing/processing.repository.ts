import { Inject, Injectable } from '@nestjs/common';
import type { DocumentStatus } from '@intake/contracts';
import { PreparedStatement } from '@intake/db';
import { DataSource } from 'typeorm';
import type { AiResult } from '../documents/document.entity';
import { searchVectorSql } from '../documents/search-vector';

/** Stored text is capped; a longer text is cut and the document says so. */
export const MAX_STORED_TEXT_CHARS = 2_000_000;

export interface ClaimedDocument {
  id: string;
  owner_id: string;
  file_name: string;
  storage_key: string;
  size_bytes: string;
}

export interface ProcessedDocument {
  pageCount: number;
  pagesRead: number;
  text: string;
  textTruncated: boolean;
  note: string | null;
  ai: AiResult;
  values: { document_type: string | null; title: string | null; document_date: string | null; amount: number | null; currency: string | null; counterparty: string | null; summary: string | null };
  provider: string;
  model: string;
}

/**
 * A CTE deleting the model answer kept for document $1 by request $2 or an older one (never a
 * newer request's): the document's final write or failure holds or ends it.
 */
const FORGET_ANSWER = 'forgotten AS (DELETE FROM docs.model_answers WHERE document_id = $1 AND generation <= $2)';

// Claim and finish run once per document: prepared, so PostgreSQL parses and plans them once per connection.

/**
 * Moves the document to processing. One statement, not waiting for the disk (set_config is local to
 * its own transaction): a claim lost in a crash only means the redelivered job claims again.
 */
const CLAIM = new PreparedStatement<ClaimedDocument>(
  'doc_claim',
  `UPDATE docs.documents SET status = 'processing', updated_at = now()
   FROM (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit
   WHERE id = $1 AND generation = $2 AND status = ANY($3)
   RETURNING id, owner_id, file_name, storage_key, size_bytes`,
);

const kept = (field: string, param: string, cast = 'text') => `CASE WHEN corrections ? '${field}' THEN (corrections->>'${field}')::${cast} ELSE ${param}::${cast} END AS ${field}`;
const source = (name: string) => (name === 'text' ? '$5::text' : name === 'file_name' ? 'd.file_name' : `v.${name}`);

/**
 * The results and the search vector; a field the user corrected keeps the user's value. The row is
 * locked as the corrections are read: a correction saved while this statement waited for the row
 * would otherwise be read from before it, and the AI's value written over the user's.
 */
const FINISH = new PreparedStatement<never>(
  'doc_finish',
  `WITH v AS (
     SELECT id, ${kept('document_type', '$11')}, ${kept('title', '$12')}, ${kept('document_date', '$13', 'date')}, ${kept('amount', '$14', 'numeric')},
       ${kept('currency', '$15')}, ${kept('counterparty', '$16')}, ${kept('summary', '$17')}
     FROM docs.documents WHERE id = $1 AND generation = $2 FOR UPDATE),
   -- The results now hold the model's answer (also when a newer request superseded this one).
   ${FORGET_ANSWER}
   UPDATE docs.documents d SET status = 'done', failure_kind = NULL, failure_reason = NULL,
     page_count = $3, pages_read = $4, text = $5, text_truncated = $6, note = $7, ai = $8, provider = $9, model = $10,
     document_type = v.document_type, title = v.title, document_date = v.document_date, amount = v.amount,
     currency = v.currency, counterparty = v.counterparty, summary = v.summary,
     search = ${searchVectorSql(18, source)},
     processed_at = now(), updated_at = now()
   FROM v WHERE d.id = v.id AND d.generation = $2`,
);

/**
 * The worker's writes. Each is guarded by the generation the queue message carries, so the work
 * of an older request (superseded by a re-process, or a document deleted meanwhile) changes nothing.
 */
@Injectable()
export class ProcessingRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /**
   * Moves a queued document to processing. A redelivery (the worker before died) may also take
   * one already processing; a first delivery may not, so a duplicate message never runs it twice.
   */
  async claim(id: string, generation: number, redelivery: boolean): Promise<ClaimedDocument | null> {
    const from: DocumentStatus[] = redelivery ? ['queued', 'processing'] : ['queued'];
    const { rows } = await CLAIM.run(this.db, [id, generation, from]);
    return rows[0] ?? null;
  }

  /** Says the document is still in a live worker's hands. */
  async touch(id: string, generation: number): Promise<void> {
    await this.db.query(`UPDATE docs.documents SET updated_at = now() WHERE id = $1 AND generation = $2 AND status = 'processing'`, [id, generation]);
  }

  /**
   * Saves the results and the search vector in one statement; a field the user corrected keeps the
   * user's value. False when the document moved on (deleted, or re-processed meanwhile).
   */
  async finish(id: string, generation: number, done: ProcessedDocument, language: string): Promise<boolean> {
    const v = done.values;
    const { rowCount } = await FINISH.run(this.db, [id, generation, done.pageCount, done.pagesRead, done.text, done.textTruncated, done.note, JSON.stringify(done.ai),
      done.provider, done.model, v.document_type, v.title, v.document_date, v.amount, v.currency, v.counterparty, v.summary, language]);
    return rowCount > 0;
  }

  /**
   * Marks the document failed with the reason (what was extracted is kept, and searchable, as its
   * file name is, in text-search `language`); answers its owner, or null when it moved on.
   */
  async fail(
    id: string,
    generation: number,
    kind: string,
    reason: string,
    language: string,
    extracted?: { pageCount: number; pagesRead: number; text: string; textTruncated: boolean },
  ): Promise<string | null> {
    const [rows] = (await this.db.query(
      `WITH ${FORGET_ANSWER}
       UPDATE docs.documents SET status = 'failed', failure_kind = $3, failure_reason = $4,
         page_count = coalesce($5, page_count), pages_read = coalesce($6, pages_read), text = coalesce($7, text), text_truncated = coalesce($8, text_truncated),
         search = ${searchVectorSql(9, (name) => (name === 'text' ? 'coalesce($7::text, text)' : name))},
         processed_at = now(), updated_at = now()
       WHERE id = $1 AND generation = $2 RETURNING owner_id`,
      [id, generation, kind, reason.slice(0, 2000), extracted?.pageCount ?? null, extracted?.pagesRead ?? null, extracted?.text ?? null, extracted?.textTruncated ?? null, language],
    )) as [{ owner_id: string }[], number];
    return rows[0]?.owner_id ?? null;
  }

  /** Documents queued longer than `olderThanMs`, oldest first. */
  staleQueued(olderThanMs: number, limit: number): Promise<{ id: string; owner_id: string; generation: number }[]> {
    return this.db.query(
      `SELECT id, owner_id, generation FROM docs.documents WHERE status = 'queued' AND updated_at < now() - make_interval(secs => $1) ORDER BY updated_at LIMIT $2`,
      [olderThanMs / 1000, limit],
    );
  }

  /** Fails every document processing for longer than `olderThanMs` (searchable as a failed one is, in `language`), and answers which. */
  async failStaleProcessing(olderThanMs: number, reason: string, language: string): Promise<{ id: string; owner_id: string; failure_reason: string }[]> {
    return this.db.query(
      `WITH stale AS (
         UPDATE docs.documents SET status = 'failed', failure_kind = 'internal', failure_reason = $2, search = ${searchVectorSql(3)}, processed_at = now(), updated_at = now()
         WHERE status = 'processing' AND updated_at < now() - make_interval(secs => $1) RETURNING id, owner_id, failure_reason, generation),
       forgotten AS (DELETE FROM docs.model_answers m USING stale WHERE m.document_id = stale.id AND m.generation <= stale.generation)
       SELECT id, owner_id, failure_reason FROM stale`,
      [olderThanMs / 1000, reason, language],
    );
  }
}
