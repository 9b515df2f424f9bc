import { OllamaDouble, OpenAiCompatibleDouble, type RecordedRequest } from '@intake/testing';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

  it('says an empty answer given twice is one, not prose', async () => {
    double.prose('');
    double.prose('');
    const failed = (await createProvider(settingsFor('ollama', { base_url: double.url, model: 'llama-double' })).classify(invoiceInput()).catch((e: unknown) => e)) as ProviderError;
    expect(failed).toMatchObject({ kind: 'invalid_output', message: 'the model gave an empty answer twice' });
  });

  it('says when the model is not pulled, on test and on classify', async () => {
    const provider = createProvider(settingsFor('ollama', { base_url: double.url, model: 'mistral' }));
    const tested = (await provider.test().catch((e: unknown) => e)) as ProviderError;
    expect(tested).toMatchObject({ kind: 'not_configured', message: expect.stringContaining('ollama pull mistral') });
    const classified = (await provider.classify(invoiceInput()).catch((e: unknown) => e)) as ProviderError;
    expect(classified).toMatchObject({ kind: 'bad_response', message: `Ollama at ${double.url} answered with an error (404): model "mistral" not found, try pulling it first` });
  });
});

describe('Ollama provider pointed at a server of another kind', () => {
  // An OpenAI-compatible server (LM Studio) with a key: its errors are `{error: {message}}`, not Ollama's `{error: "…"}`.
  const other = new OpenAiCompatibleDouble({ apiKey: 'lm-key' });
  beforeAll(() => other.start());
  afterAll(() => other.stop());

  it("says what it answered, on test and on classify, in its own error shape", async () => {
    const provider = createProvider(settingsFor('ollama', { base_url: other.url, model: 'llama-double' }));
    const tested = (await provider.test().catch((e: unknown) => e)) as ProviderError;
    expect(tested).toBeInstanceOf(ProviderError);
    expect(tested).toMatchObject({ kind: 'unauthorized', message: expect.stringContaining('Incorrect API key provided.') });
    const classified = (await provider.classify(invoiceInput()).catch((e: unknown) => e)) as ProviderError;
    expect(classified).toBeInstanceOf(ProviderError);
    expect(classified).toMatchObject({ kind: 'unauthorized', message: expect.stringContaining('Incorrect API key provided.') });
  });

  it('says a model list without models is no Ollama answer', async () => {
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"object":"list","data":[]}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const tested = (await createProvider(settingsFor('ollama', { base_url: url, model: 'llama-double' })).test().catch((e: unknown) => e)) as ProviderError;
      expect(tested).toMatchObject({ kind: 'bad_response', message: expect.stringMatching(/answered its model list without models: is the server at that address Ollama\?$/) });
    } finally {
      server.close();
    }
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
