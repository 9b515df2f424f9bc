import { DocumentTypesSchema } from '@intake/contracts';
import { type Actor, openEventStream, schemaIssues, textPdf, waitFor } from '@intake/testing';
import { get, request as httpRequest } from 'node:http';
import { Client } from 'pg';
import request from 'supertest';
import { DocSuite } from './doc-suite';

describe('documents: who may reach what', () => {
  let s: DocSuite;
  let ana: Actor;
  let bob: Actor;
  let anaDoc: string;
  let anaCategory: string;

  beforeAll(async () => {
    s = await DocSuite.start();
    [ana, bob] = await Promise.all([s.user(), s.user()]);
    const [doc] = (await s.upload(ana, [{ name: 'ana-private.pdf', bytes: await textPdf(['Ana private salary statement 2024']) }]).expect(201)).body.documents;
    anaDoc = doc.id;
    await s.until(ana, anaDoc);
    anaCategory = (await s.api().post('/api/documents/categories').set(ana.auth).send({ name: 'Personal' }).expect(201)).body.id;
  });
  afterAll(() => s?.stop());

  it("refuses a page's request once the browser's session is someone else's: nothing is done for them under another's name", async () => {
    const api = s.api();
    // A page loaded for Ana, whose browser now carries Bob's session (he signed in in another tab).
    const asAnasPage = { ...bob.auth, 'x-intake-user': ana.user.id };
    const upload = await api.post('/api/documents').set(asAnasPage).attach('files', await textPdf(['Bob pay slip']), 'bob.pdf').expect(409);
    expect(upload.body).toMatchObject({ error: 'SESSION_CHANGED', message: expect.stringMatching(/Someone else has signed in in this browser/) });
    expect((await api.get('/api/documents').set(bob.auth).expect(200)).body.total).toBe(0);
    await api.get('/api/imports').set(asAnasPage).expect(409);
    await api.get('/api/auth/me').set(asAnasPage).expect(409);
    // Its own user, in any case, goes on as before.
    await api.get('/api/documents').set({ ...ana.auth, 'x-intake-user': ana.user.id.toUpperCase() }).expect(200);
  });

  it('answers 404 (not 403) to another user for every way to reach a document', async () => {
    const api = s.api();
    await api.get(`/api/documents/${anaDoc}`).set(bob.auth).expect(404);
    await api.get(`/api/documents/${anaDoc}/download`).set(bob.auth).expect(404);
    await api.post(`/api/documents/${anaDoc}/reprocess`).set(bob.auth).expect(404);
    // In bulk, beside one of his own: his is queued, hers named as not found and left as it was.
    const hers = async () => (await api.get(`/api/documents/${anaDoc}`).set(ana.auth).expect(200)).body as { status: string; processed_at: string };
    const before = await hers();
    const [bobDoc] = (await s.upload(bob, [{ name: 'bob.pdf', bytes: await textPdf(['Bob own 2024']) }]).expect(201)).body.documents;
    await s.until(bob, bobDoc.id);
    const bulk = await api.post('/api/documents/reprocess').set(bob.auth).send({ document_ids: [bobDoc.id, anaDoc] }).expect(202);
    expect(bulk.body).toEqual({ documents: 2, queued: 1, not_queued: [{ document_id: anaDoc, reason: `Document ${anaDoc} not found` }] });
    expect(await hers()).toMatchObject({ status: 'done', processed_at: before.processed_at });
    await s.until(bob, bobDoc.id);
    await api.delete(`/api/documents/${bobDoc.id}`).set(bob.auth).expect(204);
    await api.patch(`/api/documents/${anaDoc}`).set(bob.auth).send({ title: 'mine now' }).expect(404);
    await api.delete(`/api/documents/${anaDoc}`).set(bob.auth).expect(404);
    expect((await api.get('/api/documents').query({ q: 'salary' }).set(bob.auth).expect(200)).body.total).toBe(0);
    // Bob's own category cannot be used to file Ana's document, nor can Ana's category be used by Bob.
    const bobCategory = (await api.post('/api/documents/categories').set(bob.auth).send({ name: 'Personal' }).expect(201)).body.id;
    const assign = await api.post(`/api/documents/categories/${bobCategory}/assign`).set(bob.auth).send({ document_ids: [anaDoc] }).expect(404);
    expect(assign.body.message).toContain(anaDoc);
    await api.post(`/api/documents/categories/${anaCategory}/assign`).set(bob.auth).send({ document_ids: [anaDoc] }).expect(404);
    await api.patch(`/api/documents/categories/${anaCategory}`).set(bob.auth).send({ name: 'Taken' }).expect(404);
    await api.delete(`/api/documents/categories/${anaCategory}`).set(bob.auth).expect(404);
    // Nor filtered by: an empty list would say "no documents in it" of a category that is not his.
    for (const path of ['/api/documents', '/api/documents/export?check=true', '/api/documents/archive?check=true']) {
      expect((await api.get(path).query({ category_id: anaCategory }).set(bob.auth).expect(404)).body.message).toBe(`Category not found: ${anaCategory}`);
    }
    await api.get('/api/documents').query({ category_id: anaCategory }).set(ana.auth).expect(200);
    expect((await api.get('/api/documents').query({ category_id: bobCategory }).set(bob.auth).expect(200)).body.total).toBe(0);
    expect((await api.get('/api/documents/categories').set(bob.auth).expect(200)).body.map((c: { id: string }) => c.id)).toEqual([bobCategory]);
    // Ana's document is untouched.
    expect(await s.until(ana, anaDoc)).toMatchObject({ status: 'done', title: expect.not.stringMatching(/mine now/) });
  });

  it("offers each user the configured types and their own documents' types, never another user's", async () => {
    const api = s.api();
    await api.patch(`/api/documents/${anaDoc}`).set(ana.auth).send({ document_type: 'Payslip' }).expect(200);
    const configured = (await api.get('/api/settings').set(s.admin.auth).expect(200)).body.document_types as string[];
    const anas = (await api.get('/api/documents/types').set(ana.auth).expect(200)).body;
    expect(schemaIssues(DocumentTypesSchema, anas)).toEqual([]);
    expect(anas.types).toEqual([...configured, 'Payslip']);
    expect((await api.get('/api/documents/types').set(bob.auth).expect(200)).body.types).toEqual(configured);
    const rita = await s.user('reader');
    expect((await api.get('/api/documents/types').set(rita.auth).expect(200)).body.types).toEqual(configured);
    await api.get('/api/documents/types').expect(401);
    await api.get('/api/documents/types').set((await s.actors.user('power')).auth).expect(403);
  });

  it('refuses users without the documents app, and anonymous callers', async () => {
    const carol = await s.actors.user('power');
    const refused = await s.api().get('/api/documents').set(carol.auth).expect(403);
    expect(refused.body).toMatchObject({ error: 'APP_NOT_GRANTED', message: expect.stringMatching(/documents app/) });
    await s.api().post('/api/documents').set(carol.auth).attach('files', Buffer.from('%PDF-1.4'), 'x.pdf').expect(403);
    await s.api().get('/api/documents').expect(401);
    await s.api().get('/api/settings').set(ana.auth).expect(403);
  });

  it('lets readers look but not change anything', async () => {
    const rita = await s.user('reader');
    expect((await s.api().get('/api/documents').set(rita.auth).expect(200)).body.total).toBe(0);
    const refused = await s.upload(rita, [{ name: 'r.pdf', bytes: await textPdf(['Reader upload']) }]).expect(403);
    expect(refused.body.message).toMatch(/admin or power or operator role; you are reader/);
    await s.api().post('/api/documents/categories').set(rita.auth).send({ name: 'Mine' }).expect(403);
    await s.api().post('/api/documents/reprocess').set(rita.auth).send({ document_ids: [anaDoc] }).expect(403);
  });

  it('passes a chunked JSON body through the proxy', async () => {
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${s.suite.url}/api/documents/${anaDoc}`, { method: 'PATCH', headers: { ...ana.auth, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (r) => {
        let body = '';
        r.on('data', (c: Buffer) => (body += c.toString()));
        r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write('{"title": ');
      req.end('"Sent in chunks"}');
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ title: 'Sent in chunks' });
  });

  it('has doc-service check the token itself: a caller reaching it directly gets nothing without one', async () => {
    const direct = request(`http://127.0.0.1:${s.suite.docServicePort}`);
    await direct.get('/api/documents').expect(401);
    await direct.get(`/api/documents/${anaDoc}`).set('x-user-id', ana.user.id).set('x-forwarded-user', ana.user.id).expect(401);
    await direct.get('/api/documents').set('authorization', 'Bearer not.a.token').expect(401);
    // A real token works there too, and still only for its own documents.
    expect((await direct.get('/api/documents').set(ana.auth).expect(200)).body.total).toBe(1);
    await direct.get(`/api/documents/${anaDoc}`).set(bob.auth).expect(404);
    // And the documents app, not only the gateway.
    const carol = await s.actors.user('power');
    expect((await direct.get('/api/documents').set(carol.auth).expect(403)).body.error).toBe('APP_NOT_GRANTED');
    await direct.get('/api/documents/events').set(carol.auth).expect(403);
    await s.api().get('/api/documents/events').set(carol.auth).expect(403);
  });

  it('keeps categories per user with unique names, and files documents in bulk', async () => {
    const api = s.api();
    const files = await Promise.all([1, 2, 3].map(async (n) => ({ name: `bulk-${n}.pdf`, bytes: await textPdf([`Bulk document number ${n}`]) })));
    const docs: string[] = (await s.upload(ana, files).expect(201)).body.documents.map((d: { id: string }) => d.id);
    const dup = await api.post('/api/documents/categories').set(ana.auth).send({ name: 'personal' }).expect(409);
    expect(dup.body.message).toMatch(/already have a category named "personal"/);
    await api.post('/api/documents/categories').set(ana.auth).send({ name: '' }).expect(400);
    // Names that look the same are the same: composed accents, invisible characters, line breaks and runs of spaces.
    const cafe = (await api.post('/api/documents/categories').set(ana.auth).send({ name: ' Café \u200b' }).expect(201)).body;
    expect(cafe.name).toBe('Café');
    for (const name of ['Cafe\u0301', 'ca\u2060fé', 'café\n', 'ca\u200bfé']) await api.post('/api/documents/categories').set(ana.auth).send({ name }).expect(409);
    const { id: garden, name: gardenName } = (await api.post('/api/documents/categories').set(ana.auth).send({ name: 'Home\n  and\tgarden' }).expect(201)).body;
    expect(gardenName).toBe('Home and garden');
    expect((await api.post('/api/documents/categories').set(ana.auth).send({ name: '\u200b\u202e' }).expect(400)).body.message).toMatch(/name: must not be empty/);
    expect((await api.post('/api/documents/categories').set(ana.auth).send({ name: 'x\ud800' }).expect(400)).body.message).toMatch(/name: must be valid Unicode/);
    for (const name of ['\u200d', '\u3164', '\u2800', '\u0301\ufe0f']) {
      expect((await api.post('/api/documents/categories').set(ana.auth).send({ name }).expect(400)).body.message).toMatch(/name: must have a letter, digit or sign to show/);
    }
    for (const made of [cafe.id, garden]) await api.delete(`/api/documents/categories/${made}`).set(ana.auth).expect(204);
    const work = (await api.post('/api/documents/categories').set(ana.auth).send({ name: 'Work' }).expect(201)).body.id;
    expect((await api.post(`/api/documents/categories/${work}/assign`).set(ana.auth).send({ document_ids: [...docs, docs[0]] }).expect(200)).body).toMatchObject({ documents: 3, changed: 3 });
    expect((await api.post(`/api/documents/categories/${work}/assign`).set(ana.auth).send({ document_ids: docs }).expect(200)).body).toMatchObject({ changed: 0 });
    // Ids in capitals are the same ids, on every route.
    const upper = (id: string) => id.toUpperCase();
    expect((await api.post(`/api/documents/categories/${upper(work)}/assign`).set(ana.auth).send({ document_ids: docs.map(upper) }).expect(200)).body).toMatchObject({ documents: 3, changed: 0 });
    expect((await api.get('/api/documents').query({ category_id: upper(work) }).set(ana.auth).expect(200)).body.total).toBe(3);
    const filed = (await api.get('/api/documents').query({ category_id: work }).set(ana.auth).expect(200)).body;
    expect(filed.items.map((d: { id: string }) => d.id).sort()).toEqual([...docs].sort());
    expect(filed.items[0].categories).toEqual([{ id: work, name: 'Work' }]);
    expect((await api.post(`/api/documents/categories/${work}/remove`).set(ana.auth).send({ document_ids: docs.slice(0, 2) }).expect(200)).body).toMatchObject({ changed: 2 });
    expect((await api.get('/api/documents').query({ category_id: work }).set(ana.auth).expect(200)).body.total).toBe(1);
    // 'none': the documents still to file, the owner's own only.
    const all = (await api.get('/api/documents').query({ page_size: 100 }).set(ana.auth).expect(200)).body.items as { id: string; categories: unknown[] }[];
    const unfiled = (await api.get('/api/documents').query({ category_id: 'none', page_size: 100 }).set(ana.auth).expect(200)).body;
    expect(unfiled.items.map((d: { id: string }) => d.id).sort()).toEqual(all.filter((d) => d.categories.length === 0).map((d) => d.id).sort());
    expect(unfiled.total).toBeLessThan(all.length);
    expect(unfiled.items.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining(docs.slice(0, 2)));
    const bobs = (await api.get('/api/documents').query({ category_id: 'none', page_size: 100 }).set(bob.auth).expect(200)).body.items as { id: string }[];
    expect(bobs.some((d) => all.some((a) => a.id === d.id))).toBe(false);
    expect((await api.get('/api/documents').query({ category_id: 'nothing' }).set(ana.auth).expect(400)).body.message).toMatch(/category_id: must be the id of one of your categories, or 'none'/);
    // A request naming one unknown document changes nothing.
    const missing = '00000000-0000-4000-8000-000000000000';
    await api.post(`/api/documents/categories/${work}/assign`).set(ana.auth).send({ document_ids: [docs[0], missing] }).expect(404);
    // Many unknown ones: the message names the first few, the details all of them.
    const unknown = Array.from({ length: 7 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`);
    const many = (await api.post(`/api/documents/categories/${work}/assign`).set(ana.auth).send({ document_ids: unknown }).expect(404)).body;
    expect(many.message).toMatch(/^Document not found: (00000000-0000-4000-8000-00000000000\d, ){4}00000000-0000-4000-8000-00000000000\d and 2 more; nothing was changed$/);
    expect(many.details.document_ids).toHaveLength(7);
    expect((await api.get('/api/documents').query({ category_id: work }).set(ana.auth).expect(200)).body.total).toBe(1);
    // PATCH sets a document's categories exactly; rename and delete.
    await api.patch(`/api/documents/${docs[0]}`).set(ana.auth).send({ category_ids: [work, anaCategory] }).expect(200);
    const taken = await api.patch(`/api/documents/categories/${work}`).set(ana.auth).send({ name: 'PERSONAL' }).expect(409);
    expect(taken.body.message).toMatch(/already have a category named "PERSONAL"/);
    await api.patch(`/api/documents/categories/${work}`).set(ana.auth).send({ name: 'work' }).expect(200); // its own name, another case
    expect((await api.patch(`/api/documents/categories/${work}`).set(ana.auth).send({ name: 'Job' }).expect(200)).body).toMatchObject({ name: 'Job', document_count: 2 });
    expect((await api.get(`/api/documents/${docs[0]}`).set(ana.auth).expect(200)).body.categories.map((c: { name: string }) => c.name)).toEqual(['Job', 'Personal']);
    const list = (await api.get('/api/documents/categories').set(ana.auth).expect(200)).body;
    expect(list).toEqual([expect.objectContaining({ name: 'Job', document_count: 2 }), expect.objectContaining({ name: 'Personal', document_count: 1 })]);
    await api.delete(`/api/documents/categories/${work}`).set(ana.auth).expect(204);
    expect((await api.get(`/api/documents/${docs[0]}`).set(ana.auth).expect(200)).body.categories).toEqual([{ id: anaCategory, name: 'Personal' }]);
    await api.post(`/api/documents/categories/${anaCategory}/assign`).set(ana.auth).send({ document_ids: [] }).expect(400);
  });

  it('caps how many categories a user may have, and says so', async () => {
    const carla = await s.user();
    const db = new Client({ connectionString: s.suite.db.url });
    await db.connect();
    try {
      await db.query(`INSERT INTO docs.categories (id, owner_id, name) SELECT gen_random_uuid(), $1, 'c' || i FROM generate_series(1, 999) AS i`, [carla.user.id]);
    } finally {
      await db.end();
    }
    await s.api().post('/api/documents/categories').set(carla.auth).send({ name: 'The last one' }).expect(201);
    const full = await s.api().post('/api/documents/categories').set(carla.auth).send({ name: 'One too many' }).expect(409);
    expect(full.body).toMatchObject({ error: 'CONFLICT', message: 'You have 1000 categories, the most one user may have: delete or rename one instead' });
    expect((await s.api().get('/api/documents/categories').set(carla.auth).expect(200)).body).toHaveLength(1000);
  });

  it('streams the caller\'s own documents\' status changes, and nobody else\'s', async () => {
    const events: string[] = [];
    const req = get(`${s.suite.url}/api/documents/events`, { headers: ana.auth }, (res) => res.on('data', (chunk: Buffer) => events.push(chunk.toString())));
    req.on('error', () => undefined); // destroyed below
    // The server says ': connected' once it listens, so no event of the upload can be missed.
    await waitFor(() => events.join('').includes(': connected'));
    await s.upload(bob, [{ name: 'bob.pdf', bytes: await textPdf(['Bob document']) }]).expect(201);
    const [doc] = (await s.upload(ana, [{ name: 'live.pdf', bytes: await textPdf(['Live status document']) }]).expect(201)).body.documents;
    await waitFor(() => events.join('').includes('"status":"done"'), 20_000);
    req.destroy();
    const text = events.join('');
    expect(text).toContain(`"document_id":"${doc.id}","status":"processing"`);
    expect(text).toContain(`"document_id":"${doc.id}","status":"done"`);
    expect(text).not.toContain('owner_id');
    expect(text.match(/"document_id":"([^"]+)"/g)?.every((m) => m.includes(doc.id))).toBe(true);
  });

  it('holds at most 10 open streams per user (the 11th ends at once saying why), and one closed makes room', async () => {
    const open = (actor: Actor) => openEventStream(`${s.suite.url}/api/documents/events`, actor.auth);
    const streams = [];
    for (let i = 0; i < 10; i++) streams.push(await open(bob));
    expect(streams.map((st) => st.status)).toEqual(Array(10).fill(200));
    // Refused as a stream that ends at once saying why: a browser's EventSource cannot read an error status.
    const refused = await open(bob);
    expect(refused.status).toBe(200);
    expect(refused.body).toBe(`event: end\ndata: {"reason":"too_many_streams","limit":10}\n\n`);
    // Another user is not held back by Bob's tabs.
    const anas = await open(ana);
    expect(anas.status).toBe(200);
    anas.close();
    streams.pop()?.close();
    await waitFor(async () => {
      const again = await open(bob);
      again.close();
      return again.body.includes(': connected');
    }, 10_000, 100);
    for (const st of streams) st.close();
  });
});
