import { createServiceDataSource, migrateServiceSchema } from '@intake/db';
import { migratedTestDatabase, migrateTwice } from '@intake/testing';
import { docsTestDatabase } from './docs-test-database';
import { DOC_MIGRATIONS } from './migrations';

describe('doc-service migrations', () => {
  it('create only the docs schema with its own migrations table, and a second run is a no-op', async () => {
    const report = await migrateTwice({ schema: 'docs', migrationsTableName: 'doc_migrations', entities: [], migrations: DOC_MIGRATIONS });
    expect(report.firstRun.length).toBe(DOC_MIGRATIONS.length);
    expect(report.secondRun).toEqual([]);
    expect(report.schemas.filter((s) => s !== 'public')).toEqual(['docs']);
    expect(report.tables).toEqual(['docs.ai_budget_holds', 'docs.ai_budget_waiters', 'docs.ai_calls', 'docs.categories', 'docs.doc_migrations', 'docs.document_categories', 'docs.documents', 'docs.model_answers', 'docs.search_index_state', 'docs.suggestions']);
  });

  it('migrate a database that is not UTF-8 too, where words are left as written', async () => {
    const { ds, migrated, close } = await docsTestDatabase({ poolSize: 2, encoding: 'LATIN1' });
    try {
      expect(migrated).toHaveLength(DOC_MIGRATIONS.length);
      const [row] = await ds.query(`SELECT docs.unaccented('Relatório anual') AS folded, docs.search_words('simple', 'Relatório anual')::text AS words`);
      // How words are cut there is the database locale's business (C here): only that it works is ours.
      expect(row).toEqual({ folded: 'Relatório anual', words: expect.stringContaining("'anual'") });
    } finally {
      await close();
    }
  });

  it('make names that differ only by a final sigma one: the later category renamed with a free " (n)", suggestions merged', async () => {
    const options = { schema: 'docs', migrationsTableName: 'doc_migrations', entities: [] };
    const sigma = DOC_MIGRATIONS.findIndex((m) => m.name === 'FoldFinalSigmaInNames1795900000000');
    const before = await migratedTestDatabase({ ...options, migrations: DOC_MIGRATIONS.slice(0, sigma) });
    try {
      const owner = '00000000-0000-4000-8000-000000000001';
      await before.ds.query(
        `INSERT INTO docs.categories (id, owner_id, name, created_at) VALUES
           (gen_random_uuid(), $1, 'Σίσυφος', now() - interval '3 days'), (gen_random_uuid(), $1, 'ΣΊΣΥΦΟΣ (2)', now() - interval '2 days'),
           (gen_random_uuid(), $1, 'ΣΊΣΥΦΟΣ', now() - interval '1 day'), (gen_random_uuid(), $1, 'Invoices', now()), (gen_random_uuid(), gen_random_uuid(), 'ΣΊΣΥΦΟΣ', now())`,
        [owner],
      );
      await before.ds.query(
        `INSERT INTO docs.suggestions (id, kind, name, times, updated_at) VALUES
           (gen_random_uuid(), 'category', 'Σίσυφος', 2, now() - interval '1 day'), (gen_random_uuid(), 'category', 'ΣΊΣΥΦΟΣ', 3, now()),
           (gen_random_uuid(), 'document_type', 'Σίσυφος', 1, now())`,
      );
      const all = createServiceDataSource({ ...options, migrations: DOC_MIGRATIONS, url: before.db.url });
      await all.initialize();
      try {
        expect(await migrateServiceSchema(all, 'docs')).toEqual(DOC_MIGRATIONS.slice(sigma).map((m) => m.name));
        expect(await all.query('SELECT name FROM docs.categories WHERE owner_id = $1 ORDER BY created_at', [owner])).toEqual([{ name: 'Σίσυφος' }, { name: 'ΣΊΣΥΦΟΣ (2)' }, { name: 'ΣΊΣΥΦΟΣ (3)' }, { name: 'Invoices' }]);
        expect(await all.query('SELECT kind, name, times FROM docs.suggestions ORDER BY kind')).toEqual([
          { kind: 'category', name: 'ΣΊΣΥΦΟΣ', times: 5 },
          { kind: 'document_type', name: 'Σίσυφος', times: 1 },
        ]);
        await expect(all.query(`INSERT INTO docs.categories (id, owner_id, name) VALUES (gen_random_uuid(), $1, 'σίσυφοσ')`, [owner])).rejects.toThrow(/categories_owner_name/);
      } finally {
        await all.destroy();
      }
    } finally {
      await before.close();
    }
  });
});
