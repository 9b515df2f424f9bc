import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Runs of non-blank characters holding a letter beyond ASCII: the only words folding can change. */
const ACCENTED_WORDS = `E'(\\\\S*[^\\\\x01-\\\\x7f]\\\\S*)'`;

/**
 * `docs.search_words` folds only the words that have letters beyond ASCII instead of the whole
 * text, and parses only those a second time: a Portuguese page spent about 1.4–1.8 ms of
 * PostgreSQL's CPU in it, now 0.9–1.0 (`to_tsvector` alone: 0.5–0.8), on every document's final
 * write. It finds the same words (a word is cut at blanks either way), and also the folded words
 * inside a markup tag, which the parser skipped. The plain words of an accented text are no
 * longer counted twice, which changes their rank: SEARCH_FORMAT 4 has stored vectors rebuilt.
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
        -- Words joined are no text: a "<" in one and a ">" in a later one would make a markup tag,
        -- which the parser skips whole with every word inside it.
        RETURN to_tsvector(config, value) || to_tsvector(config, translate(folded, '<', ' '));
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
