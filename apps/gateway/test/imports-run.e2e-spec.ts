import ExcelJS from 'exceljs';
import { connect, headers, JSONCodec } from 'nats';
import { get } from 'node:http';
import { Client } from 'pg';
import { type Actor, waitFor } from '@intake/testing';
import { ImportSuite } from './import-suite';

const CSV = [
  'Name,E-mail,Age,Active,Signup date',
  'Carla Dias,carla@example.test,29,yes,2024-05-01',
  'Duarte Reis,not-an-email,33,no,2024-05-02',
  '=cmd|calc,formula@example.test,40,yes,2024-05-03',
].join('\n');

describe('imports: run, result file and rollback into a real NocoBase database', () => {
  let s: ImportSuite;

  beforeAll(async () => {
    s = await ImportSuite.start({ IMPORT_EVENTS_RECHECK_SECONDS: '1' }, { acting_user_id: 3 });
  });
  afterAll(() => s?.stop());

  const api = () => s.api();
  const query = (sql: string, params: unknown[] = []) => s.query(sql, params);
  const until = (id: string, statuses: string[]) => s.until(id, statuses);
  const download = async (path: string) => (await s.download(path)).body;
  const upload = (content: string) => s.upload('customers.csv', content).expect(201);
  const allOrNothing = (id: string) =>
    api()
      .put(`/api/imports/${id}/plan`)
      .set(s.admin.auth)
      .send({ sheets: [{ sheet: 'customers', collection: 'customers', mapping: { A: 'email', B: 'name' } }], all_or_nothing: true })
      .expect(200);

  it('inserts the good rows, reports the bad one, escapes formulas in the result, and rolls back exactly', async () => {
    const before = await query('SELECT * FROM customers ORDER BY id');
    const job = (await upload(CSV)).body;
    await until(job.id, ['ready']);
    await api().post(`/api/imports/${job.id}/start`).set(s.admin.auth).expect(201);
    const done = await until(job.id, ['completed', 'failed']);
    expect(done).toMatchObject({ status: 'completed', has_result: true, progress: { rows_processed: 3, inserted: 2, failed: 1, skipped: 0 } });

    const inserted = await query(`SELECT id::text, name, email, age, active, "signupDate", "createdAt", "createdById" FROM customers WHERE email LIKE '%@example.test' AND id NOT IN (SELECT id FROM customers WHERE id = ANY($1)) ORDER BY email`, [before.map((r) => r.id)]);
    expect(inserted.map((r) => [r.name, r.email, Number(r.age), r.active, r.createdById === null ? null : Number(r.createdById)])).toEqual([
      ['Carla Dias', 'carla@example.test', 29, true, 3],
      ['=cmd|calc', 'formula@example.test', 40, true, 3],
    ]);
    expect(inserted.every((r) => r.createdAt instanceof Date && BigInt(String(r.id)) < 2n ** 53n)).toBe(true);

    // The XLSX of a CSV upload is made on its first download; two at once get the same whole file.
    const [xlsx, again] = await Promise.all([download(`/api/imports/${job.id}/result?format=xlsx`), download(`/api/imports/${job.id}/result?format=xlsx`)]);
    expect(Buffer.compare(xlsx as Buffer, again as Buffer)).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as never);
    const rows = (workbook.worksheets[0].getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    expect(rows[0]).toEqual(['Name', 'E-mail', 'Age', 'Active', 'Signup date', '_status', '_error']);
    expect(rows[1].slice(5)).toEqual(['inserted']);
    expect(rows[2][5]).toBe('failed');
    expect(String(rows[2][6])).toMatch(/row 3.*column B.*not-an-email/i);
    expect(rows[3][0]).toBe("'=cmd|calc");
    const csv = (await download(`/api/imports/${job.id}/result?format=csv`)).toString('utf8');
    expect(csv).toContain("'=cmd|calc");
    expect(csv.split(/\r?\n/)[2]).toMatch(/failed/);
    // The failed rows alone, to fix and upload again.
    const failedRows = await s.download(`/api/imports/${job.id}/result?format=csv&rows=failed`);
    expect(failedRows.headers['content-disposition']).toMatch(/customers-failed-rows\.csv/);
    const failedLines = failedRows.body.toString('utf8').replace(/^\ufeff/, '').trim().split(/\r?\n/);
    expect(failedLines).toHaveLength(2);
    expect(failedLines[1]).toMatch(/^Duarte Reis,not-an-email,33,no,2024-05-02,failed,/);

    await api().post(`/api/imports/${job.id}/rollback`).set(s.admin.auth).expect(201);
    await until(job.id, ['rolled_back']);
    expect(await query('SELECT * FROM customers ORDER BY id')).toEqual(before);
    // Rolled back, the result files say the rows are not kept, in both formats.
    const after = (await download(`/api/imports/${job.id}/result?format=csv`)).toString('utf8').split(/\r?\n/);
    expect(after[1]).toMatch(/,skipped,not kept: the import was rolled back$/);
    expect(after[2]).toMatch(/,failed,/);
    const rolledXlsx = new ExcelJS.Workbook();
    await rolledXlsx.xlsx.load((await download(`/api/imports/${job.id}/result?format=xlsx`)) as never);
    // Asked for no format, the result is in the upload's: a CSV.
    expect((await download(`/api/imports/${job.id}/result`)).toString('utf8').split(/\r?\n/)[1]).toMatch(/,skipped,not kept: the import was rolled back$/);
    expect(rolledXlsx.worksheets[0].getRow(4).getCell(6).value).toBe('skipped');

    // The result file, its failed row fixed and uploaded again (the usual retry), reads as the rows were:
    // without _status and _error, the formula's apostrophe taken off.
    const fixed = csv.replace('not-an-email', 'duarte@example.test');
    const retry = (await s.upload('customers-result.csv', fixed).expect(201)).body;
    await until(retry.id, ['ready']);
    const preview = (await api().get(`/api/imports/${retry.id}/preview`).set(s.admin.auth).expect(200)).body;
    expect(preview.sheets[0].columns.map((c: { name: string }) => c.name)).toEqual(['Name', 'E-mail', 'Age', 'Active', 'Signup date']);
    expect(preview.sheets[0].problems).toContainEqual(expect.stringMatching(/^read as an Intake result file: its _status and _error columns are left out/));
    await api()
      .put(`/api/imports/${retry.id}/plan`)
      .set(s.admin.auth)
      .send({ sheets: [{ sheet: 'customers-result', collection: 'customers', mapping: { A: 'name', B: 'email', C: 'age' } }] })
      .expect(200);
    await api().post(`/api/imports/${retry.id}/start`).set(s.admin.auth).expect(201);
    expect(await until(retry.id, ['completed', 'failed'])).toMatchObject({ status: 'completed', progress: { inserted: 3, failed: 0 } });
    expect((await query(`SELECT name FROM customers WHERE email = 'formula@example.test'`)).map((r) => r.name)).toEqual(['=cmd|calc']);
    await api().post(`/api/imports/${retry.id}/rollback`).set(s.admin.auth).expect(201);
    await until(retry.id, ['rolled_back']);
  });

  it('upserts by a key field, updating existing records and inserting new ones, and rollback restores the old values', async () => {
    const before = await query('SELECT * FROM customers ORDER BY id');
    const existing = before[0];
    const csv = `email,name,age\n${existing.email},Renamed Customer,99\nnew.one@example.test,New One,20\n`;
    const job = (await upload(csv)).body;
    await until(job.id, ['ready']);
    await api()
      .put(`/api/imports/${job.id}/plan`)
      .set(s.admin.auth)
      .send({ sheets: [{ sheet: 'customers', collection: 'customers', mapping: { A: 'email', B: 'name', C: 'age' } }], mode: 'upsert', key_fields: ['email'] })
      .expect(200);
    await api().post(`/api/imports/${job.id}/start`).set(s.admin.auth).expect(201);
    expect(await until(job.id, ['completed', 'failed'])).toMatchObject({ status: 'completed', progress: { inserted: 1, updated: 1, failed: 0 } });
    const renamed = await query('SELECT name, age FROM customers WHERE id = $1', [existing.id]);
    expect(renamed).toEqual([{ name: 'Renamed Customer', age: '99' }]);
    await api().post(`/api/imports/${job.id}/rollback`).set(s.admin.auth).expect(201);
    await until(job.id, ['rolled_back']);
    expect(await query('SELECT * FROM customers ORDER BY id')).toEqual(before);
  });

  it('fails a row whose key already exists in insert mode, and keeps nothing at all in all-or-nothing mode', async () => {
    const before = await query('SELECT * FROM customers ORDER BY id');
    const csv = `email,name\n${before[0].email},Dup\nfresh.one@example.test,Fresh\n`;
    const insert = (await upload(csv)).body;
    await until(insert.id, ['ready']);
    await api().post(`/api/imports/${insert.id}/start`).set(s.admin.auth).expect(201);
    expect(await until(insert.id, ['completed', 'failed'])).toMatchObject({ status: 'completed', progress: { inserted: 1, failed: 1 } });
    const result = (await download(`/api/imports/${insert.id}/result?format=csv`)).toString('utf8');
    expect(result.split(/\r?\n/)[1]).toMatch(new RegExp(`failed.*${String(before[0].email).replace('.', '\\.')}.*already exists`));
    await api().post(`/api/imports/${insert.id}/rollback`).set(s.admin.auth).expect(201);
    await until(insert.id, ['rolled_back']);

    const strict = (await upload(csv)).body;
    await until(strict.id, ['ready']);
    await allOrNothing(strict.id);
    await api().post(`/api/imports/${strict.id}/start`).set(s.admin.auth).expect(201);
    const failed = await until(strict.id, ['completed', 'failed']);
    expect(failed).toMatchObject({ status: 'failed', error: expect.stringMatching(/all-or-nothing.*already exists/) });
    expect(await query('SELECT * FROM customers ORDER BY id')).toEqual(before);
    // The fresh row was written, then taken back: neither the counts nor the result files say "inserted".
    expect(failed.progress).toMatchObject({ inserted: 0, updated: 0, failed: 1, skipped: 1 });
    const lines = (await download(`/api/imports/${strict.id}/result?format=csv`)).toString('utf8').split(/\r?\n/);
    expect(lines[1]).toMatch(/failed.*already exists/);
    expect(lines[2]).toMatch(/^fresh\.one@example\.test,Fresh,skipped,"not kept: the import was all or nothing and a row failed/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download(`/api/imports/${strict.id}/result?format=xlsx`)) as never);
    expect(workbook.worksheets[0].getRow(3).getCell(3).value).toBe('skipped');
    // It took back what it wrote itself: there is nothing left for a rollback.
    expect((await api().post(`/api/imports/${strict.id}/rollback`).set(s.admin.auth).expect(409)).body.message).toMatch(/took back what it wrote/);
  });

  it('fails an all-or-nothing job whose undo was cut off (its worker restarted), rather than running on past the failed row', async () => {
    const job = (await upload('email,name\nundo-one@example.test,One\nundo-two@example.test,Two\n')).body;
    await until(job.id, ['ready']);
    await allOrNothing(job.id);
    // As a worker left it that met a failed row in its first batch and then could not reach the target
    // to undo it: the batch recorded, the checkpoint after it, the job running.
    const db = new Client({ connectionString: s.suite.db.url });
    await db.connect();
    try {
      await db.query(
        `UPDATE imports.import_jobs SET status = 'running', started_at = now(), checkpoint = '{"sheetIndex":0,"rowsDone":2,"batchNo":1,"order":["customers"]}' WHERE id = $1`,
        [job.id],
      );
      await db.query(`INSERT INTO imports.job_batches (job_id, batch_no, sheet_index, first_row, outcomes) VALUES ($1, 0, 0, 0, $2)`, [job.id, JSON.stringify([['failed', 'row 2: cut off'], ['inserted']])]);
    } finally {
      await db.end();
    }
    const nc = await connect(s.suite.nats.options);
    const restarted = headers();
    restarted.set('Intake-Restarted', '1');
    await nc.jetstream().publish('import.work.run', JSONCodec().encode({ job_id: job.id }), { headers: restarted });
    await nc.close();
    expect(await until(job.id, ['completed', 'failed'])).toMatchObject({ status: 'failed', error: 'Nothing was kept (all-or-nothing): row 2: cut off' });
    expect((await query(`SELECT count(*)::int AS n FROM customers WHERE email LIKE 'undo-%'`))[0].n).toBe(0);
  });

  it('fails an all-or-nothing job whose target is gone when it runs, saying why, instead of leaving it running', async () => {
    const doomed = (await api().post('/api/import-targets').set(s.admin.auth).send({ kind: 'nocobase', name: 'Doomed', settings: s.targetSettings }).expect(201)).body;
    const job = (await s.upload('customers.csv', 'email,name\ndoomed@example.test,Doomed\n', s.admin, doomed.id).expect(201)).body;
    await until(job.id, ['ready']);
    await allOrNothing(job.id);
    // The target deleted between the start and the run (a start checks it, so the job is queued here by hand).
    await api().delete(`/api/import-targets/${doomed.id}`).set(s.admin.auth).expect(204);
    const db = new Client({ connectionString: s.suite.db.url });
    await db.connect();
    await db.query(`UPDATE imports.import_jobs SET status = 'queued' WHERE id = $1`, [job.id]);
    await db.end();
    const nc = await connect(s.suite.nats.options);
    await nc.jetstream().publish('import.work.run', JSONCodec().encode({ job_id: job.id }));
    await nc.close();
    expect(await until(job.id, ['completed', 'failed'])).toMatchObject({ status: 'failed', error: expect.stringMatching(/does not exist.*removing the rows it wrote failed: .*does not exist/) });
  });

  /** A job's progress stream, read until the server ends it. */
  const events = (jobId: string) =>
    api()
      .get(`/api/imports/${jobId}/events`)
      .set(s.admin.auth)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => done(null, text));
      });
  const payloadsOf = (body: unknown) =>
    String(body)
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .map((l) => JSON.parse(l.slice(6)));

  it('fails a job whose file now reads with other column names than its plan was made for, writing nothing', async () => {
    const job = (await upload('email,name\nreread@example.test,Reread\n')).body;
    await until(job.id, ['ready']);
    // As a job analysed by a release that read the header elsewhere: its letters would put values into the wrong fields.
    const db = new Client({ connectionString: s.suite.db.url });
    await db.connect();
    await db.query(`UPDATE imports.import_jobs SET analysis = jsonb_set(analysis, '{sheets,0,columns,0,name}', '"E-mail address"') WHERE id = $1`, [job.id]);
    await db.end();
    await api().post(`/api/imports/${job.id}/start`).set(s.admin.auth).expect(201);
    const done = await until(job.id, ['completed', 'failed']);
    expect(done).toMatchObject({ status: 'failed', error: expect.stringMatching(/now reads with other column names than when it was checked, so its plan no longer fits: upload the file again/) });
    expect(await query(`SELECT 1 FROM customers WHERE email = 'reread@example.test'`)).toEqual([]);
  });

  it('streams progress as server-sent events until the job settles', async () => {
    const job = (await upload(CSV)).body;
    await until(job.id, ['ready']);
    const started = api().post(`/api/imports/${job.id}/start`).set(s.admin.auth).expect(201);
    const [stream] = await Promise.all([events(job.id), started]);
    const payloads = payloadsOf(stream.body);
    expect(stream.headers['content-type']).toMatch(/text\/event-stream/);
    expect(payloads[0]).toMatchObject({ job_id: job.id, status: 'ready' });
    expect(payloads.at(-1)).toMatchObject({ status: 'completed', progress: { rows_processed: 3 } });
  });

  it('tells a stream opened while the file is analysed that its preview is ready, and ends it', async () => {
    // Large enough that the analysis is still under way when the stream opens.
    const rows = Array.from({ length: 300_000 }, (_, i) => `Name ${i},n${i}@example.test,${i % 90}`);
    const job = (await s.upload('many.csv', `name,email,age\n${rows.join('\n')}`).expect(201)).body;
    // Read until the stream ends, or it says the job is ready: had the analysis ended first, the stream would start at ready and stay open.
    const text = await new Promise<string>((resolve, reject) => {
      const req = get(`${s.suite.url}/api/imports/${job.id}/events`, { headers: s.admin.auth }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString();
          if (/"status":"(ready|failed)"/.test(body)) req.destroy();
        });
        res.on('error', () => undefined);
        res.on('close', () => resolve(body));
      });
      req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
    });
    const payloads = payloadsOf(text);
    expect(payloads[0]).toMatchObject({ status: 'analysing' });
    expect(payloads.at(-1)).toMatchObject({ status: 'ready', progress: { rows_total: 300_000 } });
  });

  it('holds at most 10 progress streams a user, and ends those of a job cancelled while it waited to start', async () => {
    const job = (await upload(CSV)).body;
    await until(job.id, ['ready']);
    const open = () =>
      new Promise<{ body: () => string; ended: Promise<void>; close: () => void }>((resolve, reject) => {
        const req = get(`${s.suite.url}/api/imports/${job.id}/events`, { headers: s.admin.auth }, (res) => {
          let body = '';
          const ended = new Promise<void>((done) => res.on('end', done));
          const answer = { body: () => body, ended, close: () => req.destroy() };
          res.on('data', (chunk: Buffer) => {
            body += chunk.toString();
            if (body.includes('\n\n')) resolve(answer);
          });
        });
        req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
      });
    // Clients that leave before their stream starts (while their token is checked, or the job read) hold no place.
    for (let i = 0; i < 15; i++) {
      const req = get(`${s.suite.url}/api/imports/${job.id}/events`, { headers: s.admin.auth });
      req.on('error', () => undefined);
      setTimeout(() => req.destroy(), i % 5);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const streams = [];
    for (let i = 0; i < 10; i++) streams.push(await open());
    expect(streams.every((st) => st.body().startsWith('event: progress'))).toBe(true);
    const eleventh = await open();
    await eleventh.ended;
    expect(eleventh.body()).toBe('event: end\ndata: {"reason":"too_many_streams","limit":10}\n\n');

    await api().post(`/api/imports/${job.id}/cancel`).set(s.admin.auth).expect(201);
    // None of its rows was reached: all of them count as skipped, as a result file would mark them.
    expect((await s.job(job.id)).progress).toMatchObject({ rows_total: 3, rows_processed: 0, skipped: 3, eta_seconds: null });
    await Promise.all(streams.map((st) => st.ended));
    for (const st of streams) expect(st.body()).toMatch(/"status":"cancelled"/);
    // Their places are free again.
    const again = await open();
    expect(again.body()).toMatch(/"status":"cancelled"/);
    await again.ended;
  });

  it('ends a progress stream, saying why, once its session is over or its user loses the imports app', async () => {
    const stream = async (who: Actor, jobId: string) => {
      let body = '';
      const ended = new Promise<string>((resolve, reject) => {
        const req = get(`${s.suite.url}/api/imports/${jobId}/events`, { headers: who.auth }, (res) => {
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve(body));
        });
        req.on('error', reject);
      });
      await waitFor(async () => body.includes('event: progress'), 10_000, 20);
      return { ended };
    };
    const ready = async (who: Actor) => {
      const job = (await s.upload('stream.csv', 'email,name\nstream@example.test,Stream\n', who).expect(201)).body;
      await s.until(job.id, ['ready'], who);
      return job.id as string;
    };
    // A ready job's stream would otherwise stay open until the job moves.
    const leaving = await s.importer('power');
    const afterLogout = await stream(leaving, await ready(leaving));
    await api().post('/api/auth/logout').set(leaving.auth).expect(204);
    expect(await afterLogout.ended).toMatch(/event: end\ndata: \{"reason":"revoked"\}\n\n$/);

    const demoted = await s.importer('power');
    const afterApp = await stream(demoted, await ready(demoted));
    await api().delete(`/api/app-permissions/${demoted.user.id}/imports`).set(s.admin.auth).expect(204);
    expect(await afterApp.ended).toMatch(/event: end\ndata: \{"reason":"app_removed"\}\n\n$/);

    // An admin follows another user's import; demoted, the job is no longer theirs to see, nor its events.
    const owner = await s.importer('power');
    const watcher = await s.importer('power');
    await api().patch(`/api/users/${watcher.user.id}`).set(s.admin.auth).send({ role: 'admin', current_password: s.admin.password }).expect(200);
    const watched = await stream(watcher, await ready(owner));
    await api().patch(`/api/users/${watcher.user.id}`).set(s.admin.auth).send({ role: 'power', current_password: s.admin.password }).expect(200);
    expect(await watched.ended).toMatch(/event: end\ndata: \{"reason":"not_found"\}\n\n$/);
    // A job deleted while followed ends its stream the same way.
    const deleted = await ready(owner);
    const afterDelete = await stream(owner, deleted);
    await api().delete(`/api/imports/${deleted}`).set(owner.auth).expect(204);
    expect(await afterDelete.ended).toMatch(/event: end\ndata: \{"reason":"not_found"\}\n\n$/);
  });
});
