import { type Actor, type Actors, type TestSuite, waitFor } from '@intake/testing';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type request from 'supertest';
import { ImportSuite } from './import-suite';

const CUSTOMERS_CSV = 'Name;E-mail;Age;Active;Signup date\nAna Souza;ana@example.test;34;sim;03/02/2024\nBruno Lima;bruno@example.test;41;não;15/11/2023\n';

describe('imports: upload, analysis and preview', () => {
  let s: ImportSuite;
  let actors: Actors;
  let admin: Actor;
  let targetId: string;
  let suite: TestSuite;

  beforeAll(async () => {
    s = await ImportSuite.start({ IMPORT_MAX_UPLOAD_BYTES: String(1024 * 1024) }, { acting_user_id: 3 });
    ({ actors, admin, targetId, suite } = s);
  });
  afterAll(() => s?.stop());

  const api = () => s.api();
  const upload = (who: Actor, name: string, content: Buffer | string, target = targetId) => s.upload(name, content, who, target);
  const settled = (who: Actor, id: string) => s.until(id, ['ready', 'failed'], who);

  it('analyses a semicolon CSV and proposes the collection and every field', async () => {
    const created = await upload(admin, 'customers.csv', CUSTOMERS_CSV).expect(201);
    expect(created.body).toMatchObject({ status: 'analysing', target_id: targetId, file: { name: 'customers.csv', size: Buffer.byteLength(CUSTOMERS_CSV) } });
    expect(await settled(admin, created.body.id)).toMatchObject({ status: 'ready', error: null });
    const preview = (await api().get(`/api/imports/${created.body.id}/preview`).set(admin.auth).expect(200)).body;
    expect(preview).toMatchObject({ format: 'csv', delimiter: ';' });
    const [sheet] = preview.sheets;
    expect(sheet).toMatchObject({ name: 'customers', rows: 2, proposed_collection: 'customers', failing_rows: 0 });
    expect(sheet.columns.map((c: { letter: string; proposed_field: string | null; inferred_type: string }) => [c.letter, c.proposed_field, c.inferred_type])).toEqual([
      ['A', 'name', 'text'],
      ['B', 'email', 'email'],
      ['C', 'age', 'integer'],
      ['D', 'active', 'boolean'],
      ['E', 'signupDate', 'date'],
    ]);
    expect(sheet.sample_rows[0]).toEqual(['Ana Souza', 'ana@example.test', '34', 'sim', '03/02/2024']);
    expect(preview.proposed_plan).toMatchObject({ mode: 'insert', sheets: [{ sheet: 'customers', collection: 'customers', mapping: { A: 'name', B: 'email' } }] });
  });

  it('proposes the collection a file\'s columns name when its name names none, and checks the rows against it', async () => {
    const bad = CUSTOMERS_CSV.replace('34;sim', 'thirty;sim');
    const created = await upload(admin, 'export_2026-11-28.csv', bad).expect(201);
    expect(await settled(admin, created.body.id)).toMatchObject({ status: 'ready' });
    const [sheet] = (await api().get(`/api/imports/${created.body.id}/preview`).set(admin.auth).expect(200)).body.sheets;
    expect(sheet).toMatchObject({ name: 'export_2026-11-28', proposed_collection: 'customers', failing_rows: 1 });
    expect(sheet.columns[2].first_errors[0].message).toMatch(/row 2, column C 'Age': 'thirty' is not a number/);
    // Columns that name no collection's fields propose none.
    const unknown = await upload(admin, 'export.csv', 'Colour;Shape\nred;round\n').expect(201);
    await settled(admin, unknown.body.id);
    expect((await api().get(`/api/imports/${unknown.body.id}/preview`).set(admin.auth).expect(200)).body.sheets[0].proposed_collection).toBeNull();
  });

  it('validates every row with the proposed mapping: counts and first errors per column', async () => {
    const csv = 'Name,Email,Age\nOk,ok@example.test,30\nBad mail,nope,31\nBad age,age@example.test,old\nBoth,also-bad,-\n';
    const job = (await upload(admin, 'customers.csv', csv).expect(201)).body;
    expect(await settled(admin, job.id)).toMatchObject({ status: 'ready' });
    const [sheet] = (await api().get(`/api/imports/${job.id}/preview`).set(admin.auth).expect(200)).body.sheets;
    expect(sheet.failing_rows).toBe(3);
    const byLetter = Object.fromEntries(sheet.columns.map((c: { letter: string }) => [c.letter, c]));
    expect(byLetter.B).toMatchObject({ proposed_field: 'email', error_count: 2 });
    expect(byLetter.B.first_errors[0]).toMatchObject({ row: 3, message: expect.stringMatching(/row 3.*column B.*'nope'/) });
    expect(byLetter.C).toMatchObject({ proposed_field: 'age', error_count: 2 });
    expect(byLetter.A.error_count).toBe(0);
  });

  it('warns in the preview when NocoBase itself makes ids with the worker id the target imports with', async () => {
    const [{ id }] = await s.query(
      `INSERT INTO customers (id, name, email, "createdAt", "updatedAt") VALUES (((extract(epoch FROM now())::bigint - 1605024000) << 21) | (31 << 16) | 7, 'Made by NocoBase', 'clash@example.test', now(), now()) RETURNING id::text`,
    );
    try {
      const job = (await upload(admin, 'customers.csv', CUSTOMERS_CSV).expect(201)).body;
      expect(await settled(admin, job.id)).toMatchObject({ status: 'ready' });
      const [sheet] = (await api().get(`/api/imports/${job.id}/preview`).set(admin.auth).expect(200)).body.sheets;
      expect(sheet.problems).toEqual([expect.stringMatching(/1 of the newest \d+ Customers records have ids made by a NocoBase process with worker id 31.*choose another snowflake worker id/)]);
    } finally {
      await s.query('DELETE FROM customers WHERE id = $1', [id]);
    }
  });

  it('keeps the original, byte for byte, for its owner only', async () => {
    const owner = await actors.user('power');
    await api().post('/api/app-permissions').set(admin.auth).send({ user_id: owner.user.id, app_key: 'imports' }).expect(201);
    const intruder = await actors.user('power');
    await api().post('/api/app-permissions').set(admin.auth).send({ user_id: intruder.user.id, app_key: 'imports' }).expect(201);
    // A name beyond ASCII, as a browser sends it (raw UTF-8), comes back as it was.
    const job = (await upload(owner, 'clientes-março.csv', CUSTOMERS_CSV).expect(201)).body;
    expect(job.file.name).toBe('clientes-março.csv');
    await settled(owner, job.id);
    const original = await s.download(`/api/imports/${job.id}/original`, owner);
    expect(original.body.toString()).toBe(CUSTOMERS_CSV);
    expect(original.headers['content-disposition']).toBe(`attachment; filename=clientes-marco.csv; filename*=UTF-8''clientes-mar%C3%A7o.csv`);
    for (const path of ['', '/preview', '/original', '/result', '/events']) {
      await api().get(`/api/imports/${job.id}${path}`).set(intruder.auth).expect(404);
    }
    await api().post(`/api/imports/${job.id}/start`).set(intruder.auth).expect(404);
    await api().post(`/api/imports/${job.id}/cancel`).set(intruder.auth).expect(404);
    expect((await api().get('/api/imports').set(intruder.auth).expect(200)).body).toEqual({ items: [], total: 0 });
    expect((await api().get('/api/imports').set(owner.auth).expect(200)).body.total).toBe(1);
    const all = (await api().get('/api/imports').set(admin.auth).expect(200)).body;
    expect(all.items.map((j: { id: string }) => j.id)).toContain(job.id);
    // Quotes, which a browser's FormData sends as %22.
    expect((await upload(owner, 'clientes %22VIP%22.csv', CUSTOMERS_CSV).expect(201)).body.file.name).toBe('clientes "VIP".csv');
  });

  it('refuses users without the imports app', async () => {
    const user = await actors.user('power');
    const res = await upload(user, 'customers.csv', CUSTOMERS_CSV).expect(403);
    expect(res.body.error).toBe('APP_NOT_GRANTED');
  });

  it.each([
    ['an empty file', 'empty.csv', Buffer.alloc(0), /empty/i],
    ['a PNG renamed .csv', 'photo.csv', Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64, 1)]), /PNG/],
    ['a zip that is not a workbook', 'data.xlsx', Buffer.from('504b0506' + '00'.repeat(18), 'hex'), /workbook|zip/i],
    ['duplicate headers', 'dupes.csv', 'email,Email\na@b.c,d@e.f\n', /both named|duplicate/i],
  ])('fails the job with a clear reason for %s', async (_what, name, content, reason) => {
    const job = (await upload(admin, name, content).expect(201)).body;
    const done = await settled(admin, job.id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(reason);
    const preview = await api().get(`/api/imports/${job.id}/preview`).set(admin.auth).expect(409);
    expect(preview.body.message).toMatch(reason);
  });

  it('reads a Windows-1252 CSV, a header-only file and ragged rows, saying what it found', async () => {
    const latin = Buffer.from('Nome;Cidade\nJoão;São Paulo\nInês;Évora\n', 'latin1');
    const job = (await upload(admin, 'cidades.csv', latin).expect(201)).body;
    expect(await settled(admin, job.id)).toMatchObject({ status: 'ready' });
    const preview = (await api().get(`/api/imports/${job.id}/preview`).set(admin.auth).expect(200)).body;
    expect(preview.encoding).toBe('windows-1252');
    expect(preview.sheets[0].sample_rows).toEqual([['João', 'São Paulo'], ['Inês', 'Évora']]);

    const headerOnly = (await upload(admin, 'customers.csv', 'name,email\n').expect(201)).body;
    // Nothing to import fails saying so, rather than waiting "ready" for ever and holding one of the user's open imports.
    expect(await settled(admin, headerOnly.id)).toMatchObject({ status: 'failed', error: 'the file has column names but no rows under them: there is nothing to import' });

    const ragged = (await upload(admin, 'customers.csv', 'name,email\nAna,ana@r.test,extra,cells\nBia,bia@r.test\n').expect(201)).body;
    await settled(admin, ragged.id);
    const sheet = (await api().get(`/api/imports/${ragged.id}/preview`).set(admin.auth).expect(200)).body.sheets[0];
    expect(sheet.failing_rows).toBe(1);
    expect(sheet.problems.join(' ')).toMatch(/row 2/);
  });

  it('fails a file with a million columns quickly and clearly', async () => {
    const wide = Buffer.from(`${','.repeat(999_999)}\n`); // 1,000,000 columns in under 1 MB
    const job = (await upload(admin, 'wide.csv', wide).expect(201)).body;
    const done = await settled(admin, job.id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/columns/i);
  });

  it('answers 4xx for a bad upload, keeping nothing', async () => {
    await api().post('/api/imports').set(admin.auth).send({ target_id: targetId }).expect(400);
    const noFile = await api().post('/api/imports').set(admin.auth).field('target_id', targetId).expect(400);
    expect(noFile.body.message).toMatch(/file/);
    const noTarget = await api().post('/api/imports').set(admin.auth).attach('file', Buffer.from(CUSTOMERS_CSV), 'c.csv').expect(400);
    expect(noTarget.body.message).toMatch(/target_id/);
    await upload(admin, 'c.csv', CUSTOMERS_CSV, '00000000-0000-4000-8000-000000000000').expect(404);
    const big = await upload(admin, 'big.csv', Buffer.alloc(2 * 1024 * 1024, 'a')).expect(413);
    expect(big.body).toMatchObject({ error: 'FILE_TOO_LARGE', message: expect.stringContaining('1 MB') });
    // 200 MB: refused as soon as the cap is passed, without reading the rest or keeping anything.
    const file = join(mkdtempSync(join(tmpdir(), 'intake-big-')), 'huge.csv');
    writeFileSync(file, 'a,b\n');
    truncateSync(file, 200 * 1024 * 1024);
    const started = Date.now();
    const huge = await api()
      .post('/api/imports')
      .set(admin.auth)
      .field('target_id', targetId)
      .attach('file', file)
      .then((res) => ({ status: res.status, error: res.body.error }))
      .catch((e: { response?: request.Response; code?: string }) => ({ status: e.response?.status, error: e.response?.body?.error ?? e.code }));
    // The gateway answers 413 as soon as the cap is passed; a client still writing may see the
    // answer or, on a loaded machine, a reset while it writes. Either way nothing is kept.
    expect([413, undefined]).toContain(huge.status);
    if (huge.status === 413) expect(huge.error).toBe('FILE_TOO_LARGE');
    await api().get('/api/health').expect(200);
    expect(Date.now() - started).toBeLessThan(10_000);
    rmSync(file);
    expect(readdirSync(join(suite.dataDir, 'objects', 'imports'), { recursive: true }).filter((f) => String(f).endsWith('.csv') && String(f).includes('big'))).toEqual([]);
  });

  it('answers 400 for a body cut off before its end and stays up; a client gone mid-file leaves nothing stored', async () => {
    const boundary = 'intake-cut-boundary';
    const headers = { ...admin.auth, 'content-type': `multipart/form-data; boundary=${boundary}` };
    const part = (head: string) => `--${boundary}\r\nContent-Disposition: form-data; ${head}\r\n\r\n`;
    const noEnd = `${part('name="target_id"')}${targetId}\r\n${part('name="file"; filename="cut-short.csv"')}name\nAna\n`;
    const cut = await fetch(`${suite.url}/api/imports`, { method: 'POST', headers, body: noEnd });
    expect(cut.status).toBe(400);
    expect(((await cut.json()) as { message: string }).message).toMatch(/Malformed multipart body/);
    await api().get('/api/health').expect(200);
    // No boundary at all: refused before a byte is read.
    const noBoundary = await fetch(`${suite.url}/api/imports`, { method: 'POST', headers: { ...admin.auth, 'content-type': 'multipart/form-data' }, body: CUSTOMERS_CSV });
    expect(noBoundary.status).toBe(400);
    expect(((await noBoundary.json()) as { message: string }).message).toMatch(/Malformed multipart request: .*Boundary not found/);
    // A name with control characters and a direction override (sent as filename*, which browsers never use) is kept without them.
    const named = (name: string) => `${part('name="target_id"')}${targetId}\r\n${part(`name="file"; filename*=UTF-8''${name}`)}${CUSTOMERS_CSV}\r\n--${boundary}--\r\n`;
    const odd = await fetch(`${suite.url}/api/imports`, { method: 'POST', headers, body: named('a%00b%1B%5B31m%E2%80%AEvsc.csv') });
    expect(odd.status).toBe(201);
    expect(((await odd.json()) as { file: { name: string } }).file.name).toBe('ab[31mvsc.csv');
    // A long name of emoji (two UTF-16 units each) is kept to 255 characters, not refused.
    const emoji = (await upload(admin, `${'📊'.repeat(300)}.csv`, CUSTOMERS_CSV).expect(201)).body;
    expect([...emoji.file.name]).toHaveLength(255);
    expect(emoji.file.name.endsWith('📊.csv')).toBe(true);

    const gone = httpRequest(`${suite.url}/api/imports`, { method: 'POST', headers: { ...headers, 'transfer-encoding': 'chunked' } });
    gone.on('error', () => undefined);
    gone.write(`${part('name="target_id"')}${targetId}\r\n${part('name="file"; filename="gone-away.csv"')}name\n${'Ana\n'.repeat(10_000)}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    gone.destroy();
    const left = () => readdirSync(join(suite.dataDir, 'objects', 'imports'), { recursive: true }).map(String).filter((f) => f.includes('gone-away') || f.includes('cut-short') || f.endsWith('.partial'));
    await waitFor(() => left().length === 0, 5000, 100);
    await api().get('/api/health').expect(200);
  });

  it('checks a plan against the file and the collection, naming each problem', async () => {
    const job = (await upload(admin, 'customers.csv', CUSTOMERS_CSV).expect(201)).body;
    await settled(admin, job.id);
    const bad = await api()
      .put(`/api/imports/${job.id}/plan`)
      .set(admin.auth)
      .send({ sheets: [{ sheet: 'customers', collection: 'customers', mapping: { A: 'name', B: 'nope', C: 'name', Z: 'age' } }], mode: 'upsert' })
      .expect(400);
    expect(bad.body.message).toMatch(/mapping\.B: column B 'E-mail' is mapped to nope, which Customers does not have/);
    expect(bad.body.message).toMatch(/column C 'Age' and column A 'Name' are both mapped to Name/);
    expect(bad.body.message).toMatch(/mapping\.Z: sheet 'customers' has no column Z/);
    expect(bad.body.message).toMatch(/key_fields: The upsert mode needs key fields/);
    // Text a database cannot store, even on a sheet left out (which the checker passes over), is refused by name, not a 500.
    for (const text of ['\u0000', '\ud800']) {
      const unstorable = await api()
        .put(`/api/imports/${job.id}/plan`)
        .set(admin.auth)
        .send({ sheets: [{ sheet: 'customers', collection: null, mapping: { A: `na${text}me` }, key_fields: [text] }] })
        .expect(400);
      expect(unstorable.body.message).toMatch(/sheets\.0\.mapping\.A: must/);
      expect(unstorable.body.message).toMatch(/sheets\.0\.key_fields\.0: must/);
    }
    const required = await api()
      .put(`/api/imports/${job.id}/plan`)
      .set(admin.auth)
      .send({ sheets: [{ sheet: 'customers', collection: 'products', mapping: { B: 'sku' } }] })
      .expect(400);
    expect(required.body.message).toMatch(/Name/);
    await api()
      .put(`/api/imports/${job.id}/plan`)
      .set(admin.auth)
      .send({ sheets: [{ sheet: 'customers', collection: 'no_such_collection', mapping: {} }] })
      .expect(404);
    // Every column left out: rows with nothing in them are no import.
    const empty = await api()
      .put(`/api/imports/${job.id}/plan`)
      .set(admin.auth)
      .send({ sheets: [{ sheet: 'customers', collection: 'customers', mapping: { A: null, B: null } }] })
      .expect(400);
    expect(empty.body.message).toBe("Invalid plan: sheets.0: sheet 'customers' maps no column to a field of 'customers'; map at least one, or leave the sheet out");
    const ok = await api()
      .put(`/api/imports/${job.id}/plan`)
      .set(admin.auth)
      .send({ sheets: [{ sheet: 'customers', collection: 'customers', mapping: { A: 'name', B: 'email', C: null, D: 'active', E: 'signupDate' } }], mode: 'upsert', key_fields: ['email'] })
      .expect(200);
    expect(ok.body.plan).toMatchObject({ mode: 'upsert', key_fields: ['email'], date_order: 'day-first' });
  });

  it('answers a plan with thousands of problems, and the preview of a file of long texts, within what one answer holds', async () => {
    const job = (await upload(admin, 'customers.csv', CUSTOMERS_CSV).expect(201)).body;
    await settled(admin, job.id);
    // Columns the sheet does not have, named by their letters: AA … ZZZ.
    const letters = (n: number): string => (n < 26 ? String.fromCharCode(65 + n) : letters(Math.floor(n / 26) - 1) + String.fromCharCode(65 + (n % 26)));
    const mapping = Object.fromEntries(Array.from({ length: 18_000 }, (_, i) => [letters(i + 26), 'name']));
    const many = await api().put(`/api/imports/${job.id}/plan`).set(admin.auth).send({ sheets: [{ sheet: 'customers', collection: 'customers', mapping }] }).expect(400);
    expect(many.body.message).toMatch(/; and \d+ more$/);
    expect(many.body.details.fields.length).toBeLessThanOrEqual(500);

    // Under this suite's 1 MB upload cap, and about as large in a preview that shows every sample whole.
    const long = 'x'.repeat(3000);
    const wide = `${Array.from({ length: 30 }, (_, i) => `c${i}`).join(',')}\n${Array.from({ length: 10 }, () => Array.from({ length: 30 }, () => long).join(',')).join('\n')}\n`;
    const texts = (await upload(admin, 'long-texts.csv', wide).expect(201)).body;
    await settled(admin, texts.id);
    const preview = (await api().get(`/api/imports/${texts.id}/preview`).set(admin.auth).expect(200)).body;
    expect(preview.sheets[0].sample_rows[0][0]).toBe(`${'x'.repeat(200)}…`);
    await api().get('/api/health').expect(200);
  });

  it('stores a plan without its left-out columns, refuses one too large to carry, and lists jobs without plans', async () => {
    const job = (await upload(admin, 'customers.csv', CUSTOMERS_CSV).expect(201)).body;
    await settled(admin, job.id);
    const letters = (n: number): string => (n < 26 ? String.fromCharCode(65 + n) : letters(Math.floor(n / 26) - 1) + String.fromCharCode(65 + (n % 26)));
    // A wide file's plan, every other column left out by name: stored as what it imports.
    const leftOut = Object.fromEntries(Array.from({ length: 18_000 }, (_, i) => [letters(i + 5), null]));
    const saved = await api().put(`/api/imports/${job.id}/plan`).set(admin.auth).send({ sheets: [{ sheet: 'customers', collection: 'customers', mapping: { ...leftOut, A: 'name', B: 'email' } }] }).expect(200);
    expect(saved.body.plan.sheets[0].mapping).toEqual({ A: 'name', B: 'email' });
    const huge = Object.fromEntries(Array.from({ length: 18_000 }, (_, i) => [letters(i + 26), `a_field_name_long_enough_to_add_up_${i}`]));
    const refused = await api().put(`/api/imports/${job.id}/plan`).set(admin.auth).send({ sheets: [{ sheet: 'customers', collection: 'customers', mapping: huge }] }).expect(400);
    expect(refused.body.message).toMatch(/^The plan takes \d+ KB once its unmapped columns are left out; at most 256 KB/);
    // A body under the gateway's 1 MB that, with the caller around it, no longer fits one NATS message: said so, not "unreachable".
    const head = '{"sheets":[{"sheet":"customers","collection":"customers","mapping":{';
    const entries: string[] = [];
    for (let size = head.length + 4, i = 0; size < 1024 * 1024 - 300; i++) {
      const entry = `"${letters(i + 26)}":"${'f'.repeat(255)}"`;
      entries.push(entry);
      size += entry.length + 1;
    }
    const nearMb = await api().put(`/api/imports/${job.id}/plan`).set(admin.auth).set('content-type', 'application/json').send(`${head}${entries.join(',')}}}]}`);
    expect(nearMb.status).toBe(413);
    expect(nearMb.body).toMatchObject({ error: 'REQUEST_TOO_LARGE', message: expect.stringMatching(/^The request is too large to pass on to the import service \(\d+ KB; at most 1024 KB in one message\)/) });
    expect(((await s.job(job.id)).plan as { sheets: { mapping: unknown }[] }).sheets[0].mapping).toEqual({ A: 'name', B: 'email' });
    const listed = (await api().get('/api/imports').set(admin.auth).expect(200)).body.items.find((j: { id: string }) => j.id === job.id);
    // The list says where its plan writes, not the plan itself.
    expect(listed).toMatchObject({ id: job.id, status: 'ready', collections: ['customers'] });
    expect(listed).not.toHaveProperty('plan');
    // Paging read as written: a misspelt parameter or a number not in digits is refused by name.
    expect((await api().get('/api/imports?lmit=1').set(admin.auth).expect(400)).body.message).toMatch(/lmit/);
    expect((await api().get('/api/imports?limit=0x10').set(admin.auth).expect(400)).body.message).toMatch(/limit: must be a whole number written in digits/);
    expect((await api().get('/api/imports?limit=1&offset=0').set(admin.auth).expect(200)).body.items).toHaveLength(1);
  });
});
