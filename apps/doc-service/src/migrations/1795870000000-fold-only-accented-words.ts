import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Runs of non-blank characters a search would not find as the parser keeps them: with a letter
 * beyond ASCII (found folded too), or with punctuation between letters or digits ("2024/117",
 * "123-456-789", "1.250,50", an e-mail address), which the parser keeps whole while a search
 * asks for the parts.
 */
const AWKWARD = `[^\\\\x01-\\\\x7f]|[[:alnum:]][^[:alnum:][:space:]]+[[:alnum:]]`;

/**
 * `docs.search_words` parses a second time only the words it has to, not the whole text: the words
 * with letters beyond ASCII, folded, and the words with punctuation inside, cut into the parts a
 * search asks for ("117" finds "FT 2024/117", which no search found before; a search is cut at
 * punctuation too, see search-query.ts). Of that second parse only the words the first did not
 * find are kept, so no word counts twice in the rank (the whole folded copy doubled them all).
 * It costs about what folding the whole text did (a Portuguese page 1.2 ms of PostgreSQL's CPU
 * instead of 1.4–1.8, an English one 0.8 instead of 0.6; `to_tsvector` alone 0.4). SEARCH_FORMAT
 * 4 has the stored vectors rebuilt.
 */
/** The body of `docs.search_words` before this migration (1795820000000): the whole text folded and parsed again. */
export const WHOLE_TEXT_FOLDED = `
  DECLARE
    folded text := docs.unaccented(value);
  BEGIN
    IF folded = value THEN
      RETURN to_tsvector(config, value);
    END IF;
    RETURN to_tsvector(config, value) || to_tsvector(config, folded);
  END`;

export class FoldOnlyAccentedWords1795870000000 implements MigrationInterface {
  name = 'FoldOnlyAccentedWords1795870000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION docs.search_words(config regconfig, value text) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
      DECLARE
        words tsvector;
        awkward text;
      BEGIN
        words := to_tsvector(config, value);
        IF value !~ E'${AWKWARD}' THEN
          RETURN words;
        END IF;
        SELECT docs.unaccented(string_agg(m[1], ' ')) INTO awkward FROM regexp_matches(value, E'(\\\\S*(?:${AWKWARD})\\\\S*)', 'g') AS m;
        -- Cut at punctuation: no markup tag can form from "<" and ">" of words joined here either.
        RETURN words || ts_delete(to_tsvector(config, regexp_replace(awkward, '[^[:alnum:][:space:]]+', ' ', 'g')), tsvector_to_array(words));
      END
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE OR REPLACE FUNCTION docs.search_words(config regconfig, value text) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$${WHOLE_TEXT_FOLDED}$$`);
  }
}
