import { DocumentDetailSchema } from '@intake/contracts';
import { type Actor, blankPagesPdf, corruptPdf, emptyFile, encryptedPdf, notPdf, pdfPartHead, schemaIssues, textPdf, waitFor } from '@intake/testing';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { DocSuite } from './doc-suite';

/**
 * A PATCH with `body` as given, and with `expect: 100-continue` sent only once the server says to
 * continue, as curl and .NET clients do (superagent can do neither).
 */
function rawPatch(url: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; body: { title?: string; error?: string } }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'PATCH', headers: { ...headers, 'content-type': 'application/json', 'content-length': body.length } });
    if (headers.expect) req.on('continue', () => req.end(body));
    else req.end(body);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }));
    });
    req.on('error', reject);
    req.setTimeout(20_000, () => req.destroy(new Error('no answer within 20 s')));
  });
}

/**
 * Streams a multipart upload of one PDF followed by `padding` bytes, chunked (no length told), and
 * answers the status and how much had gone out when the answer came.
 */
function streamUpload(url: string, headers: Record<string, string>, padding: number): Promise<{ status: number; sent: number }> {
  const boundary = 'intake-stream-boundary';
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' } });
    let sent = 0;
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      resolve({ status: res.statusCode ?? 0, sent });
      req.destroy();
    });
    req.on('error', (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const write = () => {
      while (!answered && sent < padding) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      if (!answered) req.end(`\r\n--${boundary}--\r\n`);
    };
    req.write(`${pdfPartHead(boundary, 'stream.pdf')}%PDF-1.7\n`);
    write();
  });
}

/** A small PDF with text no other upload has, so it is never a duplicate. */
const goodPdf = () => textPdf([`A good note ${randomUUID()}`]);

describe('documents: bad input is refused with its reason, and the worker stays up', () => {
  let s: DocSuite;
  let ana: Actor;

  beforeAll(async () => {
    s = await DocSuite.start({ DOC_UPLOAD_MAX_FILES: '3' });
    ana = await s.user();
  });
  afterAll(() => s?.stop());

  /** After every bad input a good PDF still goes all the way through. */
  afterEach(async () => {
    const res = await s.upload(ana, [{ name: 'good.pdf', bytes: await goodPdf() }]).expect(201);
    expect(await s.until(ana, res.body.documents[0].id)).toMatchObject({ status: 'done', failure: null });
  });

  it('refuses a zip or a PNG renamed .pdf, naming the file and what it is', async () => {
    const zip = await s.upload(ana, [{ name: 'report.pdf', bytes: notPdf('zip') }]).expect(400);
    expect(zip.body).toMatchObject({ error: 'UPLOAD_INVALID', details: { rejected: [{ file_name: 'report.pdf', code: 'UPLOAD_INVALID' }] } });
    expect(zip.body.message).toMatch(/report\.pdf is not a PDF: it is a zip archive/);
    const png = await s.upload(ana, [{ name: 'scan.pdf', bytes: notPdf('png') }]).expect(400);
    expect(png.body.error).toBe('UPLOAD_INVALID');
    expect(png.body.message).toMatch(/scan\.pdf is not a PDF: it is a PNG image/);
    expect((await s.api().get('/api/documents').set(ana.auth).expect(200)).body.items.map((d: { file_name: string }) => d.file_name)).not.toContain('report.pdf');
  });

  it('refuses an empty file', async () => {
    const res = await s.upload(ana, [{ name: 'empty.pdf', bytes: emptyFile() }]).expect(400);
    expect(res.body).toMatchObject({ error: 'UPLOAD_INVALID', message: 'empty.pdf is empty' });
  });

  it('refuses a file over the size cap from the settings with 413, naming the file and the cap', async () => {
    // 20 KB: a real PDF padded with a comment after %%EOF, which readers ignore.
    const big = Buffer.concat([await goodPdf(), Buffer.from(`%${'x'.repeat(20_000)}\n`)]);
    await s.settings({ max_file_mb: 0.01 });
    try {
      const res = await s.upload(ana, [{ name: 'big.pdf', bytes: big }]).expect(413);
      expect(res.body.error).toBe('FILE_TOO_LARGE');
      expect(res.body.message).toMatch(/big\.pdf is larger than the 0\.01 MB limit/);
      // Under the cap passes.
      const small = await s.upload(ana, [{ name: 'small.pdf', bytes: await textPdf(['tiny']) }]).expect(201);
      expect(await s.until(ana, small.body.documents[0].id)).toMatchObject({ status: 'done' });
    } finally {
      await s.settings({ max_file_mb: 50 });
    }
  });

  it('refuses a whole upload over what its files may hold, told or streamed, without reading it to its end', async () => {
    await s.settings({ max_file_mb: 0.01 });
    try {
      // 3 files (DOC_UPLOAD_MAX_FILES) of 0.01 MB and the framing: about 1 MB; this one says it holds 8.
      // Answered before the body is read: a client still writing may see the answer or, on a loaded
      // machine, the connection closed under it (EPIPE); a refusal either way, nothing kept.
      const padded = { name: 'padded.pdf', bytes: Buffer.concat([await goodPdf(), Buffer.alloc(8 * 1024 * 1024, 0x20)]) };
      const told = await s.upload(ana, [padded]).then(
        (res) => ({ status: res.status, message: res.body.message as string }),
        (error: { code?: string }) => ({ status: error.code, message: '' }),
      );
      if (told.status === 413) expect(told.message).toMatch(/^An upload may hold at most 1 MB \(3 files of the 0\.01 MB limit\)/);
      else expect(['EPIPE', 'ECONNRESET']).toContain(told.status);
      // Streamed without a length: answered once past the limit, however much more the client would send.
      const streamed = await streamUpload(`${s.suite.url}/api/documents`, ana.auth, 64 * 1024 * 1024);
      expect(streamed.status).toBe(413);
      expect(streamed.sent).toBeLessThan(32 * 1024 * 1024);
      expect(s.storedFiles().filter((path) => path.includes('.partial'))).toEqual([]);
    } finally {
      await s.settings({ max_file_mb: 50 });
    }
  });

  it('takes the good files of a mixed upload and lists the bad one with its reason', async () => {
    const res = await s.upload(ana, [
      { name: 'fine.pdf', bytes: await goodPdf() },
      { name: 'sheet.pdf', bytes: notPdf('zip') },
      { name: 'nothing.pdf', bytes: emptyFile() },
    ]).expect(201);
    expect(res.body.documents).toEqual([expect.objectContaining({ file_name: 'fine.pdf', status: 'queued' })]);
    expect(res.body.rejected).toEqual([
      { file_name: 'sheet.pdf', code: 'UPLOAD_INVALID', message: expect.stringMatching(/sheet\.pdf is not a PDF: it is a zip archive/) },
      { file_name: 'nothing.pdf', code: 'UPLOAD_INVALID', message: 'nothing.pdf is empty' },
    ]);
    expect(await s.until(ana, res.body.documents[0].id)).toMatchObject({ status: 'done' });
  });

  it('rejects the files beyond DOC_UPLOAD_MAX_FILES with a reason and keeps the first ones', async () => {
    const files = await Promise.all([1, 2, 3, 4, 5].map(async (n) => ({ name: `part-${n}.pdf`, bytes: await goodPdf() })));
    const res = await s.upload(ana, files).expect(201);
    expect(res.body.documents.map((d: { file_name: string }) => d.file_name)).toEqual(['part-1.pdf', 'part-2.pdf', 'part-3.pdf']);
    expect(res.body.rejected).toEqual(['part-4.pdf', 'part-5.pdf'].map((file_name) => ({ file_name, code: 'UPLOAD_INVALID', message: expect.stringMatching(/At most 3 files per upload/) })));
    for (const doc of res.body.documents) expect(await s.until(ana, doc.id)).toMatchObject({ status: 'done' });
  });

  it('refuses a body that is not multipart, or a form without files', async () => {
    const json = await s.api().post('/api/documents').set(ana.auth).send({ file: 'a.pdf' }).expect(400);
    expect(json.body).toMatchObject({ error: 'UPLOAD_INVALID', message: expect.stringMatching(/multipart\/form-data/) });
    const raw = await s.api().post('/api/documents').set(ana.auth).set('content-type', 'application/pdf').send(await goodPdf()).expect(400);
    expect(raw.body.message).toMatch(/multipart\/form-data/);
    const noFiles = await s.api().post('/api/documents').set(ana.auth).field('note', 'hello').expect(400);
    expect(noFiles.body).toMatchObject({ error: 'UPLOAD_INVALID', message: expect.stringMatching(/no files/) });
    const wrongField = await s.api().post('/api/documents').set(ana.auth).attach('document', await goodPdf(), 'a.pdf').expect(400);
    expect(wrongField.body.message).toMatch(/Unexpected file field "document"/);
    // A part in "files" sent without a file name: its name is what is missing, not the files.
    const nameless = await s.api().post('/api/documents').set(ana.auth).field('files', '%PDF-1.7 as text').expect(400);
    expect(nameless.body).toMatchObject({ error: 'UPLOAD_INVALID', message: expect.stringMatching(/A part of "files" has no file name; send each PDF as a file/) });
  });

  it('fails an encrypted PDF and a corrupt one with the reason, not the worker', async () => {
    const res = await s.upload(ana, [
      { name: 'locked.pdf', bytes: encryptedPdf() },
      { name: 'broken.pdf', bytes: corruptPdf() },
    ]).expect(201);
    const [locked, broken] = res.body.documents;
    const lockedDoc = await s.until(ana, locked.id);
    expect(lockedDoc).toMatchObject({ status: 'failed', failure: { kind: 'encrypted', reason: expect.stringMatching(/password|encrypt/i) } });
    expect(schemaIssues(DocumentDetailSchema, lockedDoc)).toEqual([]); // a failed document as OpenAPI describes it
    expect(await s.until(ana, broken.id)).toMatchObject({ status: 'failed', failure: { kind: 'corrupt', reason: expect.any(String) } });
  });

  it('reads only the first max_pages pages of a 10,000-page PDF, says so, within a bounded time', async () => {
    await s.settings({ max_pages: 25 });
    try {
      const started = Date.now();
      const res = await s.upload(ana, [{ name: 'pages.pdf', bytes: await blankPagesPdf(10_000) }]).expect(201);
      const doc = await s.until(ana, res.body.documents[0].id, ['done', 'failed'], 45_000);
      expect(doc).toMatchObject({ status: 'done', page_count: 10_000, pages_read: 25, text_truncated: true });
      expect(doc.note).toMatch(/Only the first 25 of 10000 pages were read/);
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      await s.settings({ max_pages: 500 });
    }
  });

  it('survives a multipart body cut off in the middle of a file, keeping nothing of it', async () => {
    const boundary = 'cut-off-boundary';
    const body = `${pdfPartHead(boundary, 'cut.pdf')}%PDF-1.4 and then nothing`;
    const before = s.storedFiles();
    const res = await s.api().post('/api/documents').set(ana.auth).set('content-type', `multipart/form-data; boundary=${boundary}`).send(body).expect(400);
    expect(res.body.message).toMatch(/Malformed multipart body/);
    await waitFor(() => s.storedFiles().length === before.length);
    expect(s.storedFiles()).toEqual(before);
  });

  it('takes a JSON body as any client may send it, and refuses a broken one with 400, not an error of its own', async () => {
    const [doc] = (await s.upload(ana, [{ name: 'transport.pdf', bytes: await goodPdf() }]).expect(201)).body.documents;
    await s.until(ana, doc.id);
    const patch = (headers: Record<string, string>, body: Buffer) => rawPatch(`${s.suite.url}/api/documents/${doc.id}`, { ...ana.auth, ...headers }, body);
    const json = (value: unknown) => Buffer.from(JSON.stringify(value));
    // curl asks to continue before a body over 1 MB, .NET before every one: the gateway once held such a body back for good.
    expect(await patch({ expect: '100-continue' }, json({ title: 'Asked to continue' }))).toMatchObject({ status: 200, body: { title: 'Asked to continue' } });
    expect(await patch({ 'content-encoding': 'gzip' }, gzipSync(json({ title: 'Sent gzipped' })))).toMatchObject({ status: 200, body: { title: 'Sent gzipped' } });
    expect(await patch({ 'content-encoding': 'gzip' }, Buffer.from('not gzip at all'))).toMatchObject({ status: 400, body: { error: 'BAD_REQUEST' } });
    // Routes are case-blind: a path in other case reaches the proxy with its body unread as well.
    expect(await rawPatch(`${s.suite.url}/API/Documents/${doc.id}`, ana.auth, json({ title: 'Other case' }))).toMatchObject({ status: 200, body: { title: 'Other case' } });
    // Bytes that are not UTF-8 are refused, not stored as U+FFFD.
    const latin1 = await patch({}, Buffer.concat([Buffer.from('{"title":"bad'), Buffer.from([0xff, 0xfe]), Buffer.from('utf"}')]));
    expect(latin1).toMatchObject({ status: 400, body: { error: 'BAD_REQUEST', message: 'Request body rejected: it is not valid UTF-8, as a JSON body must be' } });
    // JSON that is no object, and a body sent as text: each said as what it is.
    expect((await patch({}, Buffer.from('null'))).body).toMatchObject({ error: 'VALIDATION_FAILED', message: expect.stringMatching(/expected object, received null/) });
    const text = await s.api().patch(`/api/documents/${doc.id}`).set(ana.auth).set('content-type', 'text/plain').send('{"title":"x"}').expect(400);
    expect(text.body.message).toBe('Invalid body: none was read; send a JSON object with Content-Type: application/json');
    const deep = await patch({}, Buffer.from(`{"title":${'['.repeat(5000)}${']'.repeat(5000)}}`));
    expect(deep.status).toBe(400);
    expect(JSON.stringify(deep.body)).toMatch(/title/);
    expect((await s.api().get(`/api/documents/${doc.id}`).set(ana.auth).expect(200)).body.title).toBe('Other case');
  });

  it('says a document whose file went missing from storage cannot be downloaded, and saves any other name as .pdf', async () => {
    const docs = (await s.upload(ana, [{ name: 'lost.pdf', bytes: await goodPdf() }, { name: 'page.html', bytes: await goodPdf() }]).expect(201)).body.documents;
    const [lost, html] = docs as { id: string }[];
    await Promise.all(docs.map((d: { id: string }) => s.until(ana, d.id)));
    const file = s.storedFiles().find((path) => path.endsWith(`${lost.id}.pdf`));
    expect(file).toBeDefined();
    unlinkSync(file as string);
    const missing = await s.api().get(`/api/documents/${lost.id}/download`).set(ana.auth).expect(404);
    expect(missing.body.message).toBe('The file of lost.pdf is missing from storage; an administrator must restore it from a backup');
    // Re-processed, it fails at once saying so: no retries, no storage key in the reason.
    await s.api().post(`/api/documents/${lost.id}/reprocess`).set(ana.auth).expect(202);
    await waitFor(async () => (await s.api().get(`/api/documents/${lost.id}`).set(ana.auth).expect(200)).body.status === 'failed', 10_000, 100);
    expect((await s.api().get(`/api/documents/${lost.id}`).set(ana.auth).expect(200)).body.failure).toEqual({
      kind: 'file_missing',
      reason: 'The file of lost.pdf is missing from storage; an administrator must restore it from a backup',
    });
    // The worker's log says it failed and, as an error with the storage key, what an administrator must restore.
    const told = s.suite.logs('doc-service').split('\n').filter((line) => line.includes(lost.id) && line.includes('"context":"DocumentWorker"'));
    expect(told.map((line) => JSON.parse(line)).map(({ level, msg, key }) => ({ level, msg, key }))).toEqual([
      { level: 40, msg: 'document failed: The file of lost.pdf is missing from storage; an administrator must restore it from a backup' },
      { level: 50, msg: 'the file of a document is missing from storage', key: expect.stringContaining(lost.id) },
    ]);
    const saved = await s.api().get(`/api/documents/${html.id}/download`).set(ana.auth).expect(200);
    expect(saved.headers['content-disposition']).toBe('attachment; filename=page.html.pdf');
  });

  it('refuses corrections the database could not store, naming the field', async () => {
    const [doc] = (await s.upload(ana, [{ name: 'fix-me.pdf', bytes: await goodPdf() }]).expect(201)).body.documents;
    await s.until(ana, doc.id);
    expect((await s.api().patch(`/api/documents/${doc.id}`).set(ana.auth).send({ title: 'a\u0000b' }).expect(400)).body.message).toMatch(/title: must not contain NUL/);
    expect((await s.api().patch(`/api/documents/${doc.id}`).set(ana.auth).send({ summary: 'half \ud800 a pair' }).expect(400)).body.message).toMatch(/summary: must be valid Unicode/);
    expect((await s.api().patch(`/api/documents/${doc.id}`).set(ana.auth).send({ document_date: '0000-01-01' }).expect(400)).body.message).toMatch(/document_date/);
    expect((await s.api().patch(`/api/documents/${doc.id}`).set(ana.auth).send({ amount: 12.345 }).expect(400)).body.message).toMatch(/amount: at most two decimal places/);
    expect((await s.api().patch(`/api/documents/${doc.id}`).set(ana.auth).send({ amount: 1250.1 }).expect(200)).body).toMatchObject({ amount: 1250.1, fields: { amount: { value: 1250.1 } } });
    // Large amounts in cents too (a tolerance on amount × 100 refused this one).
    expect((await s.api().patch(`/api/documents/${doc.id}`).set(ana.auth).send({ amount: 10000000111.03 }).expect(200)).body).toMatchObject({ amount: 10000000111.03 });
    // Beyond what a JSON number carries to the cent: refused for its size, not for decimals it has not got, nor rounded.
    for (const amount of [12345678901234.5, -20000000000000]) {
      expect((await s.api().patch(`/api/documents/${doc.id}`).set(ana.auth).send({ amount }).expect(400)).body.message).toMatch(/amount: must be between -10,000,000,000,000 and 10,000,000,000,000/);
    }
    expect((await s.api().patch(`/api/documents/${doc.id}`).set(ana.auth).send({ amount: -9999999999999.99 }).expect(200)).body.amount).toBe(-9999999999999.99);
    expect((await s.api().get('/api/documents').query({ date_from: '0000-01-01' }).set(ana.auth).expect(400)).body.message).toMatch(/date_from/);
    // Punctuation alone searches for nothing: said, not answered with every document.
    expect((await s.api().get('/api/documents').query({ q: '!!! &|' }).set(ana.auth).expect(400)).body.message).toMatch(/q: has no letters or digits to search for/);
    // Filters PostgreSQL could not compare (a NUL) are refused by name, not failed with a 500.
    for (const path of ['/api/documents', '/api/documents/export?check=true']) {
      expect((await s.api().get(path).query({ type: 'a\u0000b' }).set(ana.auth).expect(400)).body.message).toMatch(/type: must not contain NUL/);
      expect((await s.api().get(path).query({ q: 'a\u0000b' }).set(ana.auth).expect(400)).body.message).toMatch(/q: must not contain NUL/);
    }
    // Every word of a search counts: more than it takes is said, not dropped.
    const words = Array.from({ length: 21 }, (_, i) => `word${i}`).join(' ');
    expect((await s.api().get('/api/documents').query({ q: words }).set(ana.auth).expect(400)).body.message).toMatch(/q: has more than 20 words/);
    await s.api().get('/api/documents').query({ q: words.split(' ').slice(0, 20).join(' ') }).set(ana.auth).expect(200);
    // Counted as typed: ten references ("FT 2024/117") are twenty words, not thirty parts; parts have a bound of their own.
    await s.api().get('/api/documents').query({ q: Array(10).fill('FT 2024/117').join(' ') }).set(ana.auth).expect(200);
    expect((await s.api().get('/api/documents').query({ q: Array(20).fill('1/2/3/4').join(' ') }).set(ana.auth).expect(400)).body.message).toMatch(/q: has more than 60 parts of letters or digits/);
    // Numbers as digits only, and relevance only with a search to rank by.
    for (const page_size of ['0x10', '1e2', '10 ', '']) {
      expect((await s.api().get('/api/documents').query({ page_size }).set(ana.auth).expect(400)).body.message).toMatch(/page_size: must be a whole number/);
    }
    expect((await s.api().get('/api/documents').query({ page_size: '100', page: '2' }).set(ana.auth).expect(200)).body).toMatchObject({ page: 2, page_size: 100 });
    for (const sort of ['relevance', '-relevance']) {
      expect((await s.api().get('/api/documents').query({ sort }).set(ana.auth).expect(400)).body.message).toMatch(/sort: sorting by relevance needs a search \(q\)/);
    }
    await s.api().get('/api/documents').query({ sort: 'relevance', q: 'note' }).set(ana.auth).expect(200);
    expect((await s.api().get('/api/documents?page=1&page=2').set(ana.auth).expect(400)).body.message).toBe('Invalid query: page: given more than once; give it once');
  });

  it('fails a document whose results the database refuses as a value, with the reason, and goes on', async () => {
    const db = new Client({ connectionString: s.suite.db.url });
    await db.connect();
    try {
      // A value PostgreSQL cannot store (SQLSTATE class 22) is this document's fault: another try would fail the same way.
      await db.query(`CREATE FUNCTION docs.refuse_results() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.status = 'done' AND NEW.file_name = 'unstorable.pdf' THEN RAISE EXCEPTION 'value out of range' USING ERRCODE = '22003'; END IF; RETURN NEW; END $$`);
      await db.query('CREATE TRIGGER refuse_results BEFORE UPDATE ON docs.documents FOR EACH ROW EXECUTE FUNCTION docs.refuse_results()');
      const res = await s.upload(ana, [{ name: 'unstorable.pdf', bytes: await goodPdf() }, { name: 'storable.pdf', bytes: await goodPdf() }]).expect(201);
      const [refused, fine] = res.body.documents;
      const doc = await s.until(ana, refused.id);
      expect(doc).toMatchObject({ status: 'failed', failure: { kind: 'unstorable', reason: expect.stringMatching(/could not be stored: value out of range/) }, pages_read: 1 });
      expect(doc.text).toMatch(/A good note/); // what was extracted is kept
      expect(await s.until(ana, fine.id)).toMatchObject({ status: 'done' });
    } finally {
      await db.query('DROP TRIGGER IF EXISTS refuse_results ON docs.documents');
      await db.query('DROP FUNCTION IF EXISTS docs.refuse_results()');
      await db.end();
    }
  });

  it('keeps no file of an upload whose documents the database refused, and stays up', async () => {
    const db = new Client({ connectionString: s.suite.db.url });
    await db.connect();
    try {
      // A database refusing the insert (full disk, lost connection) is what this stands for.
      await db.query(`CREATE FUNCTION docs.refuse_upload() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.file_name = 'refused.pdf' THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$`);
      await db.query('CREATE TRIGGER refuse_upload BEFORE INSERT ON docs.documents FOR EACH ROW EXECUTE FUNCTION docs.refuse_upload()');
      const total = async () => (await s.api().get('/api/documents').set(ana.auth).expect(200)).body.total;
      const [before, documentsBefore] = [s.storedFiles(), await total()];
      const files = [{ name: 'kept-until-refused.pdf', bytes: await goodPdf() }, { name: 'refused.pdf', bytes: await goodPdf() }];
      await s.upload(ana, files).expect(500);
      expect(s.storedFiles()).toEqual(before);
      expect(await total()).toBe(documentsBefore);
    } finally {
      await db.query('DROP TRIGGER IF EXISTS refuse_upload ON docs.documents');
      await db.query('DROP FUNCTION IF EXISTS docs.refuse_upload()');
      await db.end();
    }
  });
});
