import { CategoryChangeSchema, CategorySchema, DocumentDetailSchema, DocumentPageSchema, DocumentSchema, UploadOutcomeSchema } from '@intake/contracts';
import { type Actor, binaryBody, SAMPLE_DOCUMENTS, sampleDocumentPdf, schemaIssues, textPdf, waitFor } from '@intake/testing';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { z } from 'zod';
import { DocSuite } from './doc-suite';

const pdf = (name: keyof typeof SAMPLE_DOCUMENTS) => sampleDocumentPdf(name);
const ids = (body: { items: { id: string }[] }) => body.items.map((d) => d.id).sort();

describe('documents: upload, processing with the rules provider, search, download', () => {
  let s: DocSuite;
  let ana: Actor;
  let docs: Record<string, string>;
  const bytes: Record<string, Buffer> = {};

  beforeAll(async () => {
    s = await DocSuite.start();
    ana = await s.user();
    await s.settings({ categories: ['Office', 'Travel'], rules: { categories: [{ name: 'Office', match: 'toner paper equipamento', algorithm: 'any' }] } });
    for (const n of ['invoiceEn', 'faturaPt', 'receiptEn', 'contractEn'] as const) bytes[n] = await pdf(n);
    const files = Object.entries(bytes).map(([n, b]) => ({ name: `${n}.pdf`, bytes: b }));
    const res = await s.upload(ana, files).expect(201);
    expect(res.body.documents).toHaveLength(4);
    expect(res.body.documents.every((d: { status: string }) => d.status === 'queued')).toBe(true);
    docs = Object.fromEntries(res.body.documents.map((d: { file_name: string; id: string }) => [d.file_name.replace('.pdf', ''), d.id]));
    for (const id of Object.values(docs)) expect(await s.until(ana, id)).toMatchObject({ status: 'done' });
  });
  afterAll(() => s?.stop());

  it('extracts text and pages and classifies each document with the offline rules', async () => {
    const invoice = await s.until(ana, docs.invoiceEn);
    expect(invoice).toMatchObject({ page_count: 1, pages_read: 1, document_type: 'invoice', document_date: '2024-03-15', amount: 1452.3, provider: 'rules' });
    expect(invoice.text).toContain('Toner cartridge TN-2420');
    expect(invoice.fields).toMatchObject({ document_type: { value: 'invoice', source: 'ai' }, amount: { value: 1452.3, source: 'ai', snippet: expect.stringContaining('1,452.30') } });
    expect(invoice.suggested_categories).toEqual([expect.objectContaining({ name: 'Office' })]);
    const fatura = await s.until(ana, docs.faturaPt);
    expect(fatura).toMatchObject({ document_type: 'invoice', document_date: '2024-02-07', amount: 861 });
    expect(fatura.text).toContain('Manutenção de equipamento informático');
    expect(await s.until(ana, docs.contractEn)).toMatchObject({ document_type: 'contract', page_count: 2 });
    expect(await s.until(ana, docs.receiptEn)).toMatchObject({ document_type: 'receipt', document_date: '2024-05-02', counterparty: 'Blue Bottle Café' }); // an American receipt's 05/02/2024, its shop in its letterhead
  });

  it('finds documents by full text in Portuguese and English, as prefixes, ranked', async () => {
    const search = async (q: string) => (await s.api().get('/api/documents').query({ q }).set(ana.auth).expect(200)).body;
    expect(ids(await search('manutenção'))).toEqual([docs.faturaPt]);
    expect(ids(await search('Gonçalves irmão'))).toEqual([docs.faturaPt]);
    // Accents do not matter: typed without them, in capitals, or as combining marks.
    expect(ids(await search('manutencao'))).toEqual([docs.faturaPt]);
    expect(ids(await search('GONCALVES IRMAO'))).toEqual([docs.faturaPt]);
    expect(ids(await search('gonc\u0327alves'))).toEqual([docs.faturaPt]);
    expect(ids(await search('toner cartridge'))).toEqual([docs.invoiceEn]);
    expect(ids(await search('cappucc'))).toEqual([docs.receiptEn]);
    expect(ids(await search('confidential'))).toEqual([docs.contractEn]);
    expect(ids(await search('"toner cartridge"'))).toEqual([docs.invoiceEn]);
    expect((await search('"cartridge toner"')).total).toBe(0);
    // The invoice writes 1,452.30: found by the amount it was read as, however it is typed.
    expect(ids(await search('1452,30'))).toEqual([docs.invoiceEn]);
    expect(ids(await search('1.452,3'))).toEqual([docs.invoiceEn]);
    expect((await search('nothing-like-this')).total).toBe(0);
    // A title hit ranks above a body hit.
    const ranked = (await s.api().get('/api/documents').query({ q: 'invoice', sort: 'relevance' }).set(ana.auth).expect(200)).body;
    expect(ranked.items[0].id).toBe(docs.invoiceEn);
  });

  it('filters by status, type, date range and sorts and pages', async () => {
    const list = async (query: Record<string, string | number>) => (await s.api().get('/api/documents').query(query).set(ana.auth).expect(200)).body;
    expect(ids(await list({ type: 'invoice' }))).toEqual([docs.invoiceEn, docs.faturaPt].sort());
    expect(ids(await list({ date_from: '2024-01-01', date_to: '2024-01-31' }))).toEqual([docs.contractEn]);
    expect(ids(await list({ date_from: '2024-03-01' }))).toContain(docs.invoiceEn);
    expect(ids(await list({ date_from: '2024-02-07', date_to: '2024-02-07' }))).toEqual([docs.faturaPt]);
    expect(ids(await list({ amount_min: '861', amount_max: '1452.30', type: 'invoice' }))).toEqual([docs.invoiceEn, docs.faturaPt].sort());
    expect(ids(await list({ amount_min: '861.01', type: 'invoice' }))).toEqual([docs.invoiceEn]);
    expect(ids(await list({ amount_max: '861', type: 'invoice' }))).toEqual([docs.faturaPt]);
    // In one currency, its code in any case: the receipt's dollars apart from the invoices' euros.
    const all = (await list({})).items as { id: string; currency: string | null }[];
    const byCurrency = new Map<string, { id: string }[]>();
    for (const d of all) if (d.currency) byCurrency.set(d.currency, [...(byCurrency.get(d.currency) ?? []), d]);
    expect(byCurrency.size).toBeGreaterThanOrEqual(2);
    for (const [currency, docsIn] of byCurrency) expect(ids(await list({ currency: currency.toLowerCase() }))).toEqual(docsIn.map((d) => d.id).sort());
    expect((await list({ currency: 'XYZ' })).total).toBe(0);
    expect((await list({ dated: 'true' })).total).toBe(4);
    expect((await list({ dated: 'false' })).total).toBe(0);
    expect(ids(await list({ status: 'done' }))).toHaveLength(4);
    expect((await list({ status: 'failed,queued' })).total).toBe(0);
    const byDate = (await list({ sort: 'document_date', type: 'invoice' })).items.map((d: { id: string }) => d.id);
    expect(byDate).toEqual([docs.faturaPt, docs.invoiceEn]);
    expect((await list({ sort: '-document_date', type: 'invoice' })).items.map((d: { id: string }) => d.id)).toEqual([docs.invoiceEn, docs.faturaPt]);
    const page2 = await list({ type: 'invoice', sort: '-amount', page: 2, page_size: 1 });
    expect(page2).toMatchObject({ total: 2, page: 2, page_size: 1 });
    expect(page2.items.map((d: { id: string }) => d.id)).toEqual([docs.faturaPt]);
  });

  it('names the bad filter', async () => {
    const bad = await s.api().get('/api/documents').query({ date_from: '2024-13-45' }).set(ana.auth).expect(400);
    expect(bad.body.message).toMatch(/date_from/);
    expect((await s.api().get('/api/documents').query({ status: 'lost' }).set(ana.auth).expect(400)).body.message).toMatch(/status/);
    expect((await s.api().get('/api/documents').query({ sort: 'password' }).set(ana.auth).expect(400)).body.message).toMatch(/sort/);
    expect((await s.api().get('/api/documents').query({ colour: 'red' }).set(ana.auth).expect(400)).body.message).toMatch(/colour/);
    const refused = async (query: Record<string, string>) => (await s.api().get('/api/documents').query(query).set(ana.auth).expect(400)).body.message as string;
    expect(await refused({ amount_min: '1.258,98' })).toMatch(/amount_min.*like 1258\.98/);
    expect(await refused({ amount_min: '100', amount_max: '99.99' })).toMatch(/amount_min must not be more than amount_max/);
    expect(await refused({ dated: 'false', date_from: '2024-01-01' })).toMatch(/dated=false cannot be combined/);
    expect(await refused({ dated: 'no' })).toMatch(/dated/);
    expect(await refused({ currency: 'euro' })).toMatch(/currency: must be a currency code of three letters/);
  });

  it('downloads the original under its own name, byte for byte', async () => {
    const res = await s.api().get(`/api/documents/${docs.faturaPt}/download`).set(ana.auth).buffer(true).parse(binaryBody).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain('faturaPt.pdf');
    expect((res.body as Buffer).equals(bytes.faturaPt)).toBe(true);
  });

  it('keeps a file name beyond ASCII as the browser sent it, and finds the document by it', async () => {
    const res = await s.upload(ana, [{ name: 'relatório-março.pdf', bytes: await textPdf([`Nota ${randomUUID()}`]) }]).expect(201);
    const [doc] = res.body.documents as { id: string; file_name: string }[];
    expect(doc.file_name).toBe('relatório-março.pdf');
    await s.until(ana, doc.id);
    const download = await s.api().get(`/api/documents/${doc.id}/download`).set(ana.auth).buffer(true).parse(binaryBody).expect(200);
    // In UTF-8 (filename*), which browsers read; a name sent as Latin-1 bytes was saved as "_" by Chromium.
    expect(download.headers['content-disposition']).toBe(`attachment; filename=relatorio-marco.pdf; filename*=UTF-8''relat%C3%B3rio-mar%C3%A7o.pdf`);
    expect(ids((await s.api().get('/api/documents').query({ q: 'marco' }).set(ana.auth).expect(200)).body)).toEqual([doc.id]);
    await s.api().delete(`/api/documents/${doc.id}`).set(ana.auth).expect(204);
    // Quotes, which a browser's FormData sends as %22.
    const quoted = await s.upload(ana, [{ name: 'fatura %22aspas%22 50%.pdf', bytes: await textPdf([`Aspas ${randomUUID()}`]) }]).expect(201);
    expect(quoted.body.documents[0].file_name).toBe('fatura "aspas" 50%.pdf');
    await s.api().delete(`/api/documents/${quoted.body.documents[0].id}`).set(ana.auth).expect(204);
    // No direction overrides (which make "evil\u202Efdp.exe" read as "evilexe.pdf"), and a long name cut between characters.
    const long = `${'📄'.repeat(300)}.pdf`;
    const tricky = await s.upload(ana, [{ name: 'evil\u202Efdp.exe.pdf', bytes: await textPdf([`Evil ${randomUUID()}`]) }, { name: long, bytes: await textPdf([`Long ${randomUUID()}`]) }]).expect(201);
    expect(tricky.body.documents.map((d: { file_name: string }) => d.file_name)).toEqual(['evilfdp.exe.pdf', `${'📄'.repeat(251)}.pdf`]);
    for (const d of tricky.body.documents) await s.api().delete(`/api/documents/${d.id}`).set(ana.auth).expect(204);
  });

  it('reports the same file uploaded twice instead of storing it again', async () => {
    const again = await s.upload(ana, [{ name: 'copy-of-invoice.pdf', bytes: bytes.invoiceEn }]).expect(200);
    expect(again.body).toMatchObject({ documents: [], duplicates: [{ file_name: 'copy-of-invoice.pdf', document_id: docs.invoiceEn }], rejected: [] });
    expect((await s.api().get('/api/documents').set(ana.auth).expect(200)).body.total).toBe(4);
  });

  it('keeps the first of the same file sent twice in one upload, in the order sent, and stores it once', async () => {
    const before = s.storedFiles().length;
    const [memo, note] = await Promise.all([textPdf([`Memo ${randomUUID()}`]), textPdf([`Note ${randomUUID()}`])]);
    const files = [{ name: 'memo.pdf', bytes: memo }, { name: 'memo-again.pdf', bytes: memo }, { name: 'note.pdf', bytes: note }];
    const res = await s.upload(ana, files).expect(201);
    expect(res.body.documents.map((d: { file_name: string }) => d.file_name)).toEqual(['memo.pdf', 'note.pdf']);
    expect(res.body.duplicates).toEqual([{ file_name: 'memo-again.pdf', document_id: res.body.documents[0].id }]);
    expect(s.storedFiles().length).toBe(before + 2);
    for (const doc of res.body.documents) expect(await s.until(ana, doc.id)).toMatchObject({ status: 'done' });
    for (const doc of res.body.documents) await s.api().delete(`/api/documents/${doc.id}`).set(ana.auth).expect(204);
  });

  it('answers in exactly the shapes its OpenAPI document describes (the schemas in @intake/contracts)', async () => {
    // Strict schemas: a field missing, mistyped or not described at all shows up here by name.
    const conforms = (schema: z.ZodType, body: unknown) => expect(schemaIssues(schema, body)).toEqual([]);
    const bytes = await textPdf([`Invoice ${randomUUID()}\nTotal: EUR 12.50`]);
    const upload = await s.upload(ana, [{ name: 'shape.pdf', bytes }, { name: 'not-a.pdf', bytes: Buffer.from('plain text') }]).expect(201);
    conforms(UploadOutcomeSchema, upload.body);
    const id = upload.body.documents[0].id;
    await s.until(ana, id);
    conforms(UploadOutcomeSchema, (await s.upload(ana, [{ name: 'shape-again.pdf', bytes }]).expect(200)).body);
    conforms(DocumentPageSchema, (await s.api().get('/api/documents').set(ana.auth).expect(200)).body);
    const detail = (await s.api().get(`/api/documents/${id}`).set(ana.auth).expect(200)).body;
    conforms(DocumentDetailSchema, detail);
    expect(detail.fields.amount).toMatchObject({ value: 12.5, source: 'ai' });

    const category = (await s.api().post('/api/documents/categories').set(ana.auth).send({ name: `Shapes ${randomUUID()}` }).expect(201)).body;
    conforms(CategorySchema, category);
    conforms(CategoryChangeSchema, (await s.api().post(`/api/documents/categories/${category.id}/assign`).set(ana.auth).send({ document_ids: [id] }).expect(200)).body);
    conforms(z.array(CategorySchema), (await s.api().get('/api/documents/categories').set(ana.auth).expect(200)).body);
    conforms(CategorySchema, (await s.api().patch(`/api/documents/categories/${category.id}`).set(ana.auth).send({ name: `Shapes ${randomUUID()}` }).expect(200)).body);
    conforms(DocumentDetailSchema, (await s.api().patch(`/api/documents/${id}`).set(ana.auth).send({ title: 'Shape check' }).expect(200)).body);
    conforms(DocumentSchema, (await s.api().post(`/api/documents/${id}/reprocess`).set(ana.auth).expect(202)).body);
    await s.until(ana, id);
    conforms(CategoryChangeSchema, (await s.api().post(`/api/documents/categories/${category.id}/remove`).set(ana.auth).send({ document_ids: [id] }).expect(200)).body);
    await s.api().delete(`/api/documents/categories/${category.id}`).set(ana.auth).expect(204);
    await s.api().delete(`/api/documents/${id}`).set(ana.auth).expect(204);
  });

  it('keeps a user\'s corrections over a re-process', async () => {
    await s.api().patch(`/api/documents/${docs.receiptEn}`).set(ana.auth).send({ title: 'Team breakfast', amount: 25 }).expect(200);
    await s.api().post(`/api/documents/${docs.receiptEn}/reprocess`).set(ana.auth).expect(202);
    const doc = await s.until(ana, docs.receiptEn);
    expect(doc).toMatchObject({ status: 'done', title: 'Team breakfast', amount: 25, document_type: 'receipt' });
    expect(doc.fields).toMatchObject({ document_type: { source: 'ai' } });
    // No confidence or snippet beside the user's value: the AI's would describe the value it replaced.
    expect((doc.fields as Record<string, unknown>).title).toEqual({ value: 'Team breakfast', source: 'user' });
    const found = (await s.api().get('/api/documents').query({ q: 'breakfast' }).set(ana.auth).expect(200)).body;
    expect(ids(found)).toEqual([docs.receiptEn]);
    const bad = await s.api().patch(`/api/documents/${docs.receiptEn}`).set(ana.auth).send({ document_date: '2024-02-30' }).expect(400);
    expect(bad.body.message).toMatch(/document_date/);
    // A text left blank clears it, as null does: no "" that sorts before every title.
    const blank = (await s.api().patch(`/api/documents/${docs.receiptEn}`).set(ana.auth).send({ counterparty: '   ' }).expect(200)).body;
    expect(blank).toMatchObject({ counterparty: null, fields: { counterparty: { value: null, source: 'user' } } });
  });

  it("drops a correction on request: the field shows the AI's value again, and re-processing sets it", async () => {
    const before = (await s.api().get(`/api/documents/${docs.invoiceEn}`).set(ana.auth).expect(200)).body;
    expect(before.fields.title.source).toBe('ai');
    await s.api().patch(`/api/documents/${docs.invoiceEn}`).set(ana.auth).send({ title: 'Wrong title', amount: null }).expect(200);
    const reset = (await s.api().patch(`/api/documents/${docs.invoiceEn}`).set(ana.auth).send({ reset_fields: ['title', 'amount', 'title'] }).expect(200)).body;
    expect(reset).toMatchObject({ title: before.title, amount: before.amount, fields: { title: { value: before.title, source: 'ai' }, amount: { value: before.amount, source: 'ai' } } });
    expect(ids((await s.api().get('/api/documents').query({ q: 'wrong' }).set(ana.auth).expect(200)).body)).toEqual([]);
    await s.api().post(`/api/documents/${docs.invoiceEn}/reprocess`).set(ana.auth).expect(202);
    expect(await s.until(ana, docs.invoiceEn)).toMatchObject({ status: 'done', title: before.title, fields: { title: { source: 'ai' } } });
    const both = await s.api().patch(`/api/documents/${docs.invoiceEn}`).set(ana.auth).send({ title: 'x', reset_fields: ['title'] }).expect(400);
    expect(both.body.message).toMatch(/reset_fields: title is both corrected and reset/);
    const unknown = await s.api().patch(`/api/documents/${docs.invoiceEn}`).set(ana.auth).send({ reset_fields: ['text'] }).expect(400);
    expect(unknown.body.message).toMatch(/reset_fields/);
  });

  it("names the user's other documents with the same amount, date and counterparty as look-alikes, and no one else's", async () => {
    const invoice = (copy: string) => textPdf([`Fatura FT 2026/117\nFornecedor: EDP Comercial, S.A.\nData de emissão: 10/07/2026\n${copy}\nTotal a pagar: 84,38 EUR`]);
    const sent = (await s.upload(ana, [{ name: 'edp-julho.pdf', bytes: await invoice('Original') }, { name: 'edp-julho (2).pdf', bytes: await invoice('2.ª via') }]).expect(201)).body;
    const [first, second] = sent.documents.map((d: { id: string }) => d.id);
    await s.until(ana, first);
    const copy = await s.until(ana, second);
    expect(copy).toMatchObject({ status: 'done', amount: 84.38, document_date: '2026-07-10', counterparty: expect.stringMatching(/EDP/) });
    expect(copy.look_alikes).toEqual([expect.objectContaining({ id: first, file_name: 'edp-julho.pdf' })]);
    expect(((await s.until(ana, first)).look_alikes as { id: string }[]).map((d) => d.id)).toEqual([second]);
    // Another user's copy of the same invoice is theirs alone, both ways.
    const rui = await s.user();
    const [his] = (await s.upload(rui, [{ name: 'edp.pdf', bytes: await invoice('Cópia') }]).expect(201)).body.documents;
    expect((await s.until(rui, his.id)).look_alikes).toEqual([]);
    expect(((await s.until(ana, first)).look_alikes as { id: string }[]).map((d) => d.id)).toEqual([second]);
    // The counterparty's case aside; in another currency, or corrected to another amount, it is another document.
    await s.api().patch(`/api/documents/${second}`).set(ana.auth).send({ counterparty: 'EDP COMERCIAL, S.A.', currency: 'USD' }).expect(200);
    expect((await s.until(ana, first)).look_alikes).toEqual([]);
    await s.api().patch(`/api/documents/${second}`).set(ana.auth).send({ currency: 'EUR' }).expect(200);
    expect(((await s.until(ana, first)).look_alikes as { id: string }[]).map((d) => d.id)).toEqual([second]);
    await s.api().patch(`/api/documents/${second}`).set(ana.auth).send({ amount: 84.39 }).expect(200);
    expect((await s.until(ana, first)).look_alikes).toEqual([]);
    for (const id of [first, second]) await s.api().delete(`/api/documents/${id}`).set(ana.auth).expect(204);
  });

  it('deletes a document and its file', async () => {
    const bytes = await textPdf(['A note to delete']);
    const [doc] = (await s.upload(ana, [{ name: 'note.pdf', bytes }]).expect(201)).body.documents;
    await s.until(ana, doc.id);
    await s.api().delete(`/api/documents/${doc.id}`).set(ana.auth).expect(204);
    await s.api().get(`/api/documents/${doc.id}`).set(ana.auth).expect(404);
    // The same bytes may now be uploaded again.
    await s.upload(ana, [{ name: 'note.pdf', bytes }]).expect(201);
  });

  it('rebuilds the search index when the admin changes the text-search language', async () => {
    const search = async (q: string) => ids((await s.api().get('/api/documents').query({ q }).set(ana.auth).expect(200)).body);
    // 'simple' matches words as written: the plural finds nothing.
    expect(await search('invoices')).toEqual([]);
    await s.settings({ search_language: 'english' });
    // English stems both sides: "invoices" finds the invoice, once its vector is rebuilt.
    await waitFor(async () => (await search('invoices')).includes(docs.invoiceEn), 15_000, 100);
    const db = new Client({ connectionString: s.suite.db.url });
    await db.connect();
    try {
      // Recorded once the pass went through every document.
      await waitFor(async () => (await db.query('SELECT language FROM docs.search_index_state')).rows[0].language === 'english', 10_000, 100);

      // A change back whose rebuild the service did not finish (stopped, here: never begun): the next start does it.
      await s.suite.stopService('doc-service');
      const settingsFile = join(s.suite.dataDir, 'doc_service_config.json');
      writeFileSync(settingsFile, JSON.stringify({ ...JSON.parse(readFileSync(settingsFile, 'utf8')), search_language: 'simple' }));
      expect((await db.query('SELECT language FROM docs.search_index_state')).rows[0].language).toBe('english');
      await s.suite.startService('doc-service');
      await waitFor(async () => (await db.query('SELECT language FROM docs.search_index_state')).rows[0].language === 'simple', 30_000, 200);
      await waitFor(async () => (await search('invoices').catch(() => ['down'])).length === 0, 30_000, 200);
      expect(await search('invoice')).toContain(docs.invoiceEn);
    } finally {
      await db.end();
    }
  });

  it('rebuilds, at start, vectors stored before accents were folded', async () => {
    const search = async (q: string) => ids((await s.api().get('/api/documents').query({ q }).set(ana.auth).expect(200)).body);
    const db = new Client({ connectionString: s.suite.db.url });
    await db.connect();
    try {
      // As an installation from before: vectors with their accents, format 1.
      await db.query(`UPDATE docs.documents SET search = to_tsvector('english', coalesce(text, '')) WHERE search IS NOT NULL`);
      await db.query('UPDATE docs.search_index_state SET format = 1');
      // And a document that failed before failed ones had search words.
      await db.query(`UPDATE docs.documents SET status = 'failed', failure_kind = 'corrupt', failure_reason = 'damaged', search = NULL WHERE id = $1`, [docs.receiptEn]);
      expect(await search('receipten')).toEqual([]);
      expect(await search('manutencao')).toEqual([]);
      // Meanwhile a search with the accents still finds it: the query asks as typed too.
      expect(await search('manutenção')).toEqual([docs.faturaPt]);
      await s.suite.stopService('doc-service');
      await s.suite.startService('doc-service');
      // doc-service answers 503 through the gateway until it is up again.
      await waitFor(async () => (await search('manutencao').catch((): string[] => [])).includes(docs.faturaPt), 30_000, 200);
      expect(await search('manutenção')).toEqual([docs.faturaPt]);
      await waitFor(async () => (await db.query('SELECT format FROM docs.search_index_state')).rows[0].format === 4, 10_000, 100); // SEARCH_FORMAT
      expect(await search('receipten')).toEqual([docs.receiptEn]); // by its file name, receiptEn.pdf
    } finally {
      await db.end();
    }
  });
});
