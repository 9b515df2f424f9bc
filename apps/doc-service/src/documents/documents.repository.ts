import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { DocumentRecord } from './document.entity';
import type { DocumentFilters, ListDocumentsQuery } from './dto/list-documents.dto';
import { isIsoDate, searchTerms } from './search-query';
import { INDEXED_TEXT_CHARS, searchVectorSql } from './search-vector';
import { type Quota, type Usage, withinQuota } from './upload-quota';

const COLUMNS = `id, owner_id, file_name, storage_key, size_bytes, sha256, status, failure_kind, failure_reason, generation,
  page_count, pages_read, text_truncated, note, document_type, title, to_char(document_date, 'YYYY-MM-DD') AS document_date,
  amount, currency, counterparty, summary, ai, corrections, provider, model, processed_at, created_at, updated_at`;

const ORDER: Record<string, string> = {
  created_at: 'created_at',
  document_date: 'document_date',
  amount: 'amount',
  // Accented initials beside their letters (docs.natural_order), not after z. An untitled document
  // sorts by its file name, as the list shows it, not last in no order.
  title: 'lower(coalesce(title, file_name)) COLLATE docs.natural_order',
  file_name: 'lower(file_name) COLLATE docs.natural_order',
};

/** A document as exported: its record and its categories' names. */
export type ExportRecord = DocumentRecord & { category_names: string[] };

/** The documents an export holds, read from one snapshot. */
export interface ExportCursor {
  /** How many there are. */
  total: number;
  /** Their files' total size. */
  bytes: number;
  /** The documents, `size` at a time. */
  batches(size: number): AsyncGenerator<ExportRecord[]>;
  /** Ends the snapshot and gives its connection back; again is harmless. */
  close(): Promise<void>;
}

/** What a document's search vector indexes, as one text, and folded: where a quoted phrase is looked for with its accents folded away. */
const SEARCHED_TEXT = `concat_ws(' ', title, counterparty, document_type, file_name, summary, left(text, ${INDEXED_TEXT_CHARS}))`;
const FOLDED_TEXT = `docs.unaccented(${SEARCHED_TEXT})`;

/**
 * The WHERE clause (owner first), its parameters, the rank expression (with parameters of its own,
 * after the filter's) and the ORDER BY of the owner's documents that `filters` select: one
 * definition for the list, its count and the export.
 */
function selection(ownerId: string, filters: DocumentFilters, language: string): { filter: string; params: unknown[]; rank: string; rankParams: unknown[]; order: string } {
  const where = ['owner_id = $1'];
  const params: unknown[] = [ownerId];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filters.status) add('status = ANY(?)', filters.status);
  if (filters.type) add('docs.name_key(document_type) = docs.name_key(?)', filters.type);
  if (filters.category_id === 'none') where.push('id NOT IN (SELECT document_id FROM docs.document_categories dc JOIN docs.categories c ON c.id = dc.category_id WHERE c.owner_id = $1)');
  else if (filters.category_id) add('id IN (SELECT document_id FROM docs.document_categories WHERE category_id = ?)', filters.category_id);
  if (filters.date_from) add('document_date >= ?', filters.date_from);
  if (filters.date_to) add('document_date <= ?', filters.date_to);
  if (filters.dated !== undefined) where.push(filters.dated ? 'document_date IS NOT NULL' : 'document_date IS NULL');
  if (filters.amount_min) add('amount >= ?::numeric', filters.amount_min);
  if (filters.amount_max) add('amount <= ?::numeric', filters.amount_max);
  if (filters.currency) add('upper(currency) = ?', filters.currency);
  const terms = filters.q ? searchTerms(filters.q) : null;
  let rank = 'NULL';
  const rankParams: unknown[] = [];
  if (terms !== null) {
    params.push(language);
    const config = `$${params.length}::regconfig`;
    const param = (value: unknown) => (params.push(value), `$${params.length}`);
    // As typed, and folded: the vector holds both forms (and a vector from before the folding only the first).
    const asked = (tsquery: (text: string) => string) => (text: string) => `(${tsquery(text)} || ${tsquery(`docs.unaccented(${text})`)})`;
    const prefixes = asked((text) => `to_tsquery(${config}, ${text})`);
    const phrase = asked((text) => `phraseto_tsquery(${config}, ${text})`);
    const matched = terms.prefixes === null ? null : prefixes(param(terms.prefixes));
    for (const date of terms.dates) {
      // As written in a text, or as a file name's words (indexed with its punctuation made blanks).
      const written = `search @@ (${phrase(param(date))} || phraseto_tsquery(${config}, ${param(date.replace(/[-/.]/g, ' '))}))`;
      where.push(isIsoDate(date) ? `(${written} OR document_date = ${param(date)}::date)` : written);
    }
    if (matched) where.push(`search @@ ${matched}`);
    for (const words of terms.phrases) {
      // The vector holds accented words a second time folded, but side by side with each other rather than
      // with their neighbours: where accents are in the phrase or the document, the phrase is looked for
      // folded in the folded text itself (parsed again, so only then, and only of the documents its words found).
      const text = param(words);
      const accents = `(docs.unaccented(${text}) <> ${text} OR ${FOLDED_TEXT} <> ${SEARCHED_TEXT})`;
      where.push(`(search @@ phraseto_tsquery(${config}, ${text}) OR (${accents} AND to_tsvector(${config}, ${FOLDED_TEXT}) @@ phraseto_tsquery(${config}, docs.unaccented(${text}))))`);
    }
    for (const amount of terms.amounts) where.push(`(search @@ ${prefixes(param(amount.words))} OR abs(amount) = ANY(${param(amount.values)}::numeric[]))`);
    // Holding a reference or amount as written ranks a document first ("2024/117" before "2024/1170",
    // "84,38" before a statement full of 84s and 38s): each group held counts more than any rank of
    // the words, which ts_rank keeps under 1 with normalisation 32 (rank / (rank + 1)).
    // Their parameters follow the filter's, which a count uses alone.
    const rankParam = (value: unknown) => (rankParams.push(value), `$${params.length + rankParams.length}`);
    const held = [
      ...terms.exact.map((group) => `(search @@ ${phrase(rankParam(group))})::int`),
      ...terms.amounts.map(({ values }) => `coalesce(abs(amount) = ANY(${rankParam(values)}::numeric[]), false)::int`),
    ];
    // An amount's words rank as any word does: a search of "2024" alone is an amount group, and was ranked by nothing else.
    const words = [...(matched ? [matched] : []), ...terms.amounts.map((amount) => prefixes(rankParam(amount.words)))].join(' && ');
    rank = [...held, ...(words ? [`ts_rank(search, ${words}, 32)`] : [])].join(' + ') || 'NULL';
  }
  const field = filters.sort.replace(/^-/, '');
  const direction = filters.sort.startsWith('-') ? 'DESC' : 'ASC';
  // Relevance means best match first, whichever direction was asked.
  const first = field === 'relevance' ? (terms !== null ? 'rank DESC' : 'created_at DESC') : `${ORDER[field]} ${direction} NULLS LAST`;
  return { filter: where.join(' AND '), params, rank, rankParams, order: `${first}, created_at DESC, id` };
}

/** Counts the documents `filter` selects and sums their files' sizes. */
const sizeSql = (filter: string) => `SELECT count(*) AS files, coalesce(sum(size_bytes), 0) AS bytes FROM docs.documents WHERE ${filter}`;
const sizeOf = ([row]: { files: string; bytes: string }[]) => ({ files: Number(row.files), bytes: Number(row.bytes) });

export interface NewDocument {
  id: string;
  ownerId: string;
  fileName: string;
  storageKey: string;
  size: number;
  sha256: string;
}

/** docs.documents. Every read and write by a user names the owner, so one user never reaches another's. */
@Injectable()
export class DocumentsRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /**
   * Inserts the files of one owner's upload that fit the quota (`upload-quota.ts`), counted under a
   * per-owner lock so parallel uploads cannot pass it together; answers those that did not fit.
   */
  insertWithin(ownerId: string, docs: NewDocument[], language: string, quota: Quota): Promise<{ inserted: DocumentRecord[]; over: NewDocument[]; usage: Usage }> {
    return this.db.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`intake:doc-quota:${ownerId}`]);
      const [kept]: { documents: number; bytes: string }[] = await manager.query(
        'SELECT count(*)::int AS documents, COALESCE(sum(size_bytes), 0)::bigint AS bytes FROM docs.documents WHERE owner_id = $1',
        [ownerId],
      );
      const known: { sha256: string }[] = await manager.query('SELECT sha256 FROM docs.documents WHERE owner_id = $1 AND sha256 = ANY($2)', [ownerId, docs.map((d) => d.sha256)]);
      const { fit, over, usage } = withinQuota(docs, { documents: kept.documents, bytes: Number(kept.bytes) }, new Set(known.map((k) => k.sha256)), quota);
      return { inserted: await this.insertMany(fit, language, manager), over, usage };
    });
  }

  /**
   * Inserts an upload's documents in one statement. Answers the rows created; a file the owner
   * already has (same SHA-256, also twice within this upload) is not among them. Each is found by
   * its file name at once, before it is processed; an upload's files are dated a microsecond apart,
   * so sorting by date keeps the order they were sent in.
   */
  async insertMany(docs: NewDocument[], language: string, manager: EntityManager = this.db.manager): Promise<DocumentRecord[]> {
    if (!docs.length) return [];
    const column = <K extends keyof NewDocument>(key: K) => docs.map((d) => d[key]);
    return manager.query(
      `INSERT INTO docs.documents (id, owner_id, file_name, storage_key, size_bytes, sha256, created_at, search)
       SELECT id, owner_id, file_name, storage_key, size_bytes, sha256, now() + (n - 1) * interval '1 microsecond',
         ${searchVectorSql(7, (name) => (name === 'file_name' ? 'u.file_name' : 'NULL'))}
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::bigint[], $6::text[]) WITH ORDINALITY AS u(id, owner_id, file_name, storage_key, size_bytes, sha256, n)
       ORDER BY n -- the first of two equal files in one upload is the one kept
       ON CONFLICT (owner_id, sha256) DO NOTHING RETURNING ${COLUMNS}`,
      [column('id'), column('ownerId'), column('fileName'), column('storageKey'), column('size'), column('sha256'), language],
    );
  }

  /** For each SHA-256, the owner's document with that file. */
  async findBySha(ownerId: string, sha256s: string[]): Promise<Map<string, string>> {
    const rows: { id: string; sha256: string }[] = await this.db.query(`SELECT id, sha256 FROM docs.documents WHERE owner_id = $1 AND sha256 = ANY($2)`, [ownerId, sha256s]);
    return new Map(rows.map((r) => [r.sha256, r.id]));
  }

  async findOwned(ownerId: string, id: string): Promise<DocumentRecord | null> {
    const rows: DocumentRecord[] = await this.db.query(`SELECT ${COLUMNS} FROM docs.documents WHERE owner_id = $1 AND id = $2`, [ownerId, id]);
    return rows[0] ?? null;
  }

  /** For the worker, which acts for whoever owns the document. */
  async findById(id: string): Promise<DocumentRecord | null> {
    const rows: DocumentRecord[] = await this.db.query(`SELECT ${COLUMNS} FROM docs.documents WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async text(ownerId: string, id: string): Promise<string | null> {
    const rows: { text: string | null }[] = await this.db.query('SELECT text FROM docs.documents WHERE owner_id = $1 AND id = $2', [ownerId, id]);
    return rows[0]?.text ?? null;
  }

  /**
   * The owner's other documents with the same amount (and currency), date and counterparty (its case aside) as
   * `doc`: likely the same paper twice, in other bytes (a re-sent invoice, a scan and its PDF).
   * None when one of the three is unknown: two of them alone match too much.
   */
  async lookAlikes(ownerId: string, doc: Pick<DocumentRecord, 'id' | 'amount' | 'currency' | 'document_date' | 'counterparty'>, limit: number): Promise<{ id: string; file_name: string; title: string | null }[]> {
    if (doc.amount === null || doc.document_date === null || !doc.counterparty) return [];
    // 100 EUR and 100 USD are two amounts; an unknown currency matches only an unknown one.
    return this.db.query(
      `SELECT id, file_name, title FROM docs.documents
        WHERE owner_id = $1 AND id <> $2 AND amount = $3 AND currency IS NOT DISTINCT FROM $4 AND document_date = $5
          AND docs.name_key(counterparty) = docs.name_key($6)
        ORDER BY created_at, id LIMIT $7`,
      [ownerId, doc.id, doc.amount, doc.currency, doc.document_date, doc.counterparty, limit],
    );
  }

  /** The distinct types of the owner's documents (at most `limit`), as stored. */
  async typesOf(ownerId: string, limit: number): Promise<string[]> {
    const rows: { document_type: string }[] = await this.db.query(
      'SELECT DISTINCT document_type FROM docs.documents WHERE owner_id = $1 AND document_type IS NOT NULL ORDER BY document_type LIMIT $2',
      [ownerId, limit],
    );
    return rows.map((r) => r.document_type);
  }

  async list(ownerId: string, query: ListDocumentsQuery, language: string): Promise<{ items: DocumentRecord[]; total: number }> {
    const { filter, params, rank, rankParams, order } = selection(ownerId, query, language);
    const ranked = [...params, ...rankParams];
    const paging = [query.page_size, (query.page - 1) * query.page_size];
    const [items, total] = await Promise.all([
      this.db.query(
        `SELECT ${COLUMNS}, ${rank} AS rank FROM docs.documents WHERE ${filter} ORDER BY ${order} LIMIT $${ranked.length + 1} OFFSET $${ranked.length + 2}`,
        [...ranked, ...paging],
      ) as Promise<DocumentRecord[]>,
      this.count(ownerId, query, language),
    ]);
    return { items, total };
  }

  /** How many of the owner's documents the filters select, and their files' total size. */
  async measure(ownerId: string, filters: DocumentFilters, language: string): Promise<{ files: number; bytes: number }> {
    const { filter, params } = selection(ownerId, filters, language);
    return sizeOf(await this.db.query(sizeSql(filter), params));
  }

  /** How many of the owner's documents the filters select. */
  async count(ownerId: string, filters: DocumentFilters, language: string): Promise<number> {
    const { filter, params } = selection(ownerId, filters, language);
    const [{ total }]: { total: string }[] = await this.db.query(`SELECT count(*) AS total FROM docs.documents WHERE ${filter}`, params);
    return Number(total);
  }

  /**
   * Opens the selected documents, in list order, for an export: counted and read through a cursor
   * in one read-only snapshot (the count is the file's row count), so memory holds one batch however
   * many match. The caller must close it; it holds a pooled connection until then.
   */
  async openExport(ownerId: string, filters: DocumentFilters, language: string): Promise<ExportCursor> {
    const { filter, params, rank, rankParams, order } = selection(ownerId, filters, language);
    const runner = this.db.createQueryRunner();
    await runner.connect();
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await runner.query('ROLLBACK').catch(() => undefined); // read-only: nothing to commit
      await runner.release();
    };
    try {
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const { files, bytes } = sizeOf(await runner.query(sizeSql(filter), params));
      await runner.query(
        `DECLARE document_export NO SCROLL CURSOR FOR
         SELECT ${COLUMNS}, ${rank} AS rank, ARRAY(SELECT c.name FROM docs.document_categories dc JOIN docs.categories c ON c.id = dc.category_id
           WHERE dc.document_id = d.id ORDER BY lower(c.name) COLLATE docs.natural_order) AS category_names
         FROM docs.documents d WHERE ${filter} ORDER BY ${order}`,
        [...params, ...rankParams],
      );
      return {
        total: files,
        bytes,
        close,
        async *batches(size: number) {
          for (;;) {
            const rows: ExportRecord[] = await runner.query(`FETCH ${Math.trunc(size)} FROM document_export`);
            if (!rows.length) return;
            yield rows;
          }
        },
      };
    } catch (error) {
      await close();
      throw error;
    }
  }

  async delete(ownerId: string, id: string): Promise<DocumentRecord | null> {
    // TypeORM answers UPDATE and DELETE with [rows, affected].
    const [rows] = (await this.db.query(`DELETE FROM docs.documents WHERE owner_id = $1 AND id = $2 RETURNING ${COLUMNS}`, [ownerId, id])) as [DocumentRecord[], number];
    return rows[0] ?? null;
  }

  /** Queues the document again; the returned generation names this request. */
  async requeue(ownerId: string, id: string): Promise<DocumentRecord | null> {
    return (await this.requeueMany(ownerId, [id]))[0] ?? null;
  }

  /** Queued again, those of `ids` that are the owner's (as requeue, many at once). */
  async requeueMany(ownerId: string, ids: string[]): Promise<DocumentRecord[]> {
    const [rows] = (await this.db.query(
      `UPDATE docs.documents SET status = 'queued', generation = generation + 1, failure_kind = NULL, failure_reason = NULL, updated_at = now()
       WHERE owner_id = $1 AND id = ANY($2::uuid[]) RETURNING ${COLUMNS}`,
      [ownerId, ids],
    )) as [DocumentRecord[], number];
    return rows;
  }

  /** The owner's documents waiting for a worker or in one's hands. */
  async waiting(ownerId: string): Promise<number> {
    const [row]: { n: number }[] = await this.db.query(`SELECT count(*)::int AS n FROM docs.documents WHERE owner_id = $1 AND status IN ('queued', 'processing')`, [ownerId]);
    return row.n;
  }

  /** Whether the document still waits for this processing request's job. */
  async waitsInQueue(id: string, generation: number): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM docs.documents WHERE id = $1 AND generation = $2 AND status = 'queued'`, [id, generation]);
    return rows.length > 0;
  }

  /** The queue did not take the document: say so, so it is not left waiting for nothing (and is found by its file name). */
  async markNotQueued(id: string, generation: number, reason: string, language: string): Promise<void> {
    await this.db.query(
      `UPDATE docs.documents SET status = 'failed', failure_kind = 'queue', failure_reason = $3, updated_at = now(),
         search = coalesce(search, ${searchVectorSql(4)})
       WHERE id = $1 AND generation = $2 AND status = 'queued'`,
      [id, generation, reason, language],
    );
  }
}
