import { PreparedStatement, sqlState } from '@intake/db';
import { waitFor } from '@intake/testing';
import { randomUUID } from 'node:crypto';
import { Client, type Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { DEFAULT_AI_SETTINGS } from '@intake/contracts';
import { docsTestDatabase, type DocsTestDatabase } from '../docs-test-database';
import type { Extracted } from '../ai/classifier';
import { documentResult } from './document-result';
import { type ProcessedDocument, ProcessingRepository } from './processing.repository';

describe('ProcessingRepository on a real database (prepared statements)', () => {
  let db: DocsTestDatabase;
  let ds: DataSource;
  let repo: ProcessingRepository;

  beforeAll(async () => {
    // Three connections: a prepared statement must work on each one it lands on, not only the first.
    db = await docsTestDatabase({ poolSize: 3 });
    ds = db.ds;
    repo = new ProcessingRepository(ds);
  });
  afterAll(() => db?.close());

  const insert = async (corrections: Record<string, unknown> = {}) => {
    const id = randomUUID();
    await ds.query(
      `INSERT INTO docs.documents (id, owner_id, file_name, storage_key, size_bytes, sha256, corrections) VALUES ($1, $2, 'relatório.pdf', $3, 1234, $4, $5)`,
      [id, randomUUID(), `k/${id}`, id.replace(/-/g, '').padEnd(64, '0'), JSON.stringify(corrections)],
    );
    return id;
  };

  const result = (values: Partial<ProcessedDocument['values']> = {}): ProcessedDocument => ({
    pageCount: 2,
    pagesRead: 2,
    text: 'Relatório de manutenção do edifício',
    textTruncated: false,
    note: null,
    ai: {} as ProcessedDocument['ai'],
    values: { document_type: 'report', title: 'Relatório anual', document_date: '2024-03-31', amount: 1250.5, currency: 'EUR', counterparty: 'Construções Lda', summary: null, ...values },
    provider: 'rules',
    model: 'rules',
  });

  const pool = () => (ds.driver as unknown as { master: Pool }).master;
  /** Runs `sql` on each of the pool's three connections at once (holding all three), answering each one's rows. */
  const onEveryConnection = async <T>(sql: string): Promise<T[][]> => {
    const clients = await Promise.all([0, 1, 2].map(() => pool().connect()));
    try {
      return await Promise.all(clients.map(async (client) => (await client.query(sql)).rows as T[]));
    } finally {
      for (const client of clients) client.release();
    }
  };
  const poolBackends = async () => (await onEveryConnection<{ pid: number }>('SELECT pg_backend_pid() AS pid')).map(([r]) => r.pid).sort();

  const row = async (id: string) => (await ds.query('SELECT status, title, amount, page_count FROM docs.documents WHERE id = $1', [id]))[0];
  const found = async (words: string) =>
    (await ds.query(`SELECT id FROM docs.documents WHERE search @@ (to_tsquery('simple', $1) || to_tsquery('simple', docs.unaccented($1)))`, [words])).map((r: { id: string }) => r.id);

  it('claims a queued document once; a redelivery may take it again; another generation never', async () => {
    const id = await insert();
    expect(await repo.claim(id, 2, false)).toBeNull();
    expect(await repo.claim(id, 1, false)).toEqual({ id, owner_id: expect.any(String), file_name: 'relatório.pdf', storage_key: `k/${id}`, size_bytes: '1234' });
    expect(await repo.claim(id, 1, false)).toBeNull();
    expect(await repo.claim(id, 1, true)).toEqual(expect.objectContaining({ id }));
    expect((await row(id)).status).toBe('processing');
  });

  it('stores the results and the search vector, keeps what the user corrected, and ignores an older generation', async () => {
    const id = await insert({ title: 'My own title' });
    await repo.claim(id, 1, false);
    expect(await repo.finish(id, 2, result(), 'simple')).toBe(false);
    expect((await row(id)).status).toBe('processing');
    expect(await repo.finish(id, 1, result(), 'simple')).toBe(true);
    expect(await row(id)).toEqual({ status: 'done', title: 'My own title', amount: '1250.50', page_count: 2 });
    expect(await found('manutencao & construcoes')).toEqual([id]);
  });

  it("keeps a correction saved while the final write waited for the row, not the AI's value", async () => {
    const id = await insert();
    await repo.claim(id, 1, false);
    const user = new Client({ connectionString: db.db.url });
    await user.connect();
    try {
      // A correction in flight, holding the row as DocumentCorrections does.
      await user.query('BEGIN');
      await user.query('SELECT 1 FROM docs.documents WHERE id = $1 FOR UPDATE', [id]);
      await user.query(`UPDATE docs.documents SET corrections = corrections || '{"title": "Mine"}'::jsonb, title = 'Mine' WHERE id = $1`, [id]);
      const finishing = repo.finish(id, 1, result({ title: 'From the AI' }), 'simple');
      await waitFor(async () => (await ds.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%corrections%'`))[0].n > 0);
      await user.query('COMMIT');
      expect(await finishing).toBe(true);
    } finally {
      await user.end();
    }
    expect(await row(id)).toMatchObject({ status: 'done', title: 'Mine' });
  });

  it('keeps a failed document findable by the text it had read and by its file name', async () => {
    const [withText, withoutText] = [await insert(), await insert()];
    for (const id of [withText, withoutText]) await repo.claim(id, 1, false);
    const extracted = { pageCount: 1, pagesRead: 1, text: 'Contrato de manutenção predial', textTruncated: false };
    expect(await repo.fail(withText, 1, 'ai_budget', 'The daily token budget is spent', 'simple', extracted)).toEqual(expect.any(String));
    expect(await repo.fail(withoutText, 1, 'corrupt', 'The PDF is damaged', 'simple')).toEqual(expect.any(String));
    expect(await found('contrato & predial')).toEqual([withText]);
    expect(await found('relatorio')).toEqual(expect.arrayContaining([withText, withoutText])); // relatório.pdf
  });

  it('folds the letters that carry no separate accent mark, in the stored words and in the query', async () => {
    const id = await insert();
    await repo.claim(id, 1, false);
    const text = 'Oddział Łódź, Hauptstraße 5, Søren Ærø, œuvre, Þórshöfn, Đakovo, Ħamrun, DIYARBAKIR ılıca';
    expect(await repo.finish(id, 1, { ...result(), text }, 'simple')).toBe(true);
    expect(await found('lodz & oddzial & hauptstrasse & soren & aero & oeuvre & thorshofn & dakovo & hamrun & ilica')).toEqual([id]);
    // As typed, with the letters, too; and an English text is left as it is.
    expect(await found('łódź & hauptstraße & søren & ærø')).toEqual([id]);
    const folded = await ds.query(`SELECT docs.unaccented('Straße ÆRØ Łódź') AS a, docs.unaccented('plain ASCII text') AS b`);
    expect(folded[0]).toEqual({ a: 'Strasse AERO Lodz', b: 'plain ASCII text' });
  });

  it('stores results whose snippets and values were cut through an emoji (half a surrogate pair, which PostgreSQL refuses in JSON)', async () => {
    const cut = `${'a'.repeat(299)}${'😀'.slice(0, 1)}`;
    const value = <T>(v: T, snippet: string | null = cut): Extracted<T> => ({ value: v, confidence: 0.9, snippet });
    const classification = {
      document_type: value<string>(null as never, null),
      title: value(`Title ${'😀'.slice(0, 1)}`),
      date: value('2024-03-31'),
      amount: value(12.5),
      currency: value('EUR'),
      counterparty: value(`${'😀'.slice(1)}Acme`),
      summary: value('Short'),
      categories: [{ name: 'Office', confidence: 0.8, snippet: cut }],
      proposed_types: [],
      proposed_categories: [],
    };
    const outcome = { classification, provider: 'rules' as const, model: 'rules', usage: { input_tokens: 0, output_tokens: 0 }, attempts: 1 };
    const id = await insert();
    const done = { ...result(), ...documentResult(outcome, { text: '', pageCount: 1, pagesRead: 1, truncated: false }, DEFAULT_AI_SETTINGS) };
    expect(await repo.finish(id, 1, done, 'simple')).toBe(true);
    const [stored] = await ds.query(`SELECT title, counterparty, ai->'fields'->'title'->>'snippet' AS snippet, ai->'categories'->0->>'snippet' AS category FROM docs.documents WHERE id = $1`, [id]);
    expect(stored).toEqual({ title: 'Title ', counterparty: '\ufffdAcme', snippet: 'a'.repeat(299), category: 'a'.repeat(299) });
  });

  it('runs both statements on every pooled connection, many at once', async () => {
    const ids = await Promise.all(Array.from({ length: 12 }, () => insert()));
    expect((await Promise.all(ids.map((id) => repo.claim(id, 1, false)))).every(Boolean)).toBe(true);
    expect(await Promise.all(ids.map((id) => repo.finish(id, 1, result(), 'simple')))).toEqual(ids.map(() => true));
    const done = await ds.query(`SELECT count(*)::int AS n FROM docs.documents WHERE id = ANY($1) AND status = 'done'`, [ids]);
    expect(done[0].n).toBe(12);
  });

  it("rejects a value PostgreSQL cannot store with its SQLSTATE, which the worker reads as the document's fault, and keeps the connection", async () => {
    const id = await insert();
    await repo.claim(id, 1, false);
    const backends = await poolBackends();
    const error = await repo.finish(id, 1, result({ amount: 1e20 }), 'simple').catch((e: unknown) => e);
    expect(sqlState(error)).toBe('22003'); // numeric_value_out_of_range: class 22, data exception
    expect((await row(id)).status).toBe('processing');
    expect(await poolBackends()).toEqual(backends);
  });

  it('prepares each statement once per connection and then reuses it', async () => {
    // As many claims at once as the pool has connections and more: every connection runs one.
    const ids = await Promise.all(Array.from({ length: 9 }, () => insert()));
    await Promise.all(ids.map((id) => repo.claim(id, 1, false)));
    await Promise.all(ids.map((id) => repo.finish(id, 1, result(), 'simple')));
    const prepared = await onEveryConnection<{ name: string; runs: number }>(
      `SELECT name, (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements WHERE name LIKE 'doc\\_%' ORDER BY name`,
    );
    expect(prepared.map((rows) => rows.map((r) => r.name))).toEqual([0, 1, 2].map(() => ['doc_claim', 'doc_finish']));
    expect(prepared.flat().find((r) => r.name === 'doc_claim' && r.runs > 1)).toBeDefined();
  });

  it('costs no claim when a migration changes what the prepared claim returns', async () => {
    // Every connection prepares the claim, then holds a plan for the old column type: PostgreSQL
    // refuses it (0A000) until the statement is prepared again on a new connection.
    await Promise.all((await Promise.all(Array.from({ length: 6 }, () => insert()))).map((id) => repo.claim(id, 1, false)));
    const backends = await poolBackends();
    await ds.query('ALTER TABLE docs.documents ALTER COLUMN file_name TYPE varchar(600)');
    const ids = await Promise.all(Array.from({ length: 6 }, () => insert()));
    const claimed = await Promise.all(ids.map((id) => repo.claim(id, 1, false)));
    expect(claimed.map((c) => c?.file_name)).toEqual(ids.map(() => 'relatório.pdf'));
    expect(await poolBackends()).not.toEqual(backends); // the stale connections were replaced
  });

  it('refuses one statement name declared with two texts', () => {
    new PreparedStatement('test_same_name', 'SELECT 1');
    expect(() => new PreparedStatement('test_same_name', 'SELECT 1')).not.toThrow();
    expect(() => new PreparedStatement('test_same_name', 'SELECT 2')).toThrow('prepared statement "test_same_name" was declared twice with different text');
  });
});
