import { type StreamEndReason, watchStreamAccess } from './stream-access';

/** Resolves with the reason the watch ended for, and when. */
function ended(): { promise: Promise<{ reason: StreamEndReason; atMs: number }>; onEnd: (reason: StreamEndReason) => void } {
  let resolve!: (value: { reason: StreamEndReason; atMs: number }) => void;
  const promise = new Promise<{ reason: StreamEndReason; atMs: number }>((r) => (resolve = r));
  return { promise, onEnd: (reason) => resolve({ reason, atMs: Date.now() }) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('watchStreamAccess', () => {
  it('ends with "expired" when the token\'s exp (seconds) passes, not before', async () => {
    // Access tokens live at least 60 s (JWT_EXPIRES_IN_SECONDS), too long for an e2e test to wait for.
    const exp = Math.floor(Date.now() / 1000) + 2;
    const end = ended();
    let checks = 0;
    watchStreamAccess({ claims: { exp }, recheckMs: 100, check: async () => (checks++, null), onEnd: end.onEnd, onCheckFailed: () => undefined });
    const { reason, atMs } = await end.promise;
    expect(reason).toBe('expired');
    expect(atMs).toBeGreaterThanOrEqual(exp * 1000);
    expect(atMs).toBeLessThan(exp * 1000 + 500);
    expect(checks).toBeGreaterThan(5);
  });

  it('ends a stream whose token has already expired, after returning stop', async () => {
    const end = ended();
    const stop = watchStreamAccess({ claims: { exp: Math.floor(Date.now() / 1000) - 1 }, recheckMs: 60_000, check: async () => null, onEnd: end.onEnd, onCheckFailed: () => undefined });
    expect(typeof stop).toBe('function');
    expect((await end.promise).reason).toBe('expired');
  });

  it('keeps the stream open while a re-check cannot answer, and ends it once one says the session is over', async () => {
    const end = ended();
    const failures: unknown[] = [];
    let calls = 0;
    const check = async (): Promise<StreamEndReason | null> => {
      calls++;
      if (calls <= 3) throw new Error('auth service is not running');
      return calls === 4 ? null : 'revoked';
    };
    watchStreamAccess({ claims: { exp: Math.floor(Date.now() / 1000) + 3600 }, recheckMs: 50, check, onEnd: end.onEnd, onCheckFailed: (e) => failures.push(e) });
    expect((await end.promise).reason).toBe('revoked');
    expect(failures).toHaveLength(3);
    expect(calls).toBe(5);
  });

  it('never ends a stream after stop (the client went away)', async () => {
    const reasons: StreamEndReason[] = [];
    let checks = 0;
    const stop = watchStreamAccess({
      claims: { exp: Math.floor(Date.now() / 1000) },
      recheckMs: 20,
      check: async () => (checks++, 'app_removed'),
      onEnd: (reason) => reasons.push(reason),
      onCheckFailed: () => undefined,
    });
    stop();
    await sleep(1200);
    expect(reasons).toEqual([]);
    expect(checks).toBe(0);
  });
});
