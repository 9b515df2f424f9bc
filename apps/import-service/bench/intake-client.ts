/** The few gateway routes the benchmark drives, over plain fetch (uploads stream from disk). */
import type { ImportJob, ImportMode, ImportPlan, ImportPreview } from '@intake/contracts';
import { openAsBlob } from 'node:fs';

export class IntakeClient {
  private token = '';

  constructor(private readonly url: string) {}

  async signIn(username: string, password: string): Promise<void> {
    const body = await this.call<{ access_token: string }>('POST', '/api/auth/login', { username, password });
    this.token = body.access_token;
  }

  async createNocoBaseTarget(database: string, actingUserId: number): Promise<string> {
    const settings = { host: '127.0.0.1', port: 5432, database, user: 'postgres', acting_user_id: actingUserId };
    return (await this.call<{ id: string }>('POST', '/api/import-targets', { kind: 'nocobase', name: 'Benchmark', settings })).id;
  }

  /** POST /api/imports (multipart: target_id first, then the file, streamed from disk). */
  async upload(path: string, fileName: string, targetId: string): Promise<ImportJob> {
    const form = new FormData();
    form.append('target_id', targetId);
    form.append('file', await openAsBlob(path), fileName);
    return this.call<ImportJob>('POST', '/api/imports', form);
  }

  job(id: string): Promise<ImportJob> {
    return this.call('GET', `/api/imports/${id}`);
  }

  preview(id: string): Promise<ImportPreview> {
    return this.call('GET', `/api/imports/${id}/preview`);
  }

  setPlan(id: string, sheet: string, collection: string, fields: readonly string[], mode: ImportMode, keyFields: string[]): Promise<unknown> {
    const mapping = Object.fromEntries(fields.map((field, i) => [String.fromCharCode(65 + i), field]));
    const plan: Partial<ImportPlan> = { sheets: [{ sheet, collection, mapping }], mode, key_fields: keyFields };
    return this.call('PUT', `/api/imports/${id}/plan`, plan);
  }

  start(id: string): Promise<unknown> {
    return this.call('POST', `/api/imports/${id}/start`, {});
  }

  /**
   * Polls the job until its status is one of `statuses`; `onPoll` sees every answer. A 503 (the
   * import-service restarting, or not answering in time under load) is retried, not fatal.
   */
  async until(id: string, statuses: readonly string[], timeoutMs: number, onPoll?: (job: ImportJob) => void): Promise<ImportJob> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await this.job(id).catch((error: Error) => {
        if (!/ 50[34]:/.test(error.message)) throw error;
        return null;
      });
      if (job) {
        onPoll?.(job);
        if (statuses.includes(job.status)) return job;
      }
      if (Date.now() > deadline) throw new Error(`job ${id} is still ${job?.status ?? 'unreachable'} after ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Downloads a file and counts its bytes without keeping them. */
  async download(path: string): Promise<number> {
    const res = await fetch(`${this.url}${path}`, { headers: { authorization: `Bearer ${this.token}` } });
    if (!res.ok || !res.body) throw new Error(`GET ${path} → ${res.status}: ${(await res.text()).slice(0, 500)}`);
    let bytes = 0;
    for await (const chunk of res.body) bytes += (chunk as Uint8Array).byteLength;
    return bytes;
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = this.token ? { authorization: `Bearer ${this.token}` } : {};
    let payload: FormData | string | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(`${this.url}${path}`, { method, headers, body: payload });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
