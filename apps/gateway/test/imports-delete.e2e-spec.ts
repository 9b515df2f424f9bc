import { type Actor } from '@intake/testing';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { ImportSuite } from './import-suite';

/** The suite's cap on what one user's imports keep: 1 MB (IMPORT_MAX_STORED_MB_PER_USER). */
const CAP = 1024 * 1024;
const KB = 1024;

/**
 * Deleting an import (its row, journal and files, never the rows it wrote), and the limits that keep
 * one user from filling the disk: the bytes their imports keep, and the unfinished imports they
 * hold, neither passable by uploading in parallel.
 */
describe('imports: delete, and what one user may keep', () => {
  let s: ImportSuite;
  const api = () => s.api();
  const objects = () => join(s.suite.dataDir, 'objects', 'imports');
  /** Every stored file whose name holds `tag`, as paths under imports/. */
  const storedNamed = (tag: string) => (existsSync(objects()) ? readdirSync(objects(), { recursive: true }).map(String).filter((f) => f.includes(tag)) : []);
  const jobFolder = (id: string) => join(objects(), id);

  async function db<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: s.suite.db.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async function ready(who: Actor, name: string, csv: string): Promise<string> {
    const id = (await s.upload(name, csv, who).expect(201)).body.id as string;
    expect((await s.until(id, ['ready', 'failed'], who)).status).toBe('ready');
    return id;
  }

  beforeAll(async () => {
    s = await ImportSuite.start({ IMPORT_MAX_STORED_MB_PER_USER: '1' });
  });
  afterAll(() => s?.stop());

  it('deletes a completed import for its owner: the job, its journal and every file go, the rows it wrote stay', async () => {
    const owner = await s.importer('power');
    const other = await s.importer('power');
    const id = await ready(owner, 'customers.csv', 'name,email\nKept Row,kept.row@delete.test\n');
    await api().post(`/api/imports/${id}/start`).set(owner.auth).expect(201);
    expect((await s.until(id, ['completed', 'failed'], owner)).status).toBe('completed');
    await s.download(`/api/imports/${id}/result?format=csv`, owner);
    expect(readdirSync(jobFolder(id), { recursive: true }).map(String).sort()).toEqual(expect.arrayContaining(['original', 'original/customers.csv', 'result', 'result/0.csv']));
    const journal = () => db<{ n: number }>(`SELECT (SELECT count(*) FROM imports.job_batches WHERE job_id = $1) + (SELECT count(*) FROM imports.job_inserts WHERE job_id = $1)::int AS n`, [id]);
    expect(Number((await journal())[0].n)).toBeGreaterThan(0);

    // Anyone else's import is as missing as every other job route says.
    await api().delete(`/api/imports/${id}`).set(other.auth).expect(404);
    expect(existsSync(jobFolder(id))).toBe(true);

    await api().delete(`/api/imports/${id}`).set(owner.auth).expect(204);
    expect(existsSync(jobFolder(id))).toBe(false);
    await api().get(`/api/imports/${id}`).set(owner.auth).expect(404);
    await api().delete(`/api/imports/${id}`).set(owner.auth).expect(404);
    expect((await api().get('/api/imports').set(owner.auth).expect(200)).body).toEqual({ items: [], total: 0 });
    expect(await db('SELECT id FROM imports.import_jobs WHERE id = $1', [id])).toEqual([]);
    expect(Number((await journal())[0].n)).toBe(0);
    // Its reserved ids stay reserved: the records made with them are still in the target.
    expect(await db('SELECT job_id FROM imports.id_reservations WHERE job_id = $1', [id])).toHaveLength(1);
    expect(await s.query(`SELECT name FROM customers WHERE email = 'kept.row@delete.test'`)).toEqual([{ name: 'Kept Row' }]);
  });

  it.each(['analysing', 'queued', 'running', 'rolling_back'])('refuses to delete an import while it is %s (409 naming it), keeping its file', async (status) => {
    const owner = await s.importer('power');
    const id = await ready(owner, 'busy.csv', 'name,email\nBusy,busy@delete.test\n');
    await db('UPDATE imports.import_jobs SET status = $2 WHERE id = $1', [id, status]);
    const refused = await api().delete(`/api/imports/${id}`).set(owner.auth).expect(409);
    expect(refused.body.message).toMatch(new RegExp(`^Cannot delete the import while it is ${status.replace('_', ' ')}: `));
    expect(existsSync(join(jobFolder(id), 'original', 'busy.csv'))).toBe(true);
    expect((await s.job(id, owner)).status).toBe(status);
  });

  it('lets an admin delete anyone’s import, a ready one too, and no reader delete even their own', async () => {
    const owner = await s.importer('power');
    const first = await ready(owner, 'by-admin.csv', 'name,email\nBy Admin,by.admin@delete.test\n');
    await api().delete(`/api/imports/${first}`).set(s.admin.auth).expect(204);
    expect(existsSync(jobFolder(first))).toBe(false);
    const second = await ready(owner, 'demoted.csv', 'name,email\nDemoted,demoted@delete.test\n');
    await api().patch(`/api/users/${owner.user.id}`).set(s.admin.auth).send({ role: 'reader' }).expect(200);
    expect((await api().delete(`/api/imports/${second}`).set(owner.auth).expect(403)).body.message).toMatch(/Readers may view imports but not make them/);
    expect((await s.job(second, owner)).status).toBe('ready');
  });

  it('refuses an upload past what the user may keep, saying how much they keep and the cap, keeping nothing of it; a delete makes room', async () => {
    const owner = await s.importer('power');
    // Random bytes, as the audit sent: the job fails ("binary data") and keeps its file.
    const first = (await s.upload('noise-first.bin', randomBytes(600 * KB), owner).expect(201)).body.id as string;
    expect((await s.until(first, ['failed'], owner)).status).toBe('failed');
    const message = /^Your imports keep 0\.6 MB of uploaded files and this file would take them past the 1 MB you may keep; delete imports you no longer need/;

    // The target named first (as the web app sends it): refused while the file streams in.
    const early = await s.upload('noise-second.bin', randomBytes(600 * KB), owner).expect(413);
    expect(early.body).toMatchObject({ error: 'QUOTA_EXCEEDED', message: expect.stringMatching(message) });
    // The file first: stored, then refused when its job would be made, and removed.
    const late = await api().post('/api/imports').set(owner.auth).attach('file', randomBytes(600 * KB), 'noise-late.bin').field('target_id', s.targetId).expect(413);
    expect(late.body).toMatchObject({ error: 'QUOTA_EXCEEDED', message: expect.stringMatching(message) });
    expect(storedNamed('noise-second')).toEqual([]);
    expect(storedNamed('noise-late')).toEqual([]);
    expect((await api().get('/api/imports').set(owner.auth).expect(200)).body.total).toBe(1);

    await api().delete(`/api/imports/${first}`).set(owner.auth).expect(204);
    expect(storedNamed('noise-first')).toEqual([]);
    await s.upload('noise-second.bin', randomBytes(600 * KB), owner).expect(201);
  });

  it('lets no uploads sent in parallel pass either limit: 20 unfinished imports, and the bytes kept', async () => {
    const hurried = await s.importer('power');
    const csv = (i: number) => `name,email\nParallel ${i},parallel${i}@delete.test\n`;
    const open = await Promise.all(Array.from({ length: 40 }, (_, i) => s.upload(`parallel-${i}.csv`, csv(i), hurried).then((res) => res.status)));
    expect(open.filter((status) => status === 201)).toHaveLength(20);
    expect(open.filter((status) => status !== 201)).toEqual(Array(20).fill(429));
    expect((await api().get('/api/imports').set(hurried.auth).expect(200)).body.total).toBe(20);

    const greedy = await s.importer('power');
    const size = 300 * KB;
    const sent = await Promise.all(Array.from({ length: 8 }, (_, i) => s.upload(`greedy-${i}.bin`, randomBytes(size), greedy).then((res) => res.status)));
    // Three fit in 1 MB, four do not.
    expect(sent.filter((status) => status === 201)).toHaveLength(Math.floor(CAP / size));
    expect(sent.filter((status) => status !== 201)).toEqual(Array(8 - Math.floor(CAP / size)).fill(413));
    expect(storedNamed('greedy-').filter((f) => f.endsWith('.bin'))).toHaveLength(Math.floor(CAP / size));
  });
});
