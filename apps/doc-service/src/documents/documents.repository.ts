import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DocumentRecord } from './document.entity';
import type { ListDocumentsQuery } from './dto/list-documents.dto';
import { searchQuery } from './search-query';

const COLUMNS = `id, owner_id, file_name, storage_key, size_bytes, sha256, status, failure_kind, failure_reason, generation,
  page_count, pages_read, text_truncated, note, document_type, title, to_char(document_date, 'YYYY-MM-DD') AS document_date,
  amount, currency, counterparty, summary, ai, corrections, provider, model, processed_at, created_at, updated_at`;

const ORDER: Record<string, string> = {
  created_at: 'created_at',
  document_date: 'document_date',
  amount: 'amount',
  title: 'lower(title)',
  file_name: 'lower(file_name)',
};

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
   * Inserts an upload's documents in one statement. Answers the rows created; a file the owner
   * already has (same SHA-256, also twice within this upload) is not among them.
   */
  async insertMany(docs: NewDocument[]): Promise<DocumentRecord[]> {
    if (!docs.length) return [];
    const column = <K extends keyof NewDocument>(key: K) => docs.map((d) => d[key]);
    return this.db.query(
      `INSERT INTO docs.documents (id, owner_id, file_name, storage_key, size_bytes, sha256)
       SELECT id, owner_id, file_name, storage_key, size_bytes, sha256
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::bigint[], $6::text[]) WITH ORDINALITY AS u(id, owner_id, file_name, storage_key, size_bytes, sha256, n)
       ORDER BY n -- the first of two equal files in one upload is the one kept
       ON CONFLICT (owner_id, sha256) DO NOTHING RETURNING ${COLUMNS}`,
      [column('id'), column('ownerId'), column('fileName'), column('storageKey'), column('size'), column('sha256')],
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

  async list(ownerId: string, query: ListDocumentsQuery, language: string): Promise<{ items: DocumentRecord[]; total: number }> {
    const where = ['owner_id = $1'];
    const params: unknown[] = [ownerId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.status) add('status = ANY(?)', query.status);
    if (query.type) add('lower(document_type) = lower(?)', query.type);
    if (query.category_id) add('id IN (SELECT document_id FROM docs.document_categories WHERE category_id = ?)', query.category_id);
    if (query.date_from) add('document_date >= ?', query.date_from);
    if (query.date_to) add('document_date <= ?', query.date_to);
    const tsquery = query.q ? searchQuery(query.q) : null;
    let rank = 'NULL';
    if (tsquery !== null) {
      params.push(language, tsquery);
      // As typed, and folded: the vector holds both forms (and a vector from before the folding only the first).
      const [config, text] = [`$${params.length - 1}::regconfig`, `$${params.length}`];
      const q = `(to_tsquery(${config}, ${text}) || to_tsquery(${config}, docs.unaccented(${text})))`;
      where.push(`search @@ ${q}`);
      rank = `ts_rank(search, ${q})`;
    }
    const field = query.sort.replace(/^-/, '');
    const direction = query.sort.startsWith('-') ? 'DESC' : 'ASC';
    // Relevance means best match first, whichever direction was asked.
    const order = field === 'relevance' ? (tsquery !== null ? 'rank DESC' : 'created_at DESC') : `${ORDER[field]} ${direction} NULLS LAST`;
    const filter = where.join(' AND ');
    params.push(query.page_size, (query.page - 1) * query.page_size);
    const [items, count]: [DocumentRecord[], { total: string }[]] = await Promise.all([
      this.db.query(
        `SELECT ${COLUMNS}, ${rank} AS rank FROM docs.documents WHERE ${filter} ORDER BY ${order}, created_at DESC, id LIMIT $${params.length - 1} OFFSET $${params.length}`,
        params,
      ),
      this.db.query(`SELECT count(*) AS total FROM docs.documents WHERE ${filter}`, params.slice(0, params.length - 2)),
    ]);
    return { items, total: Number(count[0].total) };
  }

  async delete(ownerId: string, id: string): Promise<DocumentRecord | null> {
    // TypeORM answers UPDATE and DELETE with [rows, affected].
    const [rows] = (await this.db.query(`DELETE FROM docs.documents WHERE owner_id = $1 AND id = $2 RETURNING ${COLUMNS}`, [ownerId, id])) as [DocumentRecord[], number];
    return rows[0] ?? null;
  }

  /** Queues the document again; the returned generation names this request. */
  async requeue(ownerId: string, id: string): Promise<DocumentRecord | null> {
    const [rows] = (await this.db.query(
      `UPDATE docs.documents SET status = 'queued', generation = generation + 1, failure_kind = NULL, failure_reason = NULL, updated_at = now()
       WHERE owner_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [ownerId, id],
    )) as [DocumentRecord[], number];
    return rows[0] ?? null;
  }

  /** The queue did not take the document: say so, so it is not left waiting for nothing. */
  async markNotQueued(id: string, generation: number, reason: string): Promise<void> {
    await this.db.query(
      `UPDATE docs.documents SET status = 'failed', failure_kind = 'queue', failure_reason = $3, updated_at = now() WHERE id = $1 AND generation = $2 AND status = 'queued'`,
      [id, generation, reason],
    );
  }
}
