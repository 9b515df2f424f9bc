import { Inject, Injectable } from '@nestjs/common';
import { NAME_MAX, nameKey, plainName, showsSomething, type Suggestion } from '@intake/contracts';
import { storable } from '../documents/iso-date';
import { DataSource } from 'typeorm';

export type SuggestionKind = Suggestion['kind'];

/** Names kept on the suggestion list, per kind (types, categories). */
export const MAX_SUGGESTIONS_PER_KIND = 200;
/** New names one document may propose, per kind: a model listing dozens says little about any. */
export const MAX_NAMES_PER_DOCUMENT = 10;

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

  /**
   * Names as a model wrote them: control characters (PostgreSQL refuses NUL) go, and the rest is cut
   * to 80; at most MAX_NAMES_PER_DOCUMENT of one document count. The list keeps the
   * MAX_SUGGESTIONS_PER_KIND names of each kind proposed most recently: a name that keeps coming
   * back stays however many one-off names pass, and a new one is never pushed out by old favourites.
   */
  async add(kind: SuggestionKind, names: string[], documentId: string): Promise<void> {
    // Once per document, whatever the case (the list is unique by docs.name_key(name)), as first written.
    const unique = new Map<string, string>();
    for (const name of names.map(cleanName)) if (name && !unique.has(nameKey(name))) unique.set(nameKey(name), name);
    if (!unique.size) return;
    for (const name of [...unique.values()].slice(0, MAX_NAMES_PER_DOCUMENT)) {
      await this.db.query(
        `INSERT INTO docs.suggestions (id, kind, name, last_document_id) VALUES (gen_random_uuid(), $1, $2, $3)
         ON CONFLICT (kind, docs.name_key(name)) DO UPDATE SET times = docs.suggestions.times + 1, last_document_id = $3, updated_at = now()`,
        [kind, name, documentId],
      );
    }
    await this.db.query(
      `DELETE FROM docs.suggestions WHERE id IN (SELECT id FROM docs.suggestions WHERE kind = $1 ORDER BY updated_at DESC, id OFFSET $2)`,
      [kind, MAX_SUGGESTIONS_PER_KIND],
    );
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

/** A proposed name made plain as a typed one is, cut to NAME_MAX never through a character; '' when nothing would show. */
function cleanName(name: string): string {
  const plain = storable(plainName(name).slice(0, NAME_MAX)).trim();
  return showsSomething(plain) ? plain : '';
}
