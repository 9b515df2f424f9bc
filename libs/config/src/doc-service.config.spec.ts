import { loadDocServiceConfig } from './doc-service.config';

const SECRETS_KEY = Buffer.alloc(32, 7).toString('base64');

describe('doc-service config: event stream re-check', () => {
  it('re-checks every 30 s unless told otherwise', () => {
    expect(loadDocServiceConfig({ SECRETS_KEY }).events.recheckMs).toBe(30_000);
    expect(loadDocServiceConfig({ SECRETS_KEY, DOC_EVENTS_RECHECK_SECONDS: '1' }).events.recheckMs).toBe(1000);
  });

  it('refuses zero, fractions and anything over an hour, naming the variable', () => {
    for (const value of ['0', '1.5', '3601', 'soon']) {
      expect(() => loadDocServiceConfig({ SECRETS_KEY, DOC_EVENTS_RECHECK_SECONDS: value })).toThrow(/DOC_EVENTS_RECHECK_SECONDS/);
    }
  });
});
