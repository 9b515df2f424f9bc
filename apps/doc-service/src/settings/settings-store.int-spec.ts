import { type AiSettings, DEFAULT_AI_SETTINGS } from '@intake/contracts';
import { createServiceDataSource, SecretBox } from '@intake/db';
import { createTestDatabase, startNatsServer, type TestDatabase, type TestNats, waitFor } from '@intake/testing';
import { connect, type NatsConnection } from 'nats';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { DataSource } from 'typeorm';
import type { DocServiceConfig } from '../config';
import { SettingsStore } from './settings-store';

/** Two doc-service replicas sharing one settings file, one database and NATS, as in deploy/k8s. */
describe('SettingsStore across replicas', () => {
  let db: TestDatabase;
  let nats: TestNats;
  let dir: string;
  const replicas: { store: SettingsStore; ds: DataSource; nc: NatsConnection }[] = [];
  const secrets = new SecretBox(randomBytes(32).toString('base64'));

  beforeAll(async () => {
    db = await createTestDatabase();
    nats = await startNatsServer();
    dir = mkdtempSync(join(tmpdir(), 'intake-settings-store-'));
    const config = { settingsFile: join(dir, 'doc_service_config.json') } as DocServiceConfig;
    for (let i = 0; i < 2; i++) {
      const ds = createServiceDataSource({ url: db.url, schema: 'public', migrationsTableName: 'migrations', entities: [], migrations: [], poolSize: 2 });
      await ds.initialize();
      const nc = await connect(nats.options);
      const store = new SettingsStore(config, secrets, ds, nc);
      store.onApplicationBootstrap();
      replicas.push({ store, ds, nc });
    }
    await Promise.all(replicas.map((r) => r.nc.flush()));
  });
  afterAll(async () => {
    for (const r of replicas) {
      r.store.onApplicationShutdown();
      await r.nc.close();
      await r.ds.destroy();
    }
    await nats?.stop();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const [a, b] = [() => replicas[0].store, () => replicas[1].store];
  const adding = (name: string, pauseMs: number) => async (current: AiSettings) => {
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    return { ...current, categories: [...current.categories, name] };
  };

  it('keeps both of two changes saved at once on two replicas', async () => {
    expect((await b().get()).categories).toEqual(DEFAULT_AI_SETTINGS.categories); // B has the file cached
    // A's change is slow to work out; B saves meanwhile, so A works its change out again on B's.
    const first = a().change(adding('Travel', 300));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = b().change(adding('Office', 0));
    await Promise.all([first, second]);
    expect((await a().get()).categories).toEqual([...DEFAULT_AI_SETTINGS.categories, 'Office', 'Travel']);
  });

  it('holds no database connection while a change is worked out, so changes on one small pool do not wait for each other', async () => {
    // Each replica's pool has 2 connections: 3 slow changes at once, each needing a connection of
    // its own while worked out (as the search-language check does), would deadlock under a lock
    // held across the whole change.
    const needsTheDatabase = (name: string) => async (current: AiSettings) => {
      await replicas[0].ds.query('SELECT pg_sleep(0.1)');
      return { ...current, document_types: [...current.document_types, name] };
    };
    await Promise.all(['a', 'b', 'c'].map((name) => a().change(needsTheDatabase(name))));
    expect((await a().get()).document_types.slice(-3).sort()).toEqual(['a', 'b', 'c']);
  }, 20_000);

  it("drops the other replica's cached copy at once, not after 30 s", async () => {
    expect((await b().get()).max_pages).toBe(DEFAULT_AI_SETTINGS.max_pages);
    await a().change(async (current) => ({ ...current, max_pages: 42 }));
    await waitFor(async () => (await b().get()).max_pages === 42, 2000, 20);
  });

  it('reads a file saved when the daily token budget was one figure as that figure for each provider', async () => {
    const file = join(dir, 'doc_service_config.json');
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...saved, daily_token_budget: 75_000 }));
    const each = { anthropic: 75_000, ollama: 75_000, lmstudio: 75_000 };
    // A change reads the file as it is (not the cached copy), and saves it in today's form.
    const { before } = await a().change(async (current) => current);
    expect(before.daily_token_budget).toEqual(each);
    expect(JSON.parse(readFileSync(file, 'utf8')).daily_token_budget).toEqual(each);
    await waitFor(async () => isDeepStrictEqual((await b().get()).daily_token_budget, each), 2000, 20);
    await a().change(async (current) => ({ ...current, daily_token_budget: DEFAULT_AI_SETTINGS.daily_token_budget }));
  });

  it('reads a file saved before names were made plain and timeouts were at least 1 s as it would be saved now', async () => {
    const file = join(dir, 'doc_service_config.json');
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    const rules = {
      document_types: [{ name: '\u200b', match: 'x', algorithm: 'any', case_sensitive: false }, { name: 'invoice', match: 'fatura', algorithm: 'any', case_sensitive: false }],
      categories: [{ name: 'Lone\ud800', match: 'y', algorithm: 'any', case_sensitive: false }],
    };
    writeFileSync(
      file,
      JSON.stringify({ ...saved, timeout_s: 0.5, model: 'llama\u0000', rules, categories: ['Cafe\u0301', 'Café', '\u200d', 'Lone\ud800', ' Office '], document_types: ['invoice', 'INVOICE'] }),
    );
    const { before } = await a().change(async (current) => current);
    expect(before).toMatchObject({ timeout_s: 1, model: 'llama', categories: ['Café', 'Office'], document_types: ['invoice'], rules: { document_types: [rules.document_types[1]], categories: [] } });
    await a().change(async (current) => ({ ...current, ...DEFAULT_AI_SETTINGS }));
  });

  it('keeps the API key encrypted on disk and answers it decrypted', async () => {
    await a().change(async (current) => ({ ...current, api_key: 'sk-test-secret' }));
    await waitFor(async () => (await b().get()).api_key === 'sk-test-secret', 2000, 20);
    const onDisk = readFileSync(join(dir, 'doc_service_config.json'), 'utf8');
    expect(onDisk).not.toContain('sk-test-secret');
    expect(secrets.decrypt(JSON.parse(onDisk).api_key_encrypted)).toBe('sk-test-secret');
  });

  it('keeps the kept keys encrypted too, and serves the settings without one it cannot decrypt', async () => {
    const file = join(dir, 'doc_service_config.json');
    const kept = [
      { provider: 'anthropic' as const, base_url: null, api_key: 'sk-kept-anthropic' },
      { provider: 'lmstudio' as const, base_url: 'http://127.0.0.1:1234', api_key: 'sk-kept-lmstudio' },
    ];
    await a().change(async (current) => ({ ...current, kept_keys: kept }));
    await waitFor(async () => isDeepStrictEqual((await b().get()).kept_keys, kept), 2000, 20);
    const onDisk = JSON.parse(readFileSync(file, 'utf8'));
    expect(JSON.stringify(onDisk)).not.toContain('sk-kept');
    expect(onDisk.kept_keys.map((k: { api_key_encrypted: string }) => secrets.decrypt(k.api_key_encrypted))).toEqual(['sk-kept-anthropic', 'sk-kept-lmstudio']);

    // Sealed with another SECRETS_KEY (a restored backup): that key is left out, the rest served.
    const otherBox = new SecretBox(randomBytes(32).toString('base64'));
    onDisk.kept_keys[0].api_key_encrypted = otherBox.encrypt('sk-kept-anthropic');
    writeFileSync(file, JSON.stringify(onDisk));
    const { before } = await a().change(async (current) => current);
    expect(before.kept_keys).toEqual([kept[1]]);

    // A file from before keys were kept reads as none kept.
    const { kept_keys: _dropped, ...older } = onDisk;
    writeFileSync(file, JSON.stringify(older));
    expect((await a().change(async (current) => current)).before.kept_keys).toEqual([]);
  });
});
