import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accent-insensitive search: `docs.unaccented` strips combining accents (Unicode NFD, marks
 * U+0300–U+036F), so "manutencao" finds "manutenção" and the other way round. PL/pgSQL on purpose:
 * a SQL function would be inlined and `normalize` folded at plan time, which fails on a database
 * that is not UTF-8 even where the function would return the value unchanged.
 * `search_index_state` records which way the stored vectors were built (see SEARCH_FORMAT): the
 * vectors of documents already there are rebuilt in the background when the service starts.
 */
export class FoldAccentsInSearch1795820000000 implements MigrationInterface {
  name = 'FoldAccentsInSearch1795820000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION docs.unaccented(value text) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
      BEGIN
        IF current_setting('server_encoding') <> 'UTF8' THEN
          RETURN value;
        END IF;
        RETURN regexp_replace(normalize(value, NFD), '[\\u0300-\\u036f]', '', 'g');
      END
      $$`);
    await db.query(`CREATE TABLE docs.search_index_state (id boolean PRIMARY KEY DEFAULT true CHECK (id), format smallint NOT NULL)`);
    // 1: the vectors as built before this migration, with accents.
    await db.query(`INSERT INTO docs.search_index_state (format) VALUES (1)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE docs.search_index_state');
    await db.query('DROP FUNCTION docs.unaccented(text)');
  }
}
