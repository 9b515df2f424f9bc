import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Runs of non-blank characters a search would not find as the parser keeps them: with a letter
 * beyond ASCII (found folded too), or with punctuation between letters or digits ("2024/117",
 * "123-456-789", "1.250,50", an e-mail address), which the parser keeps whole while a search
 * asks for the parts.
 */
const AWKWARD = `[^\\\\x01-\\\\x7f]|[[:alnum:]][^[:alnum:][:space:]]+[[:alnum:]]`;

/**
 * `docs.search_words` parses a second time only the words it has to, not the whole text: folded,
 * the words with letters beyond ASCII, and cut at punctuation, the numbers and references a user
 * types in parts ("117" finds "FT 2024/117", which no search found before). It finds every word
 * it did, and more, for about the same CPU (a Portuguese page 1.2 ms of PostgreSQL's instead of
 * 1.4–1.8, an English one 0.8 instead of 0.6; `to_tsvector` alone 0.4). The plain words of an
 * accented text are no longer counted twice, which changes their rank: SEARCH_FORMAT 4 has the
 * stored vectors rebuilt.
 */
export class FoldOnlyAccentedWords1795870000000 implements MigrationInterface {
  name = 'FoldOnlyAccentedWords1795870000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION docs.search_words(config regconfig, value text) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
      DECLARE
        awkward text;
      BEGIN
        IF value !~ E'${AWKWARD}' THEN
          RETURN to_tsvector(config, value);
        END IF;
        SELECT docs.unaccented(string_agg(m[1], ' ')) INTO awkward FROM regexp_matches(value, E'(\\\\S*(?:${AWKWARD})\\\\S*)', 'g') AS m;
        -- The words joined are no text: a "<" in one and a ">" in a later one would make a markup
        -- tag, which the parser skips whole with every word inside it.
        RETURN to_tsvector(config, value)
          || to_tsvector(config, translate(awkward, '<', ' ') || ' ' || regexp_replace(awkward, '[^[:alnum:][:space:]]+', ' ', 'g'));
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
