import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accent-insensitive search.
 * - `docs.unaccented` strips combining accents (Unicode NFD, marks U+0300–U+036F), so
 *   "manutencao" finds "manutenção". PL/pgSQL on purpose: a SQL function would be inlined and
 *   `normalize` folded at plan time, which fails on a database that is not UTF-8 even where the
 *   function returns the value unchanged. The pattern is an E'' string, so it reads the same
 *   whatever standard_conforming_strings says.
 * - `docs.search_words` is the vector of a text as written and, when it has accents, also as
 *   folded: a stemming language (portuguese) still stems the accented words it knows, and a
 *   search without accents finds the folded ones.
 * - `search_index_state` records which way the stored vectors were built (SEARCH_FORMAT): the
 *   vectors of documents already there are rebuilt in the background when the service starts.
 */
export class FoldAccentsInSearch1795820000000 implements MigrationInterface {
  name = 'FoldAccentsInSearch1795820000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION docs.unaccented(value text) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
      BEGIN
        -- Not UTF-8, or plain ASCII (most text, and the decomposition is the costly part): nothing to fold.
        IF current_setting('server_encoding') <> 'UTF8' OR value !~ E'[^\\x01-\\x7f]' THEN
          RETURN value;
        END IF;
        RETURN regexp_replace(normalize(value, NFD), E'[\\\\u0300-\\\\u036f]', '', 'g');
      END
      $$`);
    await db.query(`
      CREATE FUNCTION docs.search_words(config regconfig, value text) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
      DECLARE
        folded text := docs.unaccented(value);
      BEGIN
        IF folded = value THEN
          RETURN to_tsvector(config, value);
        END IF;
        RETURN to_tsvector(config, value) || to_tsvector(config, folded);
      END
      $$`);
    await db.query(`CREATE TABLE docs.search_index_state (id boolean PRIMARY KEY DEFAULT true CHECK (id), format smallint NOT NULL)`);
    // 1: the vectors as built before this migration, with accents only.
    await db.query(`INSERT INTO docs.search_index_state (format) VALUES (1)`);
  }

  async down(db: QueryRunner): Promise<void> {
    // The stored vectors keep their folded words; the code before this migration still finds what it looks for.
    await db.query('DROP TABLE docs.search_index_state');
    await db.query('DROP FUNCTION docs.search_words(regconfig, text)');
    await db.query('DROP FUNCTION docs.unaccented(text)');
  }
}
