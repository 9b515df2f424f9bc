import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ExtractedField, FieldValue } from './document.entity';
import { searchVectorSql } from './search-vector';

/** Writes a user's corrections: they become the field's value now and survive any re-processing. */
@Injectable()
export class DocumentCorrections {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async apply(ownerId: string, id: string, fields: Partial<Record<ExtractedField, FieldValue>>, language: string): Promise<void> {
    const names = Object.keys(fields) as ExtractedField[];
    const params: unknown[] = [ownerId, id, JSON.stringify(fields)];
    const sets = names.map((name) => {
      params.push(fields[name]);
      return `${name} = $${params.length}`;
    });
    await this.db.transaction(async (tx) => {
      await tx.query(`UPDATE docs.documents SET ${sets.join(', ')}, corrections = corrections || $3::jsonb, updated_at = now() WHERE owner_id = $1 AND id = $2`, params);
      await tx.query(`UPDATE docs.documents SET search = ${searchVectorSql(3)} WHERE owner_id = $1 AND id = $2`, [ownerId, id, language]);
    });
  }
}
