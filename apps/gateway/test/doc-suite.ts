import { type Actor, Actors, TestSuite, waitFor } from '@intake/testing';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';

export interface UploadFile {
  name: string;
  bytes: Buffer;
}

/** The suite plus what document tests need: users holding the documents app, uploads, waiting for a status. */
export class DocSuite {
  private constructor(
    readonly suite: TestSuite,
    readonly actors: Actors,
    readonly admin: Actor,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<DocSuite> {
    const suite = await TestSuite.start({ env });
    const actors = new Actors(suite);
    return new DocSuite(suite, actors, await actors.admin());
  }

  api() {
    return request(this.suite.url);
  }

  /** A power user holding the documents app. */
  async user(role: 'power' | 'reader' | 'operator' = 'power'): Promise<Actor> {
    const user = await this.actors.user(role);
    await this.api().post('/api/app-permissions').set(this.admin.auth).send({ user_id: user.user.id, app_key: 'documents' }).expect(201);
    return user;
  }

  upload(who: Actor, files: UploadFile[]) {
    let req = this.api().post('/api/documents').set(who.auth);
    for (const file of files) req = req.attach('files', file.bytes, { filename: file.name, contentType: 'application/pdf' });
    return req;
  }

  /** Waits until the document reaches one of `statuses`, and answers it. */
  async until(who: Actor, id: string, statuses: string[] = ['done', 'failed'], timeoutMs = 30_000): Promise<Record<string, unknown> & { status: string }> {
    let doc: Record<string, unknown> & { status: string } = { status: '' };
    await waitFor(async () => {
      const res = await this.api().get(`/api/documents/${id}`).set(who.auth);
      doc = res.body;
      return statuses.includes(doc.status);
    }, timeoutMs, 100);
    return doc;
  }

  async settings(changes: Record<string, unknown>) {
    return (await this.api().put('/api/settings').set(this.admin.auth).send(changes).expect(200)).body;
  }

  /** Every file in object storage (partial uploads included), sorted. */
  storedFiles(): string[] {
    return readdirSync(join(this.suite.dataDir, 'objects'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
      .sort();
  }

  stop(): Promise<void> {
    return this.suite.stop();
  }
}
