import { type Actor, waitFor } from '@intake/testing';
import { DocSuite } from './doc-suite';

/**
 * GET /api/documents/events read through the gateway with fetch, as a browser would. Which
 * documents a stream carries is tested in documents-access; here, when the server ends it.
 */
class OpenStream {
  text = '';
  closed = false;
  private readonly abort = new AbortController();

  static async open(s: DocSuite, who: Actor): Promise<OpenStream> {
    const stream = new OpenStream();
    const res = await fetch(`${s.suite.url}/api/documents/events`, { headers: who.auth, signal: stream.abort.signal });
    if (res.status !== 200 || !res.body) throw new Error(`the stream did not open: ${res.status} ${await res.text()}`);
    void stream.read(res.body.getReader());
    // ': connected' comes once doc-service has checked the token and subscribed.
    await waitFor(() => stream.text.includes(': connected'));
    return stream;
  }

  private async read(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        this.text += decoder.decode(value, { stream: true });
      }
      this.closed = true;
    } catch {
      // aborted by the test
    }
  }

  /** Waits for the server to close the stream and answers the reason of its last event. */
  async endReason(timeoutMs = 5000): Promise<string> {
    await waitFor(() => this.closed, timeoutMs);
    const last = this.text.trimEnd().split('\n\n').at(-1) ?? '';
    const match = /^event: end\ndata: (.*)$/.exec(last);
    if (!match) throw new Error(`the stream closed without an end event; it ended with: ${JSON.stringify(last)}`);
    return (JSON.parse(match[1]) as { reason: string }).reason;
  }

  close(): void {
    this.abort.abort();
  }
}

describe('documents: the event stream ends when access does', () => {
  let s: DocSuite;
  const streams: OpenStream[] = [];
  const open = async (who: Actor) => {
    const stream = await OpenStream.open(s, who);
    streams.push(stream);
    return stream;
  };

  beforeAll(async () => {
    s = await DocSuite.start({ DOC_EVENTS_RECHECK_SECONDS: '1' });
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await s?.stop();
  });

  it('ends with "app_removed" once an admin takes the documents app away', async () => {
    const ana = await s.user();
    const stream = await open(ana);
    await s.api().delete(`/api/app-permissions/${ana.user.id}/documents`).set(s.admin.auth).expect(204);
    expect(await stream.endReason()).toBe('app_removed');
    // The client would get nothing back by reconnecting.
    expect((await fetch(`${s.suite.url}/api/documents/events`, { headers: ana.auth })).status).toBe(403);
  });

  it('ends with "revoked" when the account is deactivated or its password is reset', async () => {
    const [deactivated, reset] = await Promise.all([s.user(), s.user()]);
    const [deactivatedStream, resetStream] = await Promise.all([open(deactivated), open(reset)]);
    await s.api().patch(`/api/users/${deactivated.user.id}`).set(s.admin.auth).send({ is_active: false }).expect(200);
    await s.api().patch(`/api/users/${reset.user.id}`).set(s.admin.auth).send({ password: `New-${reset.password}` }).expect(200);
    expect(await deactivatedStream.endReason()).toBe('revoked');
    expect(await resetStream.endReason()).toBe('revoked');
  });

  it('ends with "revoked" when the user logs out with the token the stream was opened with', async () => {
    const cleo = await s.user();
    const stream = await open(cleo);
    await s.api().post('/api/auth/logout').set(cleo.auth).expect(204);
    expect(await stream.endReason()).toBe('revoked');
  });

  // Expiry ("expired") is tested in libs/messaging's stream-access.spec.ts: tokens live at least 60 s.

  it('stays open while auth-service cannot be asked, logging no token, and checks again once it is back', async () => {
    const bea = await s.user();
    const stream = await open(bea);
    await s.suite.stopService('auth-service');
    try {
      // Each failed re-check logs a warning: two of them mean the stream outlived two intervals.
      await waitFor(() => (s.suite.logs('doc-service').match(/could not re-check an event stream/g) ?? []).length >= 2, 15_000);
      expect(stream.closed).toBe(false);
      expect(stream.text).not.toContain('event: end');
      expect(s.suite.logs('doc-service')).not.toContain(bea.token);
    } finally {
      await s.suite.startService('auth-service');
      await s.suite.waitUntilHealthy();
    }
    await s.api().delete(`/api/app-permissions/${bea.user.id}/documents`).set(s.admin.auth).expect(204);
    expect(await stream.endReason()).toBe('app_removed');
  });
});
