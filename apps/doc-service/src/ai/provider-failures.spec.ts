import { httpFailure, redact, retryAfterMs, transportFailure } from './provider-failures';

const ctx = { label: 'Anthropic', timeoutS: 30 };
/** A response's headers as the providers read them. */
const headers = (values: Record<string, string>) => (name: string) => new Headers(values).get(name);

describe('provider failures that may pass', () => {
  it.each([
    [429, 'rate_limited'],
    [408, 'timeout'],
    [504, 'timeout'],
    [500, 'bad_response'],
    [502, 'bad_response'],
    [503, 'bad_response'],
    [529, 'bad_response'],
  ] as const)('marks HTTP %i (%s) as one that may pass', (status, kind) => {
    const error = httpFailure(status, 'busy', ctx, undefined, headers({ 'retry-after': '7' }));
    expect(error.kind).toBe(kind);
    expect(error.passing).toEqual({ retryAfterMs: 7000 });
  });

  it.each([400, 401, 403, 404, 413, 422, 501])('does not ask again after HTTP %i', (status) => {
    expect(httpFailure(status, 'no', ctx, undefined, headers({ 'retry-after': '1' })).passing).toBeNull();
  });

  it('reads Retry-After as seconds or an HTTP date, and ignores what it cannot read', () => {
    const now = Date.parse('2026-11-27T10:00:00Z');
    expect(retryAfterMs('0', now)).toBe(0);
    expect(retryAfterMs(' 12 ', now)).toBe(12_000);
    expect(retryAfterMs('Fri, 27 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Fri, 27 Nov 2026 09:59:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs('-5', now)).toBeNull();
    expect(retryAfterMs(undefined, now)).toBeNull();
    expect(httpFailure(429, 'slow', ctx).passing).toEqual({ retryAfterMs: null });
  });

  it('prefers retry-after-ms, in milliseconds, to Retry-After', () => {
    expect(httpFailure(429, 'slow', ctx, undefined, headers({ 'retry-after-ms': '1500.5', 'retry-after': '2' })).passing).toEqual({ retryAfterMs: 1501 });
    expect(httpFailure(429, 'slow', ctx, undefined, headers({ 'retry-after-ms': 'soon', 'retry-after': '2' })).passing).toEqual({ retryAfterMs: 2000 });
  });

  it('does what x-should-retry says, except after a refused key', () => {
    expect(httpFailure(500, 'will fail again', ctx, undefined, headers({ 'x-should-retry': 'false' })).passing).toBeNull();
    expect(httpFailure(409, 'lock timeout', ctx, undefined, headers({ 'x-should-retry': 'true', 'retry-after-ms': '250' })).passing).toEqual({ retryAfterMs: 250 });
    expect(httpFailure(409, 'conflict', ctx).passing).toBeNull();
    expect(httpFailure(401, 'bad key', ctx, undefined, headers({ 'x-should-retry': 'true' })).passing).toBeNull();
  });

  it('asks again after a dropped connection, not after a refused one or an unknown host', () => {
    const coded = (code: string) => Object.assign(new Error('fetch failed'), { cause: { code } });
    expect(transportFailure(coded('ECONNRESET'), ctx).passing).toEqual({ retryAfterMs: null });
    expect(transportFailure(coded('ECONNREFUSED'), ctx).passing).toBeNull();
    expect(transportFailure(coded('ENOTFOUND'), ctx).passing).toBeNull();
  });
});

describe('redact', () => {
  const key = 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz';
  it('takes out every copy of the key, and a copy a length cap cut short', () => {
    expect(redact(`sent ${key}; again ${key}.`, key)).toBe('sent [redacted]; again [redacted].');
    const capped = `you sent: Bearer ${key}`.slice(0, 35);
    expect(capped).toContain(key.slice(0, 12));
    expect(redact(capped, key)).toBe('you sent: Bearer [redacted]');
    expect(redact(`${capped} (after 2 calls)`, key)).toBe('you sent: Bearer [redacted] (after 2 calls)');
    // Fewer than its first eight characters give nothing away (every such key starts so).
    expect(redact('keys look like sk-ant-', key)).toBe('keys look like sk-ant-');
    expect(redact('no key here', null)).toBe('no key here');
  });
});
