import { Inject, Injectable } from '@nestjs/common';
import { sqlState } from '@intake/db';
import { DataSource, type EntityManager } from 'typeorm';

export interface CategoryRecord {
  id: string;
  owner_id: string;
  name: string;
  created_at: Date;
  document_count?: number;
}

/** docs.categories and the document ↔ category links; every statement is scoped to the owner. */
@Injectable()
export class CategoriesRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async list(ownerId: string): Promise<CategoryRecord[]> {
    const rows: (CategoryRecord & { document_count: string })[] = await this.db.query(
      `SELECT c.id, c.owner_id, c.name, c.created_at, count(dc.document_id) AS document_count
       FROM docs.categories c LEFT JOIN docs.document_categories dc ON dc.category_id = c.id
       WHERE c.owner_id = $1 GROUP BY c.id ORDER BY lower(c.name) COLLATE docs.natural_order`,
      [ownerId],
    );
    return rows.map((r) => ({ ...r, document_count: Number(r.document_count) }));
  }

  /**
   * The new category; null when the owner has one of that name (case-insensitive), 'full' when the
   * owner already has `max`. The owner's creations take turns (a transaction lock), so two at once
   * cannot both pass the count.
   */
  async insert(id: string, ownerId: string, name: string, max: number): Promise<CategoryRecord | null | 'full'> {
    return this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('docs.categories:' || $1, 0))`, [ownerId]);
      const [{ n }]: { n: number }[] = await m.query('SELECT count(*)::int AS n FROM docs.categories WHERE owner_id = $1', [ownerId]);
      if (n >= max) return 'full';
      const rows: CategoryRecord[] = await m.query(
        `INSERT INTO docs.categories (id, owner_id, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING id, owner_id, name, created_at`,
        [id, ownerId, name],
      );
      return rows[0] ?? null;
    });
  }

  /**
   * Renamed category; undefined when there is none, null when the name is taken. The unique index
   * decides, not a look first: two renames to one name at once would both pass a look.
   */
  async rename(ownerId: string, id: string, name: string): Promise<CategoryRecord | null | undefined> {
    try {
      const [rows] = (await this.db.query(
        `UPDATE docs.categories c SET name = $3 WHERE owner_id = $1 AND id = $2
         RETURNING id, owner_id, name, created_at, (SELECT count(*) FROM docs.document_categories dc WHERE dc.category_id = c.id) AS document_count`,
        [ownerId, id, name],
      )) as [(CategoryRecord & { document_count: string })[], number];
      return rows[0] && { ...rows[0], document_count: Number(rows[0].document_count) };
    } catch (error) {
      if (sqlState(error) === '23505') return null; // unique_violation
      throw error;
    }
  }

  async delete(ownerId: string, id: string): Promise<boolean> {
    const [, count] = (await this.db.query('DELETE FROM docs.categories WHERE owner_id = $1 AND id = $2', [ownerId, id])) as [unknown, number];
    return count > 0;
  }

  /** Which of `ids` are the owner's categories. */
  async ownedIds(ownerId: string, ids: string[]): Promise<Set<string>> {
    const rows: { id: string }[] = await this.db.query('SELECT id FROM docs.categories WHERE owner_id = $1 AND id = ANY($2::uuid[])', [ownerId, ids]);
    return new Set(rows.map((r) => r.id));
  }

  /** Which of `ids` are the owner's documents. */
  async ownedDocumentIds(ownerId: string, ids: string[]): Promise<Set<string>> {
    const rows: { id: string }[] = await this.db.query('SELECT id FROM docs.documents WHERE owner_id = $1 AND id = ANY($2::uuid[])', [ownerId, ids]);
    return new Set(rows.map((r) => r.id));
  }

  /** Links every document to the category; answers how many links are new. */
  async assign(categoryId: string, documentIds: string[]): Promise<number> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO docs.document_categories (document_id, category_id) SELECT unnest($1::uuid[]), $2 ON CONFLICT DO NOTHING RETURNING document_id`,
      [documentIds, categoryId],
    );
    return rows.length;
  }

  async remove(categoryId: string, documentIds: string[]): Promise<number> {
    const [, count] = (await this.db.query('DELETE FROM docs.document_categories WHERE category_id = $1 AND document_id = ANY($2::uuid[])', [categoryId, documentIds])) as [unknown, number];
    return count;
  }

  /** Makes the document's categories exactly `categoryIds`, inside the caller's transaction. */
  async setForDocument(tx: EntityManager, documentId: string, categoryIds: string[]): Promise<void> {
    await tx.query('DELETE FROM docs.document_categories WHERE document_id = $1 AND NOT (category_id = ANY($2::uuid[]))', [documentId, categoryIds]);
    await tx.query('INSERT INTO docs.document_categories (document_id, category_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING', [documentId, categoryIds]);
  }

  /** The categories of each document, by document id. */
  async ofDocuments(documentIds: string[]): Promise<Map<string, { id: string; name: string }[]>> {
    const result = new Map<string, { id: string; name: string }[]>();
    if (!documentIds.length) return result;
    const rows: { document_id: string; id: string; name: string }[] = await this.db.query(
      `SELECT dc.document_id, c.id, c.name FROM docs.document_categories dc JOIN docs.categories c ON c.id = dc.category_id
       WHERE dc.document_id = ANY($1::uuid[]) ORDER BY lower(c.name) COLLATE docs.natural_order`,
      [documentIds],
    );
    for (const row of rows) {
      const list = result.get(row.document_id) ?? [];
      list.push({ id: row.id, name: row.name });
      result.set(row.document_id, list);
    }
    return result;
  }
}
