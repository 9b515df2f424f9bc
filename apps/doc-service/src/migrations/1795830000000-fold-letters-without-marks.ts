import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Letters Unicode does not decompose into a base letter and a mark, and what a search types instead. */
const ONE_FOR_ONE: [string, string][] = [
  ['ł', 'l'], ['Ł', 'L'], ['ø', 'o'], ['Ø', 'O'], ['đ', 'd'], ['Đ', 'D'], ['ð', 'd'], ['Ð', 'D'],
  ['ħ', 'h'], ['Ħ', 'H'], ['ŧ', 't'], ['Ŧ', 'T'], ['ı', 'i'], ['ŀ', 'l'], ['Ŀ', 'L'],
];
const ONE_FOR_TWO: [string, string][] = [['ß', 'ss'], ['ẞ', 'SS'], ['æ', 'ae'], ['Æ', 'AE'], ['œ', 'oe'], ['Œ', 'OE'], ['þ', 'th'], ['Þ', 'TH']];

/**
 * The SQL text stays ASCII, so the function can be created in a database that is not UTF-8 (where
 * only its first branch ever runs): letters are made with chr() when that branch runs, and the
 * pattern's escapes are left to the regex engine (as in the earlier migration).
 */
const chars = (letters: string[]) => letters.map((c) => `chr(${c.charCodeAt(0)})`).join(' || ');
const patternOf = (letters: string[]) => `E'[${letters.map((c) => `\\\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]'`;

const stripMarks = `regexp_replace(normalize(value, NFD), E'[\\\\u0300-\\\\u036f]', '', 'g')`;
const translated = `translate(${stripMarks}, ${chars(ONE_FOR_ONE.map(([from]) => from))}, '${ONE_FOR_ONE.map(([, to]) => to).join('')}')`;

/**
 * Folds, besides accents, the letters that carry no separate mark: "lodz" finds "Łódź", "strasse"
 * "Straße", "soren" "Søren", "aebleskiver" "æbleskiver". The two-letter ones are replaced only in
 * a text that has any (a replace per letter reads the whole text). SEARCH_FORMAT 3 has the stored
 * vectors rebuilt in the background at the next start.
 */
export class FoldLettersWithoutMarks1795830000000 implements MigrationInterface {
  name = 'FoldLettersWithoutMarks1795830000000';

  async up(db: QueryRunner): Promise<void> {
    const replaces = ONE_FOR_TWO.reduce((text, [from, to]) => `replace(${text}, ${chars([from])}, '${to}')`, 'folded');
    await db.query(`
      CREATE OR REPLACE FUNCTION docs.unaccented(value text) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
      DECLARE
        folded text;
      BEGIN
        -- Not UTF-8, or plain ASCII (most text, and the decomposition is the costly part): nothing to fold.
        IF current_setting('server_encoding') <> 'UTF8' OR value !~ E'[^\\\\x01-\\\\x7f]' THEN
          RETURN value;
        END IF;
        folded := ${translated};
        IF folded ~ ${patternOf(ONE_FOR_TWO.map(([from]) => from))} THEN
          RETURN ${replaces};
        END IF;
        RETURN folded;
      END
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION docs.unaccented(value text) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
      BEGIN
        IF current_setting('server_encoding') <> 'UTF8' OR value !~ E'[^\\\\x01-\\\\x7f]' THEN
          RETURN value;
        END IF;
        RETURN ${stripMarks};
      END
      $$`);
  }
}
