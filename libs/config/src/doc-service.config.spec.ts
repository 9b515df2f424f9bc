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

describe('doc-service config: asking a provider again', () => {
  it('asks three more times after 2 s, 4 s, 8 s unless told otherwise; 0 never asks again', () => {
    expect(loadDocServiceConfig({ SECRETS_KEY }).ai.retry).toEqual({ retries: 3, delayMs: 2000 });
    expect(loadDocServiceConfig({ SECRETS_KEY, DOC_AI_RETRIES: '0', DOC_AI_RETRY_DELAY_MS: '250' }).ai.retry).toEqual({ retries: 0, delayMs: 250 });
  });

  it('refuses negative, fractional or huge values, naming the variable', () => {
    for (const [name, value] of [['DOC_AI_RETRIES', '-1'], ['DOC_AI_RETRIES', '11'], ['DOC_AI_RETRIES', '1.5'], ['DOC_AI_RETRY_DELAY_MS', '0'], ['DOC_AI_RETRY_DELAY_MS', '60001']]) {
      expect(() => loadDocServiceConfig({ SECRETS_KEY, [name]: value })).toThrow(new RegExp(name));
    }
  });
});

describe('doc-service config: statement timeout', () => {
  it('cancels a statement after 60 s unless told otherwise; 0 sets none', () => {
    expect(loadDocServiceConfig({ SECRETS_KEY }).database.statementTimeoutMs).toBe(60_000);
    expect(loadDocServiceConfig({ SECRETS_KEY, DB_STATEMENT_TIMEOUT_SECONDS: '0' }).database.statementTimeoutMs).toBe(0);
  });

  it('refuses negative or fractional values, naming the variable', () => {
    for (const value of ['-1', '1.5', 'never']) expect(() => loadDocServiceConfig({ SECRETS_KEY, DB_STATEMENT_TIMEOUT_SECONDS: value })).toThrow(/DB_STATEMENT_TIMEOUT_SECONDS/);
  });
});
