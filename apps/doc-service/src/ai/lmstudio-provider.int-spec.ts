import { OpenAiCompatibleDouble, type RecordedRequest } from '@intake/testing';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProviderError } from './classifier';
import { describeLlmProviderContract, invoiceInput, settingsFor } from './llm-provider.contract';
import { createProvider } from './provider-factory';

const KEY = 'lm-studio-secret-token-1234';

describeLlmProviderContract({
  label: 'LM Studio',
  secret: KEY,
  createDouble: () => new OpenAiCompatibleDouble({ models: ['qwen-double'], apiKey: KEY }),
  settings: (url, overrides) => settingsFor('lmstudio', { base_url: url, api_key: KEY, model: 'qwen-double', ...overrides }),
  schemaSent: (request: RecordedRequest) => (request.body as { response_format: { json_schema: { schema: unknown } } }).response_format.json_schema.schema,
});

describe('LM Studio provider, wire details', () => {
  const double = new OpenAiCompatibleDouble({ models: ['qwen-double'] });
  beforeAll(() => double.start());
  afterAll(() => double.stop());
  beforeEach(() => double.reset());

  it('accepts a base URL ending in /v1 and asks for strict json_schema output', async () => {
    double.prose('x').prose('y');
    await createProvider(settingsFor('lmstudio', { base_url: `${double.url}/v1/`, model: 'qwen-double' })).classify(invoiceInput()).catch(() => undefined);
    const [request] = double.generationRequests();
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers['authorization']).toBeUndefined();
    expect(request.body).toMatchObject({ stream: false, response_format: { type: 'json_schema', json_schema: { name: 'document_classification', strict: true } } });
  });

  it('names a web page where the API should answer, instead of showing its markup', async () => {
    const page = createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><head><title>Router login</title></head><body><script>x()</script></body></html>'));
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
      const error = (await createProvider(settingsFor('lmstudio', { base_url: url, model: 'qwen-double' })).test().catch((e: unknown) => e)) as ProviderError;
      expect(error.message).toContain('a web page ("Router login"), not the API: is the base URL right?');
      expect(error.message).not.toContain('<');
    } finally {
      page.close();
    }
  });

  it('never shows the user and password a base URL carries', async () => {
    const error = (await createProvider(settingsFor('lmstudio', { base_url: 'http://someone:s3cret-pw@127.0.0.1:1', model: 'qwen-double' })).test().catch((e: unknown) => e)) as ProviderError;
    expect(error.message).toMatch(/^LM Studio at http:\/\/127\.0\.0\.1:1 could not be reached/);
    expect(error.message).not.toMatch(/s3cret|someone/);
  });

  it('says when the model is not loaded', async () => {
    const error = (await createProvider(settingsFor('lmstudio', { base_url: double.url, model: 'other' })).test().catch((e: unknown) => e)) as ProviderError;
    expect(error).toMatchObject({ kind: 'not_configured', message: expect.stringContaining('it has: qwen-double') });
  });
});

const realUrl = process.env['TEST_LMSTUDIO_URL'];
const realModel = process.env['TEST_LMSTUDIO_MODEL'] ?? '';
(realUrl && realModel ? describe : describe.skip)(
  realUrl ? `real LM Studio at ${realUrl} (${realModel})` : 'real LM Studio (set TEST_LMSTUDIO_URL and TEST_LMSTUDIO_MODEL to run)',
  () => {
    const provider = () => createProvider(settingsFor('lmstudio', { base_url: realUrl ?? null, model: realModel, timeout_s: 300 }));

    it('classifies an invoice', async () => {
      const outcome = await provider().classify(invoiceInput());
      expect(outcome.classification.document_type.value).toBe('invoice');
      expect(outcome.classification.amount.value).toBe(1230);
    }, 600_000);

    it('passes the connection test', async () => {
      await expect(provider().test()).resolves.toMatchObject({ model: realModel });
    });
  },
);
