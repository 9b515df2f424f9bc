import { ExportCheckSchema } from '@intake/contracts';
import { type Actor, binaryBody, schemaIssues, textPdf, unzipEntries } from '@intake/testing';
import ExcelJS from 'exceljs';
import { rm, symlink } from 'node:fs/promises';
import Papa from 'papaparse';
import { DocSuite } from './doc-suite';

describe('documents: export of the filtered list as CSV or XLSX, and of the originals as a ZIP', () => {
  let s: DocSuite;
  let ana: Actor;
  let bob: Actor;
  const ids: Record<string, string> = {};

  const download = async (who: Actor, query: Record<string, string>, path = '/api/documents/export') => {
    const res = await s
      .api()
      .get(path)
      .query(query)
      .set(who.auth)
      .buffer(true)
      .parse(binaryBody);
    return { status: res.status, headers: res.headers as Record<string, string>, body: res.body as Buffer };
  };
  const csvRows = (body: Buffer) => Papa.parse<Record<string, string>>(body.toString('utf8').replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true }).data;

  beforeAll(async () => {
    // A cap of three documents per export and archive, to see them refuse a fourth without making 100,000.
    s = await DocSuite.start({ DOC_EXPORT_MAX_ROWS: '3', DOC_ARCHIVE_MAX_FILES: '3' });
    await s.settings({ provider: 'rules', categories: ['Office'], document_types: ['invoice', 'receipt', 'contract'] });
    [ana, bob] = await Promise.all([s.user(), s.user()]);
    const upload = async (who: Actor, name: string, lines: string[]) => {
      const [doc] = (await s.upload(who, [{ name, bytes: await textPdf([lines.join('\n')]) }]).expect(201)).body.documents;
      await s.until(who, doc.id);
      return doc.id as string;
    };
    ids.invoice = await upload(ana, 'fatura.pdf', ['Fatura FT 2024/117', 'Data: 2024-05-01', 'Total: 1.250,50 EUR', 'Manutenção do edifício']);
    ids.receipt = await upload(ana, 'receipt.pdf', ['Receipt 88', 'Date: 2024-07-15', 'Total: 12.00 EUR']);
    ids.bob = await upload(bob, 'bob.pdf', ['Invoice for Bob', 'Date: 2024-05-02']);
    // A title a spreadsheet would run as a formula, and a category.
    await s.api().patch(`/api/documents/${ids.receipt}`).set(ana.auth).send({ title: '=HYPERLINK("http://evil","x")' }).expect(200);
    const office = (await s.api().post('/api/documents/categories').set(ana.auth).send({ name: 'Office' }).expect(201)).body.id;
    await s.api().post(`/api/documents/categories/${office}/assign`).set(ana.auth).send({ document_ids: [ids.invoice] }).expect(200);
  });
  afterAll(() => s?.stop());

  it("answers the caller's own documents as CSV, in the list's order, with formulas defused", async () => {
    const res = await download(ana, { sort: 'document_date' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename=documents-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = csvRows(res.body);
    expect(rows.map((r) => r.id)).toEqual([ids.invoice, ids.receipt]);
    expect(rows[0]).toMatchObject({ file_name: 'fatura.pdf', status: 'done', document_type: 'invoice', document_date: '2024-05-01', amount: '1250.5', currency: 'EUR', categories: 'Office', pages: '1' });
    expect(rows[0].uploaded_at_utc).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(rows[1]).toMatchObject({ title: `'=HYPERLINK("http://evil","x")`, document_type: 'receipt', categories: '' });
  });

  it('applies the same filters as the list: text, type, dates, category', async () => {
    expect(csvRows((await download(ana, { q: 'manutencao' })).body).map((r) => r.id)).toEqual([ids.invoice]);
    expect(csvRows((await download(ana, { type: 'receipt' })).body).map((r) => r.id)).toEqual([ids.receipt]);
    expect(csvRows((await download(ana, { date_from: '2024-06-01' })).body).map((r) => r.id)).toEqual([ids.receipt]);
    expect(csvRows((await download(bob, {})).body).map((r) => r.id)).toEqual([ids.bob]);
    // Ana's category in Bob's export selects none of his documents, and none of hers.
    const [{ id: office }] = (await s.api().get('/api/documents/categories').set(ana.auth).expect(200)).body;
    expect(csvRows((await download(bob, { category_id: office })).body)).toEqual([]);
  });

  it('writes XLSX with numbers as numbers and dates as dates', async () => {
    const res = await download(ana, { format: 'xlsx', sort: 'document_date' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Documents');
    expect(sheet?.getRow(1).getCell(1).value).toBe('id');
    const header = (sheet?.getRow(1).values as string[]).slice(1);
    const cell = (row: number, name: string) => sheet?.getRow(row).getCell(header.indexOf(name) + 1).value;
    expect(cell(2, 'id')).toBe(ids.invoice);
    expect(cell(2, 'amount')).toBe(1250.5);
    expect(cell(2, 'document_date')).toEqual(new Date('2024-05-01T00:00:00Z'));
    expect(cell(3, 'title')).toBe(`'=HYPERLINK("http://evil","x")`);
    expect(sheet?.rowCount).toBe(3);
  });

  it("answers the caller's own original PDFs as one ZIP, and says beforehand what it would hold", async () => {
    const check = await s.api().get('/api/documents/archive').query({ check: 'true' }).set(ana.auth).expect(200);
    const originals = await Promise.all([ids.invoice, ids.receipt].map(async (id) => (await download(ana, {}, `/api/documents/${id}/download`)).body));
    expect(check.body).toEqual({ files: 2, bytes: originals[0].length + originals[1].length });
    expect(schemaIssues(ExportCheckSchema, check.body)).toEqual([]); // as OpenAPI describes it
    const res = await download(ana, { sort: 'file_name' }, '/api/documents/archive');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename=documents-\d{4}-\d{2}-\d{2}\.zip$/);
    const entries = await unzipEntries(res.body);
    expect([...entries.keys()]).toEqual(['fatura.pdf', 'receipt.pdf']);
    expect(entries.get('fatura.pdf')?.equals(originals[0])).toBe(true);
    expect(entries.get('receipt.pdf')?.equals(originals[1])).toBe(true);
    expect([...(await unzipEntries((await download(bob, {}, '/api/documents/archive')).body)).keys()]).toEqual(['bob.pdf']);
  });

  it('refuses more documents than one export holds, and a bad format, naming them', async () => {
    const more = await Promise.all(
      [1, 2].map(async (n) => (await s.upload(ana, [{ name: `more-${n}.pdf`, bytes: await textPdf([`Contract number ${n}`]) }]).expect(201)).body.documents[0].id as string),
    );
    await Promise.all(more.map((id) => s.until(ana, id)));
    const tooMany = await s.api().get('/api/documents/export').set(ana.auth).expect(400);
    expect(tooMany.body).toMatchObject({ error: 'VALIDATION_FAILED', message: '4 documents match; one export holds at most 3: narrow the filters (status, type, category, dates, text)' });
    expect(csvRows((await download(ana, { type: 'contract' })).body)).toHaveLength(2);
    const archive = await s.api().get('/api/documents/archive').query({ check: 'true' }).set(ana.auth).expect(400);
    expect(archive.body.message).toBe('4 documents match; one export holds at most 3: narrow the filters (status, type, category, dates, text)');
    const checked = await s.api().get('/api/documents/export').query({ check: 'true', type: 'contract' }).set(ana.auth).expect(200);
    expect(checked.body).toEqual({ files: 2, bytes: expect.any(Number) });
    expect((await s.api().get('/api/documents/export').query({ check: 'true' }).set(ana.auth).expect(400)).body.message).toBe(tooMany.body.message);
    const format = await s.api().get('/api/documents/export').query({ format: 'pdf' }).set(ana.auth).expect(400);
    expect(format.body.message).toMatch(/format/);
  });

  it('answers a storage failure before the first byte as a JSON error, not as a broken file', async () => {
    const carla = await s.user();
    const [doc] = (await s.upload(carla, [{ name: 'broken.pdf', bytes: await textPdf(['Broken storage']) }]).expect(201)).body.documents;
    await s.until(carla, doc.id);
    // The stored file turned into a link out of the storage folder, which storage refuses to follow.
    const [stored] = s.storedFiles().filter((f) => f.endsWith(`${doc.id}.pdf`));
    await rm(stored);
    await symlink('/etc/hostname', stored);
    const res = await s.api().get('/api/documents/archive').set(carla.auth).expect(500);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(res.body).toMatchObject({ error: 'INTERNAL' });
    // HEAD answers the headers without reading the documents (it would fail as above).
    const head = await s.api().head('/api/documents/archive').set(carla.auth).expect(200);
    expect(head.headers).toMatchObject({ 'content-type': 'application/zip', 'cache-control': 'no-store' });
    // doc-service is still up, and Carla's next export is not refused as still running.
    expect(csvRows((await download(carla, {})).body).map((r) => r.file_name)).toEqual(['broken.pdf']);
  });

  it('lets readers export their own list, and nobody without the documents app', async () => {
    const reader = await s.user('reader');
    const res = await download(reader, {});
    expect(res.status).toBe(200);
    expect(csvRows(res.body)).toEqual([]);
    expect(res.body.toString('utf8').split('\r\n')[0]).toBe('\ufeffid,file_name,status,document_type,title,document_date,amount,currency,counterparty,categories,pages,summary,failure_reason,uploaded_at_utc,processed_at_utc');
    const outsider = await s.actors.user('power');
    await s.api().get('/api/documents/export').set(outsider.auth).expect(403);
    await s.api().get('/api/documents/export').expect(401);
  });
});
