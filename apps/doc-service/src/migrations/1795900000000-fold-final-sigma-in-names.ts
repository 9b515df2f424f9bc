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
    // Inlined where it is used (a SQL function), so the type filter costs what lower() did. A database
    // that is not UTF-8 holds no Greek letter (and its SQL cannot spell one): lower() alone there.
    const [{ utf8 }] = (await db.query(`SELECT current_setting('server_encoding') = 'UTF8' AS utf8`)) as { utf8: boolean }[];
    const body = utf8 ? `translate(lower(name), 'ς', 'σ')` : 'lower(name)';
    await db.query(`CREATE FUNCTION docs.name_key(name text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT ${body} $$`);
    // The later of two categories that become one is renamed with the first free " (n)".
    const later: { id: string; owner_id: string; name: string }[] = await db.query(`
      SELECT id, owner_id, name FROM (
        SELECT id, owner_id, name, row_number() OVER (PARTITION BY owner_id, docs.name_key(name) ORDER BY created_at, id) AS n FROM docs.categories) t
      WHERE n > 1`);
    for (const category of later) {
      for (let n = 2; ; n++) {
        const suffix = ` (${n})`;
        const name = [...category.name].slice(0, 80 - suffix.length).join('') + suffix;
        const taken = await db.query('SELECT 1 FROM docs.categories WHERE owner_id = $1 AND docs.name_key(name) = docs.name_key($2)', [category.owner_id, name]);
        if (taken.length) continue;
        await db.query('UPDATE docs.categories SET name = $2 WHERE id = $1', [category.id, name]);
        break;
      }
    }
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
