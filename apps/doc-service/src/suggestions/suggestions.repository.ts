import { Inject, Injectable } from '@nestjs/common';
import type { Suggestion } from '@intake/contracts';
import { DataSource } from 'typeorm';

export type SuggestionKind = Suggestion['kind'];

export interface SuggestionRecord {
  id: string;
  kind: SuggestionKind;
  name: string;
  times: number;
  last_document_id: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Types and categories a model proposed outside the configured lists, counted, for an admin to accept or dismiss. */
@Injectable()
export class SuggestionsRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async add(kind: SuggestionKind, names: string[], documentId: string): Promise<void> {
    for (const name of new Set(names.map((n) => n.trim().slice(0, 80)).filter(Boolean))) {
      await this.db.query(
        `INSERT INTO docs.suggestions (id, kind, name, last_document_id) VALUES (gen_random_uuid(), $1, $2, $3)
         ON CONFLICT (kind, lower(name)) DO UPDATE SET times = docs.suggestions.times + 1, last_document_id = $3, updated_at = now()`,
        [kind, name, documentId],
      );
    }
  }

  list(): Promise<SuggestionRecord[]> {
    return this.db.query('SELECT * FROM docs.suggestions ORDER BY times DESC, lower(name)');
  }

  async find(id: string): Promise<SuggestionRecord | null> {
    const rows: SuggestionRecord[] = await this.db.query('SELECT * FROM docs.suggestions WHERE id = $1', [id]);
    return rows[0] ?? null;
  }

  async take(id: string): Promise<SuggestionRecord | null> {
    const [rows] = (await this.db.query('DELETE FROM docs.suggestions WHERE id = $1 RETURNING *', [id])) as [SuggestionRecord[], number];
    return rows[0] ?? null;
  }
}
