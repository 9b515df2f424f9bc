import type { DocServiceConfig } from '@intake/config';
import { SecretBox } from '@intake/db';
import { startNatsServer, type TestNats, waitFor } from '@intake/testing';
import { connect, type NatsConnection } from 'nats';
import { randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { docsTestDatabase, type DocsTestDatabase } from '../docs-test-database';
import { SettingsStore } from '../settings/settings-store';
import { SearchIndex } from './search-index';

describe('SearchIndex on a real database: a language change reaches every vector', () => {
  let db: DocsTestDatabase;
  let nats: TestNats;
  let nc: NatsConnection;
  let ds: DataSource;
  let index: SearchIndex;

  beforeAll(async () => {
    [db, nats] = await Promise.all([docsTestDatabase(), startNatsServer()]);
    ds = db.ds;
    nc = await connect(nats.options);
    // No settings file: the defaults ('simple' search).
    const settings = new SettingsStore({ settingsFile: join(tmpdir(), `intake-no-settings-${randomUUID()}.json`) } as DocServiceConfig, new SecretBox(randomBytes(32).toString('base64')), ds, nc);
    index = new SearchIndex(ds, settings);
    index.resweepAfterMs = 200;
  });
  afterAll(async () => {
    index?.onApplicationShutdown();
    await nc?.close();
    await Promise.allSettled([nats?.stop(), db?.close()]);
  });

  const insert = async () => {
    const id = randomUUID();
    await ds.query(
      `INSERT INTO docs.documents (id, owner_id, file_name, storage_key, size_bytes, sha256, status, text, search) VALUES ($1, $2, 'a.pdf', 'k', 1, $3, 'done', 'Invoices for March', to_tsvector('simple', 'x'))`,
      [id, randomUUID(), id.replace(/-/g, '').padEnd(64, '0')],
    );
    return id;
  };
  /** Whether the stored vector holds the word as 'simple' keeps it ('english' stems it to 'invoic'). */
  const builtSimple = async (id: string) => ((await ds.query(`SELECT search @@ to_tsquery('simple', 'invoices') AS found FROM docs.documents WHERE id = $1`, [id])) as { found: boolean }[])[0].found;
  /** As a worker that read the old setting writes when it finishes during or just after the pass. */
  const lateWrite = (id: string, language: string) => ds.query(`UPDATE docs.documents SET search = to_tsvector($2::regconfig, text), updated_at = now() WHERE id = $1`, [id, language]);

  it('records the language of a complete pass, and builds again what a late worker wrote in the old one', async () => {
    const id = await insert();
    index.rebuild('simple');
    await index.settled();
    expect(await builtSimple(id)).toBe(true);
    expect(await ds.query('SELECT language FROM docs.search_index_state')).toEqual([{ language: 'simple' }]);

    await lateWrite(id, 'english');
    expect(await builtSimple(id)).toBe(false);
    await waitFor(() => builtSimple(id), 5000, 50);
  });

  it('ends in the language set when a pass ends, not in the one it began with', async () => {
    const id = await insert();
    await ds.query(`UPDATE docs.search_index_state SET language = 'english'`);
    // The setting says 'simple': it was changed through another replica while this 'english' pass ran.
    index.rebuild('english');
    await index.settled();
    expect(await builtSimple(id)).toBe(true);
    expect(await ds.query('SELECT language FROM docs.search_index_state')).toEqual([{ language: 'simple' }]);
    // The 'english' pass's late sweep, moot, must not undo it.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await builtSimple(id)).toBe(true);
  });
});
