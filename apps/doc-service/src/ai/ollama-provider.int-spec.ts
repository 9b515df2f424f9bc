import { OllamaDouble, type RecordedRequest } from '@intake/testing';
import { ProviderError } from './classifier';
import { describeLlmProviderContract, invoiceInput, settingsFor } from './llm-provider.contract';
import { createProvider } from './provider-factory';

const KEY = 'ollama-proxy-secret-token';

describeLlmProviderContract({
  label: 'Ollama',
  secret: KEY,
  createDouble: () => new OllamaDouble({ models: ['llama-double:latest'] }),
  // Ollama has no auth of its own; a key is sent as Bearer for a proxy in front, and must stay out of messages too.
  settings: (url, overrides) => settingsFor('ollama', { base_url: url, api_key: KEY, model: 'llama-double', ...overrides }),
  schemaSent: (request: RecordedRequest) => (request.body as { format: unknown }).format,
});

describe('Ollama provider, wire details', () => {
  const double = new OllamaDouble({ models: ['llama-double:latest'] });
  beforeAll(() => double.start());
  afterAll(() => double.stop());
  beforeEach(() => double.reset());

  it('asks for one non-streamed answer with a context large enough for the prompt', async () => {
    double.prose('x');
    const text = 'word '.repeat(4000);
    await createProvider(settingsFor('ollama', { base_url: double.url, model: 'llama-double' })).classify(invoiceInput({ text })).catch(() => undefined);
    const body = double.generationRequests()[0].body as { stream: boolean; options: { num_ctx: number } };
    expect(body.stream).toBe(false);
    expect(body.options.num_ctx).toBeGreaterThan(20_000 / 3);
  });

  it('says when the model is not pulled, on test and on classify', async () => {
    const provider = createProvider(settingsFor('ollama', { base_url: double.url, model: 'mistral' }));
    const tested = (await provider.test().catch((e: unknown) => e)) as ProviderError;
    expect(tested).toMatchObject({ kind: 'not_configured', message: expect.stringContaining('ollama pull mistral') });
    const classified = (await provider.classify(invoiceInput()).catch((e: unknown) => e)) as ProviderError;
    expect(classified).toMatchObject({ kind: 'bad_response', message: `Ollama at ${double.url} answered with an error (404): model "mistral" not found, try pulling it first` });
  });
});

const realUrl = process.env['TEST_OLLAMA_URL'];
const realModel = process.env['TEST_OLLAMA_MODEL'] ?? 'llama3.2';
(realUrl ? describe : describe.skip)(realUrl ? `real Ollama at ${realUrl} (${realModel})` : 'real Ollama (set TEST_OLLAMA_URL and TEST_OLLAMA_MODEL to run)', () => {
  const provider = () => createProvider(settingsFor('ollama', { base_url: realUrl ?? null, model: realModel, timeout_s: 300 }));

  it('classifies an invoice', async () => {
    const outcome = await provider().classify(invoiceInput());
    expect(outcome.classification.document_type.value).toBe('invoice');
    expect(outcome.classification.amount.value).toBe(1230);
    expect(outcome.usage.output_tokens).toBeGreaterThan(0);
  }, 600_000);

  it('passes the connection test', async () => {
    await expect(provider().test()).resolves.toMatchObject({ model: realModel });
  });
});
