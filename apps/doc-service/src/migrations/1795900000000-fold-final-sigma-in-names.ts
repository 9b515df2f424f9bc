import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `docs.name_key(name)`: how category and suggestion names compare, whatever their case. lower()
 * alone kept a Greek word ending in ς apart from the same word in capitals (Σ lowers to σ), so
 * "Σίσυφος" and "ΣΊΣΥΦΟΣ" could be two categories of one user while the settings' lists, compared
 * in the service, held them as one; the same fold as `nameKey` in @intake/contracts.
 * Names that become one under it: the later category is renamed "… (2)", suggestions are merged.
 */
export class FoldFinalSigmaInNames1795900000000 implements MigrationInterface {
  name = 'FoldFinalSigmaInNames1795900000000';

  async up(db: QueryRunner): Promise<void> {
    // ASCII SQL, and the Greek letters made only in a UTF-8 database (in a LATIN1 one there are none, and chr(962) is an error).
    await db.query(`
      CREATE FUNCTION docs.name_key(name text) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
      BEGIN
        IF current_setting('server_encoding') <> 'UTF8' THEN
          RETURN lower(name);
        END IF;
        RETURN translate(lower(name), chr(962), chr(963));
      END
      $$`);
    await db.query(`
      UPDATE docs.categories c SET name = left(c.name, 80 - length(t.suffix)) || t.suffix
      FROM (SELECT id, ' (' || row_number() OVER (PARTITION BY owner_id, docs.name_key(name) ORDER BY created_at, id) || ')' AS suffix,
                   row_number() OVER (PARTITION BY owner_id, docs.name_key(name) ORDER BY created_at, id) AS n
            FROM docs.categories) t
      WHERE c.id = t.id AND t.n > 1`);
    await db.query('DROP INDEX docs.categories_owner_name');
    await db.query('CREATE UNIQUE INDEX categories_owner_name ON docs.categories (owner_id, docs.name_key(name))');
    await db.query(`
      WITH ranked AS (
        SELECT id, first_value(id) OVER w AS kept, sum(times) OVER (PARTITION BY kind, docs.name_key(name)) AS total
        FROM docs.suggestions WINDOW w AS (PARTITION BY kind, docs.name_key(name) ORDER BY updated_at DESC, id)),
      merged AS (UPDATE docs.suggestions s SET times = r.total FROM ranked r WHERE s.id = r.id AND r.id = r.kept)
      DELETE FROM docs.suggestions s USING ranked r WHERE s.id = r.id AND r.id <> r.kept`);
    await db.query('DROP INDEX docs.suggestions_kind_name');
    await db.query('CREATE UNIQUE INDEX suggestions_kind_name ON docs.suggestions (kind, docs.name_key(name))');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX docs.suggestions_kind_name');
    await db.query('CREATE UNIQUE INDEX suggestions_kind_name ON docs.suggestions (kind, lower(name))');
    await db.query('DROP INDEX docs.categories_owner_name');
    await db.query('CREATE UNIQUE INDEX categories_owner_name ON docs.categories (owner_id, lower(name))');
    await db.query('DROP FUNCTION docs.name_key(text)');
  }
}
