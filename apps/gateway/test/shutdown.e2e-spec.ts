import { Actors, pdfPartHead, stopProcess, TestSuite, textPdf } from '@intake/testing';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import request from 'supertest';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once nothing accepts connections at `url` any more: the server has begun closing. */
async function stoppedListening(url: string): Promise<void> {
  const { hostname, port } = new URL(url);
  for (;;) {
    const refused = await new Promise<boolean>((resolve) => {
      const probe = connect(Number(port), hostname);
      probe.once('connect', () => (probe.destroy(), resolve(false)));
      probe.once('error', () => resolve(true));
    });
    if (refused) return;
    await sleep(20);
  }
}

/** What stopService answered: the service ended by itself on SIGTERM, within a few seconds. */
function expectPromptStop(stopped: { signal: string | null; ms: number } | null): void {
  expect({ killed: stopped?.signal === 'SIGKILL', quick: (stopped?.ms ?? Infinity) < 4000 }).toEqual({ killed: false, quick: true });
}

/** A stop (SIGTERM, as npm start's Ctrl-C, systemd or Kubernetes send) is a prompt, clean exit. */
describe('stopping the services', () => {
  let suite: TestSuite;

  beforeAll(async () => {
    suite = await TestSuite.start();
  });
  afterAll(() => suite?.stop());

  it('stops each service by itself within a few seconds after it has served requests, never killed', async () => {
    const admin = await new Actors(suite).admin();
    // Every service answers something first: a NATS listener that has served requests is what used to hang.
    await request(suite.url).get('/api/users').set(admin.auth).expect(200);
    await request(suite.url).get('/api/imports').set(admin.auth).expect(200);
    await request(suite.url).get('/api/documents').set(admin.auth).expect(200);
    for (const name of ['doc-service', 'import-service', 'auth-service', 'gateway'] as const) {
      const stopped = await suite.stopService(name);
      expect({ name, killed: stopped?.signal === 'SIGKILL' }).toEqual({ name, killed: false });
      expect(stopped?.ms).toBeLessThan(4000);
    }
  });
});

describe('stopping the gateway while a request is under way', () => {
  let suite: TestSuite;

  beforeAll(async () => {
    suite = await TestSuite.start();
  });
  afterAll(() => suite?.stop());

  it('answers it, closes that connection and exits promptly, though idle connections are kept 65 s', async () => {
    const socket = connect(Number(new URL(suite.url).port), '127.0.0.1');
    await once(socket, 'connect');
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('error', () => undefined);
    // Headers not complete when the stop comes, as from a reverse proxy's pool of upstream connections.
    socket.write('GET /api/health/live HTTP/1.1\r\nHost: intake\r\n');
    const stopping = suite.stopService('gateway');
    await stoppedListening(suite.url);
    socket.write('\r\n');
    const stopped = await stopping;
    socket.destroy();
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(answer).toMatch(/\r\nConnection: close\r\n/i);
    expectPromptStop(stopped);
  });
});

describe('stopping the gateway while an upload streams through it to doc-service', () => {
  let suite: TestSuite;

  beforeAll(async () => {
    suite = await TestSuite.start();
  });
  afterAll(() => suite?.stop());

  it('lets the upload finish and answers it before exiting', async () => {
    const admin = await new Actors(suite).admin();
    const boundary = 'shutdown-boundary';
    const pdf = await textPdf([`Uploaded while the gateway stops ${Date.now()}`]);
    const req = httpRequest(`${suite.url}/api/documents`, { method: 'POST', headers: { ...admin.auth, 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' } });
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
    });
    req.write(pdfPartHead(boundary, 'late.pdf'));
    req.write(pdf.subarray(0, 100));
    // The body is on its way to doc-service when the stop comes; the rest follows after it.
    await sleep(300);
    const stopping = suite.stopService('gateway');
    await stoppedListening(suite.url);
    req.end(Buffer.concat([pdf.subarray(100), Buffer.from(`\r\n--${boundary}--\r\n`)]));
    const { status, body } = await answered;
    expect({ status, file: JSON.parse(body).documents?.[0]?.file_name }).toEqual({ status: 201, file: 'late.pdf' });
    expectPromptStop(await stopping);
  });
});

describe('stopping with event streams open', () => {
  let suite: TestSuite;

  beforeAll(async () => {
    suite = await TestSuite.start();
  });
  afterAll(() => suite?.stop());

  /** Opens the documents event stream at `base`; `ended` settles when the stream ends. */
  const openStream = async (base: string, authorization: string): Promise<{ ended: Promise<string> }> => {
    const res = await fetch(`${base}/api/documents/events`, { headers: { authorization } });
    if (res.status !== 200 || !res.body) throw new Error(`the event stream answered ${res.status}`);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes(': connected')) text += decoder.decode((await reader.read()).value);
    const ended = (async () => {
      for (;;) {
        const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (done) return 'ended';
        text += decoder.decode(value);
      }
    })();
    return { ended };
  };

  it('ends them, so neither the gateway nor doc-service waits for a browser to leave', async () => {
    const admin = await new Actors(suite).admin();
    const throughGateway = await openStream(suite.url, admin.auth.authorization);
    const stoppedGateway = await suite.stopService('gateway');
    expectPromptStop(stoppedGateway);
    expect(await throughGateway.ended).toBe('ended');

    const direct = await openStream(`http://127.0.0.1:${suite.docServicePort}`, admin.auth.authorization);
    const stoppedDocService = await suite.stopService('doc-service');
    expectPromptStop(stoppedDocService);
    expect(await direct.ended).toBe('ended');
  });
});

describe('stopping the gateway while an event stream is being opened', () => {
  let suite: TestSuite;
  let authorization: string;

  beforeAll(async () => {
    suite = await TestSuite.start();
    authorization = (await new Actors(suite).admin()).auth.authorization;
  });
  afterAll(() => suite?.stop());

  /** Holds `pid` still (SIGSTOP) while `stop` begins, so a request in flight is answered only after the stop began. */
  const whileHeld = async (pid: number, request: () => Promise<Response>, stop: () => Promise<{ signal: string | null; ms: number } | null>) => {
    await stopProcess(pid);
    const answer = request().catch((error: unknown) => error);
    await sleep(500);
    const stopping = stop();
    await sleep(500);
    process.kill(pid, 'SIGCONT');
    const stopped = await stopping;
    const res = await answer;
    if (res instanceof Response) await res.body?.cancel().catch(() => undefined);
    return stopped;
  };

  it('ends a stream whose answer from doc-service comes after the stop began', async () => {
    const docService = suite.pid('doc-service') ?? 0;
    const stopped = await whileHeld(docService, () => fetch(`${suite.url}/api/documents/events`, { headers: { authorization } }), () => suite.stopService('gateway'));
    expectPromptStop(stopped);
  });
});
