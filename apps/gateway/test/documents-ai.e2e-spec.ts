import { AiSettingsSchema, AiUsageSchema, SuggestionSchema } from '@intake/contracts';
import { type Actor, type AiProtocolDouble, AnthropicDouble, buildClassificationAnswer, freePort, OllamaDouble, OpenAiCompatibleDouble, schemaIssues, textPdf } from '@intake/testing';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DocSuite } from './doc-suite';

const KEY = `sk-ant-api03-${randomUUID()}`;
const HEAD = 'Invoice INV-117\nFrom: Acme Supplies Ltd\nDate: 2024-05-01\nTotal: €1,000.50';
const FILLER = 'The goods were delivered to the Lisbon office and checked against the order on arrival. '.repeat(20);
/** The text of a fresh invoice (unique, so never a duplicate upload), over 500 characters long. */
const invoiceText = () => `${HEAD}\nReference ${randomUUID()}\n${FILLER}`;
/** What the provider was given between the prompt's <document> tags. */
const documentIn = (prompt: string) => /<document>\n([\s\S]*)\n<\/document>/.exec(prompt)?.[1] ?? '';

type Provider = 'anthropic' | 'ollama' | 'lmstudio';

describe('documents: classification with each AI provider, its failures, suggestions and the daily budget', () => {
  let s: DocSuite;
  let ana: Actor;
  const doubles = { anthropic: new AnthropicDouble({ apiKey: KEY }), ollama: new OllamaDouble(), lmstudio: new OpenAiCompatibleDouble() };
  const MODELS: Record<Provider, string> = { anthropic: 'claude-test-model', ollama: 'llama-test:latest', lmstudio: 'lmstudio-test-model' };
  const use = (provider: Provider, extra: Record<string, unknown> = {}) =>
    s.settings({ provider, base_url: doubles[provider].url, model: MODELS[provider], ...(provider === 'anthropic' ? { api_key: KEY } : {}), ...extra });

  /** Uploads a fresh invoice and waits for it to be done or failed. */
  const process = async (text = invoiceText()) => {
    const res = await s.upload(ana, [{ name: `invoice-${randomUUID()}.pdf`, bytes: await textPdf([text]) }]).expect(201);
    return s.until(ana, res.body.documents[0].id);
  };
  const failureOf = async (double: AiProtocolDouble) => {
    const doc = await process();
    expect(double.generationRequests().length).toBeGreaterThan(0);
    return doc;
  };

  beforeAll(async () => {
    await Promise.all(Object.values(doubles).map((d) => d.start()));
    s = await DocSuite.start();
    ana = await s.user();
  });
  afterAll(async () => {
    await s?.stop();
    await Promise.all(Object.values(doubles).map((d) => d.stop()));
  });
  beforeEach(async () => {
    for (const double of Object.values(doubles)) double.reset();
    await s.settings({ provider: 'rules', max_text_chars: 20_000, timeout_s: 60, daily_token_budget: null, categories: ['Office'], document_types: ['invoice', 'receipt', 'contract'] });
  });

  it.each(['anthropic', 'ollama', 'lmstudio'] as const)('classifies with %s from its answer, sending the text capped at max_text_chars', async (provider) => {
    await use(provider, { max_text_chars: 500 });
    const double = doubles[provider];
    double.answer(buildClassificationAnswer(HEAD, { documentType: 'invoice', categories: ['Office'] }));
    const doc = await process();
    expect(doc).toMatchObject({
      status: 'done',
      provider,
      model: MODELS[provider],
      document_type: 'invoice',
      title: 'Invoice INV-117',
      document_date: '2024-05-01',
      amount: 1000.5,
      currency: 'EUR',
      counterparty: 'Acme Supplies Ltd',
      suggested_categories: [expect.objectContaining({ name: 'Office' })],
    });
    expect(doc.fields).toMatchObject({ amount: { value: 1000.5, source: 'ai', snippet: 'Total: €1,000.50' } });
    expect(doc.note).toMatch(new RegExp(`Only the first 500 characters were sent to ${provider}`));
    const [request] = double.generationRequests();
    const sent = documentIn(double.promptOf(request));
    expect(sent).toHaveLength(500);
    expect(sent.startsWith('Invoice INV-117')).toBe(true);
    expect((doc.text as string).length).toBeGreaterThan(500);
    expect((doc.text as string).startsWith(sent)).toBe(true);
  });

  it('classifies with the offline rules provider without calling any model', async () => {
    expect(await process()).toMatchObject({ status: 'done', provider: 'rules', model: 'rules', document_type: 'invoice', failure: null });
    for (const double of Object.values(doubles)) expect(double.requests).toHaveLength(0);
  });

  it('re-processes with the settings of now: rules, then ollama', async () => {
    const first = await process();
    expect(first).toMatchObject({ status: 'done', provider: 'rules', model: 'rules' });
    await use('ollama');
    doubles.ollama.answer(buildClassificationAnswer(HEAD, { documentType: 'receipt' }));
    await s.api().post(`/api/documents/${first.id}/reprocess`).set(ana.auth).expect(202);
    expect(await s.until(ana, first.id as string)).toMatchObject({ status: 'done', provider: 'ollama', model: 'llama-test:latest', document_type: 'receipt' });
    expect(doubles.ollama.generationRequests()).toHaveLength(1);
  });

  it('fails a document the model answers with prose twice, after one corrective retry', async () => {
    await use('ollama');
    doubles.ollama.prose('This looks like an invoice from Acme.').prose('Sure! It is an invoice.');
    const doc = await failureOf(doubles.ollama);
    expect(doc).toMatchObject({ status: 'failed', failure: { kind: 'ai_invalid_output', reason: expect.stringMatching(/prose instead of JSON twice/) } });
    expect(doubles.ollama.generationRequests()).toHaveLength(2);
    // The text was read all the same.
    expect(doc.text).toContain('Invoice INV-117');
    // Two calls, two rows in the call log, each with its own tokens.
    const usage = (await s.api().get('/api/settings/usage').set(s.admin.auth).expect(200)).body as { recent: { document_id: string; outcome: string; tokens_in: number }[] };
    const calls = usage.recent.filter((c) => c.document_id === doc.id);
    expect(calls.map((c) => c.outcome)).toEqual(['invalid_output', 'invalid_output']);
    expect(calls.every((c) => c.tokens_in > 0)).toBe(true);
  });

  it.each([
    [401, 'ai_unauthorized', /refused/, 1],
    // Asked again DOC_AI_RETRIES (3) times before the document fails.
    [429, 'ai_rate_limited', /rate limiting requests \(429\): no way \(4 calls over \d+ s\)/, 4],
  ])('fails a document on an HTTP %i with %s', async (status, kind, reason, calls) => {
    await use('lmstudio');
    for (let i = 0; i < 4; i++) doubles.lmstudio.fail(status, 'no way');
    expect(await failureOf(doubles.lmstudio)).toMatchObject({ status: 'failed', failure: { kind, reason: expect.stringMatching(reason) } });
    expect(doubles.lmstudio.generationRequests()).toHaveLength(calls);
  });

  it('asks the provider again after a rate limit and an overloaded answer, and the document is done', async () => {
    await use('anthropic');
    doubles.anthropic.rateLimit('0').fail(529, 'Overloaded');
    doubles.anthropic.answer(buildClassificationAnswer(HEAD, { documentType: 'invoice' }));
    const doc = await process();
    expect(doc).toMatchObject({ status: 'done', provider: 'anthropic', document_type: 'invoice' });
    const usage = (await s.api().get('/api/settings/usage').set(s.admin.auth).expect(200)).body as { recent: { document_id: string; outcome: string }[] };
    // Newest first, as the settings page lists them.
    expect(usage.recent.filter((c) => c.document_id === doc.id).map((c) => c.outcome)).toEqual(['ok', 'bad_response', 'rate_limited']);
  });

  it('fails a document when the model answers later than timeout_s', async () => {
    await use('anthropic', { timeout_s: 1 });
    doubles.anthropic.delay(5_000);
    const started = Date.now();
    expect(await failureOf(doubles.anthropic)).toMatchObject({ status: 'failed', failure: { kind: 'ai_timeout', reason: expect.stringMatching(/within 1 s/) } });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('fails a document when nothing listens at the base URL, and the worker goes on', async () => {
    await s.settings({ provider: 'ollama', model: 'llama-test', base_url: `http://127.0.0.1:${await freePort()}` });
    expect(await process()).toMatchObject({ status: 'failed', failure: { kind: 'ai_unreachable', reason: expect.stringMatching(/ECONNREFUSED/) } });
    await use('ollama');
    doubles.ollama.answer(buildClassificationAnswer(HEAD));
    expect(await process()).toMatchObject({ status: 'done', provider: 'ollama' });
  });

  it('puts a type outside the configured list on the suggestion list, where an admin accepts it', async () => {
    await use('lmstudio');
    doubles.lmstudio.answer(buildClassificationAnswer(HEAD, { documentType: 'Purchase order', categories: ['Office', 'Hardware'] }));
    const doc = await process();
    expect(doc).toMatchObject({ status: 'done', document_type: null, suggested_categories: [expect.objectContaining({ name: 'Office' })] });
    const suggestions = (await s.api().get('/api/settings/suggestions').set(s.admin.auth).expect(200)).body;
    expect(schemaIssues(z.array(SuggestionSchema), suggestions)).toEqual([]); // as OpenAPI describes it
    expect(suggestions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'document_type', name: 'Purchase order', last_document_id: doc.id }),
        expect.objectContaining({ kind: 'category', name: 'Hardware' }),
      ]),
    );
    const type = suggestions.find((x: { kind: string }) => x.kind === 'document_type');
    const accepted = (await s.api().post(`/api/settings/suggestions/${type.id}/accept`).set(s.admin.auth).expect(200)).body;
    expect(schemaIssues(AiSettingsSchema, accepted)).toEqual([]);
    expect(accepted.document_types).toEqual(['invoice', 'receipt', 'contract', 'Purchase order']);
    expect((await s.api().get('/api/settings').set(s.admin.auth).expect(200)).body.document_types).toContain('Purchase order');
    const left = (await s.api().get('/api/settings/suggestions').set(s.admin.auth).expect(200)).body;
    expect(left.map((x: { name: string }) => x.name)).toEqual(['Hardware']);
    // Now the same answer is a configured type.
    doubles.lmstudio.answer(buildClassificationAnswer(HEAD, { documentType: 'purchase order' }));
    expect(await process()).toMatchObject({ status: 'done', document_type: 'Purchase order' });
  });

  it("stops calling a provider once its own daily token budget is spent, leaves the other providers' budgets alone, and shows the usage", async () => {
    await use('lmstudio');
    const tokensToday = async (provider: Provider) => {
      const usage = (await s.api().get('/api/settings/usage').set(s.admin.auth).expect(200)).body;
      const row = usage.today.find((r: { provider: string }) => r.provider === provider);
      return row ? row.tokens_in + row.tokens_out : 0;
    };
    // One more token than used so far: the next call is allowed and spends it. Ollama gets a roomy budget of its own.
    const budget = (await tokensToday('lmstudio')) + 1;
    const ollamaBudget = (await tokensToday('ollama')) + 1_000_000;
    const saved = await s.settings({ daily_token_budget: { lmstudio: budget, ollama: ollamaBudget } });
    expect(saved.daily_token_budget).toEqual({ anthropic: null, ollama: ollamaBudget, lmstudio: budget });
    doubles.lmstudio.answer(buildClassificationAnswer(HEAD));
    expect(await process()).toMatchObject({ status: 'done', provider: 'lmstudio' });
    expect(await tokensToday('lmstudio')).toBeGreaterThan(budget);
    const calls = doubles.lmstudio.generationRequests().length;
    const over = await process();
    expect(over).toMatchObject({ status: 'failed', failure: { kind: 'ai_budget', reason: expect.stringMatching(new RegExp(`daily token budget for lmstudio \\(${budget}\\)`)) } });
    expect(doubles.lmstudio.generationRequests()).toHaveLength(calls);

    // LM Studio's budget is spent, Ollama's is not: switching provider goes on classifying.
    await use('ollama');
    doubles.ollama.answer(buildClassificationAnswer(HEAD));
    expect(await process()).toMatchObject({ status: 'done', provider: 'ollama' });

    // Raising one provider's budget keeps the others as they were; the refused document goes through on a re-process.
    await use('lmstudio');
    expect((await s.settings({ daily_token_budget: { lmstudio: budget * 10 } })).daily_token_budget).toEqual({ anthropic: null, ollama: ollamaBudget, lmstudio: budget * 10 });
    doubles.lmstudio.answer(buildClassificationAnswer(HEAD));
    await s.api().post(`/api/documents/${over.id}/reprocess`).set(ana.auth).expect(202);
    expect(await s.until(ana, over.id as string)).toMatchObject({ status: 'done', provider: 'lmstudio', failure: null });

    const usage = (await s.api().get('/api/settings/usage').set(s.admin.auth).expect(200)).body;
    expect(schemaIssues(AiUsageSchema, usage)).toEqual([]); // as OpenAPI describes it
    expect(usage.daily_token_budget).toEqual({ anthropic: null, ollama: ollamaBudget, lmstudio: budget * 10 });
    expect(usage.today).toEqual(
      expect.arrayContaining([
        { provider: 'lmstudio', calls: expect.any(Number), tokens_in: expect.any(Number), tokens_out: expect.any(Number) },
        expect.objectContaining({ provider: 'ollama' }),
        expect.objectContaining({ provider: 'anthropic' }),
      ]),
    );
    expect(usage.recent[0]).toMatchObject({ provider: 'lmstudio', model: 'lmstudio-test-model', document_id: over.id, outcome: 'ok', tokens_in: expect.any(Number), tokens_out: expect.any(Number), duration_ms: expect.any(Number) });
    expect(usage.recent[0].tokens_in).toBeGreaterThan(0);
    const outcomes = usage.recent.map((c: { outcome: string }) => c.outcome);
    expect(outcomes).toEqual(expect.arrayContaining(['ok', 'invalid_output', 'unauthorized', 'rate_limited', 'timeout', 'unreachable']));
    const limited = usage.recent.find((c: { outcome: string; provider: string }) => c.outcome === 'rate_limited' && c.provider === 'lmstudio');
    expect(limited).toMatchObject({ model: 'lmstudio-test-model', error: expect.stringMatching(/429/) });
  });
});
