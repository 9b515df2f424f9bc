import { type Actor, Actors, binaryBody, createNocoBaseDatabase, type TestDatabase, TestSuite, waitFor } from '@intake/testing';
import { Client } from 'pg';
import request from 'supertest';

/** A grant on collections of the fixture target. */
export type Grant = { index_pattern: string; can_read?: boolean; can_write?: boolean; es_server_id?: string | null };

export type Job = { id: string; status: string; error: string | null; has_result: boolean; progress: Record<string, number | null> } & Record<string, unknown>;

/** The whole suite plus a NocoBase fixture database registered as a target, for import tests. */
export class ImportSuite {
  private constructor(
    readonly suite: TestSuite,
    readonly nocobase: TestDatabase,
    readonly actors: Actors,
    readonly admin: Actor,
    readonly targetId: string,
    /** The connection settings of the fixture target, for another target on the same database. */
    readonly targetSettings: Record<string, unknown>,
  ) {}

  static async start(env: Record<string, string> = {}, settings: Record<string, unknown> = {}): Promise<ImportSuite> {
    const [suite, nocobase] = await Promise.all([TestSuite.start({ env }), createNocoBaseDatabase()]);
    const actors = new Actors(suite);
    const admin = await actors.admin();
    const targetSettings = { host: '127.0.0.1', port: 5432, database: nocobase.name, user: 'postgres', ...settings };
    const target = await request(suite.url).post('/api/import-targets').set(admin.auth).send({ kind: 'nocobase', name: 'Fixture', settings: targetSettings }).expect(201);
    return new ImportSuite(suite, nocobase, actors, admin, target.body.id, targetSettings);
  }

  api() {
    return request(this.suite.url);
  }

  /** A user of `role` with the imports app and these grants on the fixture target. */
  async importer(role: 'power' | 'operator' | 'reader', ...grants: Grant[]): Promise<Actor> {
    const actor = await this.actors.user(role);
    await this.api().post('/api/app-permissions').set(this.admin.auth).send({ user_id: actor.user.id, app_key: 'imports' }).expect(201);
    for (const g of grants) await this.api().post('/api/index-access').set(this.admin.auth).send({ user_id: actor.user.id, es_server_id: this.targetId, ...g }).expect(201);
    return actor;
  }

  upload(name: string, content: Buffer | string, who: Actor = this.admin, targetId = this.targetId) {
    return this.api().post('/api/imports').set(who.auth).field('target_id', targetId).attach('file', Buffer.from(content), name);
  }

  async job(id: string, who: Actor = this.admin): Promise<Job> {
    return (await this.api().get(`/api/imports/${id}`).set(who.auth).expect(200)).body;
  }

  /** Polls the job until its status is one of `statuses`. */
  async until(id: string, statuses: string[], who: Actor = this.admin, timeoutMs = 30_000): Promise<Job> {
    let job = { status: '' } as Job;
    await waitFor(async () => statuses.includes((job = await this.job(id, who)).status), timeoutMs);
    return job;
  }

  async download(path: string, who: Actor = this.admin): Promise<{ body: Buffer; headers: Record<string, string> }> {
    const res = await this.api()
      .get(path)
      .set(who.auth)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    return { body: res.body as Buffer, headers: res.headers as Record<string, string> };
  }

  /** A query against the NocoBase database. */
  async query(sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    const client = new Client({ connectionString: this.nocobase.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows;
    } finally {
      await client.end();
    }
  }

  async stop(): Promise<void> {
    await this.suite.stop();
    await this.nocobase.drop();
  }
}
