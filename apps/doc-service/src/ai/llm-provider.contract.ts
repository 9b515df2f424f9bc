// The cases every LLM provider must pass against its protocol double; each provider's spec runs them.
import { type AiProtocolDouble, buildClassificationAnswer, freePort, type RecordedRequest } from '@intake/testing';
import { type AiSettings, DEFAULT_AI_SETTINGS } from '@intake/contracts';
import { type AiProvider, type ClassifyInput, type ModelCall, ProviderError } from './classifier';
import { MODEL_ANSWER_JSON_SCHEMA } from './classification-schema';
import { createProvider } from './provider-factory';
import { RetryAbandoned } from './retry-passing';
import { type AddressInfo } from 'node:net';
import { createServer } from 'node:http';

export const INVOICE_TEXT = [
  'INVOICE No. 2024-0042',
  'From: Acme Widgets Ltd',
  'Bill to: Jane Doe',
  'Date: 2024-03-12',
  'Widgets x 10          1,000.00',
  'VAT 23%                 230.00',
  'Total: € 1,230.00',
].join('\n');

export const invoiceInput = (overrides: Partial<ClassifyInput> = {}): ClassifyInput => ({
  text: INVOICE_TEXT,
  fileName: 'acme-0042.pdf',
  pageCount: 1,
  documentTypes: ['invoice', 'receipt', 'contract', 'other'],
  categories: ['Office', 'Utilities'],
  ...overrides,
});

export interface LlmProviderHarness {
  /** As the provider names itself in messages: 'Ollama', 'LM Studio', 'Anthropic'. */
  label: string;
  createDouble: () => AiProtocolDouble;
  /** Settings pointing at `url`; `secret` is the API key the harness gives the provider. */
  settings: (url: string, overrides?: Partial<AiSettings>) => AiSettings;
  secret: string;
  /** The JSON schema as the request carried it (format, response_format, tool input_schema). */
  schemaSent: (request: RecordedRequest) => unknown;
}

export const settingsFor = (provider: AiSettings['provider'], overrides: Partial<AiSettings>): AiSettings => ({ ...DEFAULT_AI_SETTINGS, provider, ...overrides });

async function failure(run: Promise<unknown>): Promise<ProviderError> {
  const error = await run.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

export function describeLlmProviderContract(h: LlmProviderHarness): void {
  describe(`${h.label} provider against its protocol double`, () => {
    let double: AiProtocolDouble;
    let provider: AiProvider;
    const make = (overrides: Partial<AiSettings> = {}) => createProvider(h.settings(double.url, overrides));

    beforeAll(async () => {
      double = await h.createDouble().start();
    });
    afterAll(() => double?.stop());
    beforeEach(() => {
      double.reset();
      provider = make();
    });

    it('turns a good answer into a classification, sending the prompt and the schema', async () => {
      double.answer(buildClassificationAnswer(INVOICE_TEXT, { documentType: 'Invoice', categories: ['office'] }));
      const outcome = await provider.classify(invoiceInput());
      const c = outcome.classification;
      expect(c.document_type).toMatchObject({ value: 'invoice', snippet: 'INVOICE No. 2024-0042' });
      expect(c.date.value).toBe('2024-03-12');
      expect(c.amount.value).toBe(1230);
      expect(c.currency.value).toBe('EUR');
      expect(c.counterparty.value).toBe('Acme Widgets Ltd');
      expect(c.categories).toEqual([{ name: 'Office', confidence: 0.7, snippet: 'INVOICE No. 2024-0042' }]);
      expect(c.proposed_types).toEqual([]);
      expect(outcome).toMatchObject({ provider: provider.name, model: provider.model, attempts: 1, truncated: false });
      expect(outcome.usage.input_tokens).toBeGreaterThan(0);
      expect(outcome.usage.output_tokens).toBeGreaterThan(0);
      const [request] = double.generationRequests();
      expect(double.generationRequests()).toHaveLength(1);
      expect(h.schemaSent(request)).toEqual(MODEL_ANSWER_JSON_SCHEMA);
      expect(double.promptOf(request)).toContain('Total: € 1,230.00');
      expect(double.promptOf(request)).toContain('"invoice", "receipt", "contract", "other"');
    });

    it('moves a type and categories outside the lists to the proposals', async () => {
      double.answer(buildClassificationAnswer(INVOICE_TEXT, { documentType: 'payslip', categories: ['Salary', 'utilities'] }));
      const { classification: c } = await provider.classify(invoiceInput());
      expect(c.document_type).toEqual({ value: null, confidence: 0, snippet: null });
      expect(c.proposed_types).toEqual(['payslip']);
      expect(c.categories.map((x) => x.name)).toEqual(['Utilities']);
      expect(c.proposed_categories).toEqual(['Salary']);
    });

    it('accepts JSON inside a ```json fence', async () => {
      double.prose('```json\n' + JSON.stringify(buildClassificationAnswer(INVOICE_TEXT)) + '\n```');
      const outcome = await provider.classify(invoiceInput());
      expect(outcome.classification.document_type.value).toBe('invoice');
      expect(outcome.attempts).toBe(1);
    });

    it('retries once after prose, then fails with invalid_output carrying both calls’ usage', async () => {
      const prose = 'This looks like an invoice from Acme Widgets. '.repeat(10);
      double.prose(prose).prose(prose);
      const error = await failure(provider.classify(invoiceInput()));
      expect(error.kind).toBe('invalid_output');
      expect(error.message).toBe(`the model answered prose instead of JSON twice: ${prose.trim().slice(0, 200)}`);
      expect(double.generationRequests()).toHaveLength(2);
      expect(error.usage?.input_tokens).toBeGreaterThan(0);
      const retry = double.promptOf(double.generationRequests()[1]);
      expect(retry).toContain('could not be used: it was not a JSON object');
    });

    it('succeeds on the retry after prose, counting 2 attempts', async () => {
      double.prose('Sure! Here is the classification you asked for.').answer(buildClassificationAnswer(INVOICE_TEXT));
      const outcome = await provider.classify(invoiceInput());
      expect(outcome.attempts).toBe(2);
      expect(outcome.classification.document_type.value).toBe('invoice');
      expect(double.generationRequests()).toHaveLength(2);
    });

    it('tells of each call as it ends, the corrective retry being one of its own, and a refused one too', async () => {
      const calls: ModelCall[] = [];
      const onCall = async (call: ModelCall) => void calls.push(call);
      double.prose('Sure! Here is the classification you asked for.').answer(buildClassificationAnswer(INVOICE_TEXT));
      const outcome = await provider.classify(invoiceInput({ onCall }));
      expect(calls.map((c) => [c.outcome, c.error?.slice(0, 22) ?? null])).toEqual([
        ['invalid_output', 'prose instead of JSON:'],
        ['ok', null],
      ]);
      for (const call of calls) {
        expect(call.usage.input_tokens).toBeGreaterThan(0);
        expect(call.durationMs).toBeGreaterThanOrEqual(0);
      }
      expect(calls[0].usage.input_tokens + calls[1].usage.input_tokens).toBe(outcome.usage.input_tokens);
      calls.length = 0;
      double.fail(429, 'slow down');
      await failure(provider.classify(invoiceInput({ onCall })));
      expect(calls).toEqual([expect.objectContaining({ outcome: 'rate_limited', error: expect.stringMatching(/429/) })]);
    });

    it('retries once after JSON that does not match the schema', async () => {
      const wrong = buildClassificationAnswer(INVOICE_TEXT, { overrides: { date: { value: '12/03/2024', confidence: 0.9, snippet: 'Date' } } });
      double.answer(wrong).answer(buildClassificationAnswer(INVOICE_TEXT));
      const outcome = await provider.classify(invoiceInput());
      expect(outcome.attempts).toBe(2);
      expect(double.promptOf(double.generationRequests()[1])).toContain('date.value');
    });

    it('caps the text at max_text_chars and says so in the prompt', async () => {
      const text = `${'a'.repeat(600)}AFTER-THE-CAP${'b'.repeat(5000)}`;
      provider = make({ max_text_chars: 600 });
      double.answer(buildClassificationAnswer(text, { documentType: 'other' }));
      const outcome = await provider.classify(invoiceInput({ text }));
      const prompt = double.promptOf(double.generationRequests()[0]);
      expect(prompt).toContain('a'.repeat(600));
      expect(prompt).not.toContain('AFTER-THE-CAP');
      expect(prompt).toContain('truncated to its first 600 of 5613 characters');
      expect(outcome.truncated).toBe(true);
    });

    it.each([
      [401, 'unauthorized'],
      [403, 'unauthorized'],
      [429, 'rate_limited'],
      [500, 'bad_response'],
      [503, 'bad_response'],
    ] as const)('maps HTTP %i to %s, with the API’s message and without the key', async (status, kind) => {
      double.fail(status, `upstream says no (key ${h.secret})`);
      const error = await failure(provider.classify(invoiceInput()));
      expect(error.kind).toBe(kind);
      expect(error.message).toContain(h.label);
      expect(error.message).toContain(`(${status})`);
      expect(error.message).toContain('upstream says no');
      expect(error.message).not.toContain(h.secret);
      expect(double.generationRequests()).toHaveLength(1);
    });

    it('keeps the key out of what a page in front of the API echoed (a proxy error page), in the failure and in the call log', async () => {
      const calls: ModelCall[] = [];
      double.page(200, '<html>Proxy error; you sent: {credential}</html>');
      const error = await failure(provider.classify(invoiceInput({ onCall: async (call) => void calls.push(call) })));
      expect(error.kind).toBe('bad_response');
      expect(double.generationRequests().length).toBeGreaterThanOrEqual(1);
      expect(error.message).toContain(h.label);
      expect(error.message).not.toContain(h.secret);
      expect(calls.length).toBeGreaterThanOrEqual(1);
      for (const call of calls) expect(call.error).not.toContain(h.secret.slice(0, 8));
    });

    it('asks again after a 429, waiting what its Retry-After says, and tells of each call', async () => {
      const calls: ModelCall[] = [];
      double.rateLimit('1', `slow down (key ${h.secret})`);
      double.answer(buildClassificationAnswer(INVOICE_TEXT, { documentType: 'invoice' }));
      const started = Date.now();
      const outcome = await provider.classify(invoiceInput({ retry: { retries: 2, delayMs: 10 }, onCall: async (call) => void calls.push(call) }));
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(outcome.classification.document_type.value).toBe('invoice');
      expect(double.generationRequests()).toHaveLength(2);
      expect(calls.map((c) => c.outcome)).toEqual(['rate_limited', 'ok']);
      expect(calls[0].error).not.toContain(h.secret);
    });

    it('does what x-should-retry says and waits what retry-after-ms asks', async () => {
      const retry = { retries: 2, delayMs: 10 };
      double.fail(500, 'will fail again', undefined, { 'x-should-retry': 'false' }).answer(buildClassificationAnswer(INVOICE_TEXT));
      expect((await failure(provider.classify(invoiceInput({ retry })))).message).toContain('will fail again');
      expect(double.generationRequests()).toHaveLength(1);

      double.reset();
      double.fail(409, 'lock timeout', undefined, { 'x-should-retry': 'true', 'retry-after-ms': '600', 'retry-after': '30' });
      double.answer(buildClassificationAnswer(INVOICE_TEXT, { documentType: 'invoice' }));
      const started = Date.now();
      const outcome = await provider.classify(invoiceInput({ retry }));
      expect(Date.now() - started).toBeGreaterThanOrEqual(600);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(outcome.classification.document_type.value).toBe('invoice');
      expect(double.generationRequests()).toHaveLength(2);
    });

    it('asks again after a dropped connection; a refused connection, its own timeout and a refused key it does not', async () => {
      double.closeSocket();
      double.answer(buildClassificationAnswer(INVOICE_TEXT, { documentType: 'invoice' }));
      const retry = { retries: 3, delayMs: 10 };
      await expect(provider.classify(invoiceInput({ retry }))).resolves.toMatchObject({ provider: provider.name });
      expect(double.generationRequests()).toHaveLength(2);

      double.reset();
      double.fail(401, 'bad key').answer(buildClassificationAnswer(INVOICE_TEXT));
      expect((await failure(provider.classify(invoiceInput({ retry })))).kind).toBe('unauthorized');
      double.reset();
      double.delay(3000);
      expect((await failure(make({ timeout_s: 0.3 }).classify(invoiceInput({ retry })))).kind).toBe('timeout');
      expect(double.generationRequests()).toHaveLength(1);
      const closed = `http://127.0.0.1:${await freePort()}`;
      const refused = await failure(createProvider(h.settings(closed)).classify(invoiceInput({ retry })));
      expect(refused.kind).toBe('unreachable');
      expect(refused.message).not.toContain('calls over');
    });

    it('does not ask again when the connection drops in the middle of an answer: the request was taken', async () => {
      double.cutAnswer().answer(buildClassificationAnswer(INVOICE_TEXT));
      const error = await failure(provider.classify(invoiceInput({ retry: { retries: 3, delayMs: 10 } })));
      expect(error.kind).toBe('bad_response');
      expect(error.message).toContain('in the middle of its answer');
      expect(double.generationRequests()).toHaveLength(1);
    });

    it('gives up after the retries with the last failure, and at once when the wait asked for is too long', async () => {
      double.fail(503, 'busy').fail(529, 'overloaded').fail(500, 'broken');
      const error = await failure(provider.classify(invoiceInput({ retry: { retries: 2, delayMs: 10 } })));
      expect(error.kind).toBe('bad_response');
      expect(error.message).toMatch(/\(500\): broken \(3 calls over \d+ s\)$/);
      expect(double.generationRequests()).toHaveLength(3);

      double.reset();
      double.rateLimit('3600');
      const started = Date.now();
      const limited = await failure(provider.classify(invoiceInput({ retry: { retries: 2, delayMs: 10 } })));
      expect(limited.kind).toBe('rate_limited');
      expect(limited.message).toContain('it asked to wait 3600 s, more than the 60 s a document waits');
      expect(Date.now() - started).toBeLessThan(2000);
      expect(double.generationRequests()).toHaveLength(1);
    });

    it('stops waiting to ask again when the caller cancels, or with RetryAbandoned when the service stops', async () => {
      const retry = { retries: 2, delayMs: 5000 };
      double.fail(503, 'busy');
      const controller = new AbortController();
      // Cancelled once the first call has failed and been told of: the wait is what is cut short.
      const onCall = async () => controller.abort();
      const started = Date.now();
      const error = await failure(provider.classify(invoiceInput({ retry, onCall }), controller.signal));
      expect(error.message).toMatch(/\(503\): busy$/);
      expect(Date.now() - started).toBeLessThan(2000);

      double.fail(503, 'busy');
      const stopping = new AbortController();
      const stopped = await provider.classify(invoiceInput({ retry, onCall: async () => stopping.abort(), stop: stopping.signal })).catch((e: unknown) => e);
      expect(stopped).toBeInstanceOf(RetryAbandoned);
      expect((stopped as RetryAbandoned).after.message).toContain('(503)');
      expect(Date.now() - started).toBeLessThan(4000);
      expect(double.generationRequests()).toHaveLength(2);
    });

    it('gives up after timeout_s', async () => {
      provider = make({ timeout_s: 0.3 });
      double.delay(3000);
      const started = Date.now();
      const error = await failure(provider.classify(invoiceInput()));
      expect(error.kind).toBe('timeout');
      expect(error.message).toContain('did not answer within 0.3 s');
      expect(Date.now() - started).toBeLessThan(2500);
    });

    it('reports a cancellation by the caller', async () => {
      double.delay(3000);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const error = await failure(provider.classify(invoiceInput(), controller.signal));
      expect(error.kind).toBe('timeout');
      expect(error.message).toContain('cancelled');
    });

    it('reports a refused connection as unreachable', async () => {
      const closed = `http://127.0.0.1:${await freePort()}`;
      const error = await failure(createProvider(h.settings(closed)).classify(invoiceInput()));
      expect(error.kind).toBe('unreachable');
      expect(error.message).toMatch(/refused the connection/);
      expect(error.message).not.toContain(h.secret);
    });

    it('does not follow a redirect, which would take the key elsewhere', async () => {
      const redirecting = createServer((req, res) => res.writeHead(307, { location: `${double.url}${req.url}` }).end());
      await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
      try {
        const error = await failure(createProvider(h.settings(`http://127.0.0.1:${(redirecting.address() as AddressInfo).port}`)).classify(invoiceInput()));
        expect(error.message).toMatch(/answered with a redirect, which is not followed/);
        expect(double.requests).toEqual([]);
      } finally {
        redirecting.close();
      }
    });

    it('reports a dropped connection as a bad response', async () => {
      double.closeSocket();
      const error = await failure(provider.classify(invoiceInput()));
      expect(error.kind).toBe('bad_response');
      expect(error.message).toContain('closed the connection');
    });

    it('tests the connection and the model', async () => {
      await expect(provider.test()).resolves.toMatchObject({ model: provider.model });
    });

    it('is not_configured without a model name', async () => {
      const error = await failure(make({ model: '' }).classify(invoiceInput()));
      expect(error.kind).toBe('not_configured');
    });
  });
}
