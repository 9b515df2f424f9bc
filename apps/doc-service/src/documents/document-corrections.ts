import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@intake/contracts';
import { isForeignKeyViolation } from '@intake/db';
import { DataSource } from 'typeorm';
import { CategoriesRepository } from '../categories/categories.repository';
import type { ExtractedField } from '@intake/contracts';
import type { FieldValue } from './document.entity';
import { searchVectorSql } from './search-vector';

export interface Corrections {
  fields: Partial<Record<ExtractedField, FieldValue>>;
  /** The document's categories from now on (all the owner's; checked before). */
  categoryIds?: string[];
  /** Fields whose correction goes: they take the AI's value again (none before it answered). */
  reset?: ExtractedField[];
}

/** How each field's column is typed, to read the AI's value back from its JSON. */
const CAST: Record<ExtractedField, string> = {
  document_type: 'text', title: 'text', document_date: 'date', amount: 'numeric', currency: 'text', counterparty: 'text', summary: 'text',
};

/**
 * Writes a user's corrections in one transaction: the fields become their values now and survive
 * any re-processing; the categories become exactly the ones given. All or nothing.
 */
@Injectable()
export class DocumentCorrections {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly categories: CategoriesRepository,
  ) {}

  async apply(ownerId: string, id: string, corrections: Corrections, language: string): Promise<void> {
    const { fields, categoryIds, reset = [] } = corrections;
    const names = Object.keys(fields) as ExtractedField[];
    const params: unknown[] = [ownerId, id, JSON.stringify(fields), reset];
    const sets = names.map((name) => {
      params.push(fields[name]);
      return `, ${name} = $${params.length}`;
    });
    // Field names come from the schema's list, never from the request's text.
    for (const name of reset) sets.push(`, ${name} = (ai->'fields'->'${name}'->>'value')::${CAST[name]}`);
    await this.db.transaction(async (tx) => {
      // Locked first: a delete running at the same time either wins (404) or waits.
      const found: unknown[] = await tx.query('SELECT 1 FROM docs.documents WHERE owner_id = $1 AND id = $2 FOR UPDATE', [ownerId, id]);
      if (!found.length) throw new AppError('NOT_FOUND', `Document ${id} not found`);
      if (categoryIds) {
        await this.categories.setForDocument(tx, id, categoryIds).catch((error: unknown) => {
          // The categories were checked before; one deleted since cannot be filed into.
          if (isForeignKeyViolation(error)) throw new AppError('NOT_FOUND', 'A category of these was deleted meanwhile; nothing was changed', { field: 'category_ids' });
          throw error;
        });
      }
      if (!sets.length) return;
      await tx.query(`UPDATE docs.documents SET corrections = (corrections - $4::text[]) || $3::jsonb${sets.join('')}, updated_at = now() WHERE owner_id = $1 AND id = $2`, params);
      await tx.query(`UPDATE docs.documents SET search = ${searchVectorSql(3)} WHERE owner_id = $1 AND id = $2`, [ownerId, id, language]);
    });
  }
}
