import { type Actor, adminQuery, pdfPartHead, stopProcess, textPdf, waitFor } from '@intake/testing';
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { Client } from 'pg';
import { DocSuite } from './doc-suite';

/**
 * Dependencies away for a while: the database refusing connections (a restart, a failover) makes
 * every request answer a 503 that says so, and NATS pausing loses no upload; no service stops, and
 * everything works again once they are back.
 */
const STATEMENT_TIMEOUT_S = 3;
/** Past the queue's own wait for NATS to confirm a job (below), which doc-service answers after. */
const PROXY_TIMEOUT_S = 12;

describe('dependency outages', () => {
  let s: DocSuite;
  let ana: Actor;

  const name = () => `"${s.suite.db.name}"`;

  beforeAll(async () => {
    // A pull the worker made while NATS stalled can be answered into an inbox it no longer reads: the
    // job then comes again after the ack wait (60 s by default), here after 5.
    // Short statement and proxy timeouts, so that a lock or a hang is answered in seconds here.
    s = await DocSuite.start({ DOC_WORKER_ACK_WAIT_SECONDS: '5', DB_STATEMENT_TIMEOUT_SECONDS: String(STATEMENT_TIMEOUT_S), DOC_SERVICE_TIMEOUT_SECONDS: String(PROXY_TIMEOUT_S) });
    ana = await s.user();
  });
  afterAll(async () => {
    await adminQuery(`ALTER DATABASE ${name()} ALLOW_CONNECTIONS true`).catch(() => undefined);
    await s?.stop();
  });

  it('answers 503 naming the database while it is away, and works again once it is back', async () => {
    await adminQuery(`ALTER DATABASE ${name()} ALLOW_CONNECTIONS false`);
    await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${s.suite.db.name}'`);

    const list = await s.api().get('/api/documents').set(ana.auth);
    expect({ status: list.status, message: list.body.message }).toEqual({ status: 503, message: expect.stringMatching(/database is not reachable/) });
    const login = await s.api().post('/api/auth/login').send({ username: ana.user.username, password: ana.password });
    expect({ status: login.status, message: login.body.message }).toEqual({ status: 503, message: expect.stringMatching(/database is not reachable/) });
    const upload = await s.upload(ana, [{ name: 'during.pdf', bytes: await textPdf(['Invoice during the outage']) }]);
    expect(upload.status).toBe(503);

    await adminQuery(`ALTER DATABASE ${name()} ALLOW_CONNECTIONS true`);
    await waitFor(async () => (await s.api().get('/api/documents').set(ana.auth)).status === 200, 20_000, 200);
    await s.api().post('/api/auth/login').send({ username: ana.user.username, password: ana.password }).expect(200);
    const res = await s.upload(ana, [{ name: 'after.pdf', bytes: await textPdf(['Invoice after the outage']) }]).expect(201);
    expect(await s.until(ana, res.body.documents[0].id)).toMatchObject({ status: 'done' });
    // Nothing of the refused upload was kept.
    expect(s.storedFiles().filter((f) => !f.endsWith(`${res.body.documents[0].id}.pdf`))).toEqual([]);
  });

  it('answers 503 in seconds while a long operation locks the documents, not when the lock goes, and works again after', async () => {
    const locker = new Client({ connectionString: s.suite.db.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE docs.documents IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const list = await s.api().get('/api/documents').set(ana.auth);
      expect({ status: list.status, message: list.body.message, retry: list.headers['retry-after'] }).toEqual({
        status: 503,
        message: expect.stringMatching(/database did not answer in time/),
        retry: '5',
      });
      expect(Date.now() - started).toBeLessThan(PROXY_TIMEOUT_S * 1000);
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
    await s.api().get('/api/documents').set(ana.auth).expect(200);
  });

  it('answers 504 naming the wait when doc-service hangs, and works again once it goes on', async () => {
    const pid = s.suite.pid('doc-service');
    if (!pid) throw new Error('the suite has no doc-service process id');
    await s.api().get('/api/documents').set(ana.auth).expect(200);
    await stopProcess(pid);
    let list;
    const started = Date.now();
    try {
      list = await s.api().get('/api/documents').set(ana.auth);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    expect({ status: list.status, message: list.body.message }).toEqual({ status: 504, message: `The document service did not answer within ${PROXY_TIMEOUT_S} s; try again shortly` });
    expect(Date.now() - started).toBeGreaterThanOrEqual(PROXY_TIMEOUT_S * 1000 - 100);
    await waitFor(async () => (await s.api().get('/api/documents').set(ana.auth)).status === 200, 20_000, 200);
  }, 60_000);

  /** A plain request through the gateway: status, and the body as it came (supertest would buffer and retry nothing, but hides the timing). */
  const raw = (path: string, options: { method?: string; headers?: Record<string, string> }, write?: (req: ReturnType<typeof httpRequest>) => Promise<void>, onFirstByte?: () => Promise<void>) =>
    new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
      const req = httpRequest(`${s.suite.url}${path}`, { method: options.method ?? 'GET', headers: { ...ana.auth, ...options.headers } }, (res) => {
        const chunks: Buffer[] = [];
        let first = true;
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          if (!first || !onFirstByte) return;
          first = false;
          res.pause();
          void onFirstByte().then(() => res.resume(), reject);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      if (write) void write(req).catch(reject);
      else req.end();
    });
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('waits for a client that pauses its upload longer than the wait on doc-service, and takes it once it goes on', async () => {
    const boundary = 'paused-boundary';
    const pdf = await textPdf([`Invoice sent in two halves ${Date.now()}`]);
    const res = await raw('/api/documents', { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }, async (req) => {
      req.write(pdfPartHead(boundary, 'paused.pdf'));
      req.write(pdf.subarray(0, 100));
      await sleep((PROXY_TIMEOUT_S + 2) * 1000);
      req.end(Buffer.concat([pdf.subarray(100), Buffer.from(`\r\n--${boundary}--\r\n`)]));
    });
    expect(res.status).toBe(201);
    expect(JSON.parse(res.body.toString()).documents).toEqual([expect.objectContaining({ file_name: 'paused.pdf' })]);
  }, 60_000);

  it('lets a download under way wait for doc-service, however long it pauses, and delivers every byte', async () => {
    // Large enough not to fit in the sockets' buffers: doc-service is still sending when it stops.
    const bytes = Buffer.concat([await textPdf(['A large original']), randomBytes(16 * 1024 * 1024)]);
    const up = await s.upload(ana, [{ name: 'large.pdf', bytes }]).expect(201);
    const id = up.body.documents[0].id as string;
    const pid = s.suite.pid('doc-service') as number;
    const res = await raw(`/api/documents/${id}/download`, {}, undefined, async () => {
      await stopProcess(pid);
      try {
        await sleep((PROXY_TIMEOUT_S + 2) * 1000);
      } finally {
        process.kill(pid, 'SIGCONT');
      }
    });
    expect(res.status).toBe(200);
    expect(res.body.equals(bytes)).toBe(true);
  }, 90_000);

  it('answers 504 when doc-service hangs on a request that asked to continue first (Expect: 100-continue)', async () => {
    const pid = s.suite.pid('doc-service') as number;
    await stopProcess(pid);
    let res;
    try {
      res = await raw('/api/documents', { headers: { expect: '100-continue' } });
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    expect(res.status).toBe(504);
    expect(JSON.parse(res.body.toString()).message).toMatch(/did not answer within/);
    await waitFor(async () => (await s.api().get('/api/documents').set(ana.auth)).status === 200, 20_000, 200);
  }, 60_000);

  /**
   * Uploads one PDF with NATS stopped (SIGSTOP) as doc-service queues its job: both token checks are
   * behind the request by then. `then` runs once the answer came, NATS still stopped.
   */
  async function uploadDuringStall(name: string, then: (pid: number) => Promise<void>) {
    const pid = s.suite.nats.pid;
    if (!pid) throw new Error('the suite has no NATS process id');
    const boundary = 'outage-boundary';
    const pdf = await textPdf([`Invoice queued while NATS stalled ${Date.now()}`]);
    let stalledAt = 0;
    let res: { status: number; body: Buffer };
    try {
      res = await raw('/api/documents', { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }, async (req) => {
        req.write(pdfPartHead(boundary, name));
        req.write(pdf);
        await sleep(1000);
        await stopProcess(pid);
        stalledAt = Date.now();
        req.end(`\r\n--${boundary}--\r\n`);
      });
    } finally {
      await then(pid);
    }
    return { status: res.status, answeredAfterMs: Date.now() - stalledAt, doc: JSON.parse(res.body.toString()).documents?.[0] };
  }

  it('keeps an upload queued, not failed, when NATS stalls as it is queued, and processes it once NATS goes on', async () => {
    const { status, answeredAfterMs, doc } = await uploadDuringStall('stalled.pdf', async (pid) => void process.kill(pid, 'SIGCONT'));
    expect(status).toBe(201);
    // One wait for NATS to confirm (5 s), not a second one asking after the stream.
    expect(answeredAfterMs).toBeLessThan(9_000);
    expect(doc).toMatchObject({ file_name: 'stalled.pdf', status: 'queued' });
    expect(await s.until(ana, doc.id, ['done', 'failed'], 60_000)).toMatchObject({ status: 'done' });
  }, 90_000);

  it('queues again within seconds a job NATS lost in the stall (it died unread), and the document ends done', async () => {
    const { status, doc } = await uploadDuringStall('lost.pdf', async (pid) => {
      // The job sits unread in the stopped server's socket: killed, the server never stores it.
      process.kill(pid, 'SIGKILL');
      await s.suite.nats.restart(0);
    });
    expect({ status, doc: doc?.status }).toEqual({ status: 201, doc: 'queued' });
    // Not the stale-document sweep's ten minutes.
    expect(await s.until(ana, doc.id, ['done', 'failed'], 60_000)).toMatchObject({ status: 'done' });
  }, 120_000);
});
