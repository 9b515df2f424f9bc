import { adminDatabaseUrl, type Actor, textPdf, waitFor } from '@intake/testing';
import { Client } from 'pg';
import { DocSuite } from './doc-suite';

/**
 * The suite's database refusing connections for a while (a restart, a failover): every request
 * answers a 503 that says so, no service stops, and everything works again once it is back.
 */
describe('a database outage', () => {
  let s: DocSuite;
  let ana: Actor;

  const onDatabase = async (sql: string) => {
    const admin = new Client({ connectionString: adminDatabaseUrl() });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  };
  const name = () => `"${s.suite.db.name}"`;

  beforeAll(async () => {
    s = await DocSuite.start();
    ana = await s.user();
  });
  afterAll(async () => {
    await onDatabase(`ALTER DATABASE ${name()} ALLOW_CONNECTIONS true`).catch(() => undefined);
    await s?.stop();
  });

  it('answers 503 naming the database while it is away, and works again once it is back', async () => {
    await onDatabase(`ALTER DATABASE ${name()} ALLOW_CONNECTIONS false`);
    await onDatabase(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${s.suite.db.name}'`);

    const list = await s.api().get('/api/documents').set(ana.auth);
    expect({ status: list.status, message: list.body.message }).toEqual({ status: 503, message: expect.stringMatching(/database is not reachable/) });
    const login = await s.api().post('/api/auth/login').send({ username: ana.user.username, password: ana.password });
    expect({ status: login.status, message: login.body.message }).toEqual({ status: 503, message: expect.stringMatching(/database is not reachable/) });
    const upload = await s.upload(ana, [{ name: 'during.pdf', bytes: await textPdf(['Invoice during the outage']) }]);
    expect(upload.status).toBe(503);

    await onDatabase(`ALTER DATABASE ${name()} ALLOW_CONNECTIONS true`);
    await waitFor(async () => (await s.api().get('/api/documents').set(ana.auth)).status === 200, 20_000, 200);
    await s.api().post('/api/auth/login').send({ username: ana.user.username, password: ana.password }).expect(200);
    const res = await s.upload(ana, [{ name: 'after.pdf', bytes: await textPdf(['Invoice after the outage']) }]).expect(201);
    expect(await s.until(ana, res.body.documents[0].id)).toMatchObject({ status: 'done' });
    // Nothing of the refused upload was kept.
    expect(s.storedFiles().filter((f) => !f.endsWith(`${res.body.documents[0].id}.pdf`))).toEqual([]);
  });
});
