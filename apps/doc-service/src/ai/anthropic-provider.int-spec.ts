import { AnthropicDouble, type RecordedRequest } from '@intake/testing';
import { ProviderError } from './classifier';
import { describeLlmProviderContract, invoiceInput, settingsFor } from './llm-provider.contract';
import { createProvider } from './provider-factory';

const KEY = 'sk-ant-api03-double-secret-key';

describeLlmProviderContract({
  label: 'Anthropic',
  secret: KEY,
  createDouble: () => new AnthropicDouble({ apiKey: KEY, models: ['claude-double'] }),
  settings: (url, overrides) => settingsFor('anthropic', { base_url: url, api_key: KEY, model: 'claude-double', ...overrides }),
  schemaSent: (request: RecordedRequest) => (request.body as { tools: Array<{ input_schema: unknown }> }).tools[0].input_schema,
});

describe('Anthropic provider, wire details', () => {
  const double = new AnthropicDouble({ apiKey: KEY, models: ['claude-double'] });
  beforeAll(() => double.start());
  afterAll(() => double.stop());
  beforeEach(() => double.reset());

  it('sends the key (as bearer) and version headers and forces the one tool', async () => {
    double.prose('Hi');
    await createProvider(settingsFor('anthropic', { base_url: double.url, api_key: KEY, model: 'claude-double' })).classify(invoiceInput()).catch(() => undefined);
    const [request] = double.generationRequests();
    // SDK 1.x sends the key as a bearer token; older ones used x-api-key. The double accepts both, like the API.
    expect([request.headers['x-api-key'], request.headers['authorization']]).toContain(`Bearer ${KEY}`);
    expect(request.headers['anthropic-version']).toBeTruthy();
    expect(request.body).toMatchObject({ model: 'claude-double', tool_choice: { type: 'tool', name: 'record_classification' } });
  });

  it('is refused by the real check of x-api-key, and says so without the key', async () => {
    const wrong = 'sk-ant-api03-wrong-key-000000';
    const error = (await createProvider(settingsFor('anthropic', { base_url: double.url, api_key: wrong, model: 'claude-double' }))
      .classify(invoiceInput())
      .catch((e: unknown) => e)) as ProviderError;
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toBe(`Anthropic at ${double.url} refused the API key (401): invalid x-api-key`);
    expect(error.message).not.toContain(wrong);
  });

  it('maps 529 overloaded to bad_response with the API message', async () => {
    double.fail(529, 'Overloaded');
    const error = (await createProvider(settingsFor('anthropic', { base_url: double.url, api_key: KEY, model: 'claude-double' }))
      .classify(invoiceInput())
      .catch((e: unknown) => e)) as ProviderError;
    expect(error).toMatchObject({ kind: 'bad_response', message: `Anthropic at ${double.url} is overloaded (529): Overloaded` });
  });

  it('is not_configured without an API key', async () => {
    const error = (await createProvider(settingsFor('anthropic', { base_url: double.url, api_key: null, model: 'claude-double' }))
      .test()
      .catch((e: unknown) => e)) as ProviderError;
    expect(error.kind).toBe('not_configured');
  });
});

// The same success path against the real API: TEST_ANTHROPIC_API_KEY (+ TEST_ANTHROPIC_BASE_URL, TEST_ANTHROPIC_MODEL).
const realKey = process.env['TEST_ANTHROPIC_API_KEY'];
const realModel = process.env['TEST_ANTHROPIC_MODEL'] ?? 'claude-haiku-4-5';
const realUrl = process.env['TEST_ANTHROPIC_BASE_URL'] ?? null;
(realKey ? describe : describe.skip)(realKey ? `real Anthropic (${realModel}) at ${realUrl ?? 'api.anthropic.com'}` : 'real Anthropic (set TEST_ANTHROPIC_API_KEY to run)', () => {
  const provider = () => createProvider(settingsFor('anthropic', { base_url: realUrl, api_key: realKey ?? null, model: realModel, timeout_s: 120 }));

  it('classifies an invoice', async () => {
    const outcome = await provider().classify(invoiceInput());
    expect(outcome.classification.document_type.value).toBe('invoice');
    expect(outcome.classification.date.value).toBe('2024-03-12');
    expect(outcome.classification.amount.value).toBe(1230);
    expect(outcome.usage.input_tokens).toBeGreaterThan(0);
  });

  it('passes the connection test, saying what it spent', async () => {
    const result = await provider().test();
    expect(result).toMatchObject({ detail: expect.stringContaining('accepted the key') });
    expect(result.usage?.input_tokens).toBeGreaterThan(0);
  });
});
