import { type AiSettings, AiSettingsSchema } from '@intake/contracts';
import { buildClassificationAnswer, OpenAiCompatibleDouble, waitFor } from '@intake/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { docsTestDatabase, type DocsTestDatabase } from '../docs-test-database';
import { SuggestionsRepository } from '../suggestions/suggestions.repository';
import { AiCallsRepository } from './ai-calls.repository';
import { DocumentClassifier } from './document-classifier';
import { ModelAnswersRepository } from './model-answers.repository';
import { ProcessingRepository } from './processing.repository';
import { BudgetExceededError, TokenBudget } from './token-budget';
import { ProviderError } from '../ai/classifier';
import { RetryAbandoned } from '../ai/retry-passing';

const TEXT = 'Invoice INV-9\nFrom: Acme Supplies Ltd\nDate: 2024-05-01\nTotal: €90.00';
const DOCUMENT = { text: TEXT, fileName: 'inv-9.pdf', pageCount: 1 };
/** Short waits, so that asking again after a failure in passing takes milliseconds here. */
const RETRY = { retries: 2, delayMs: 20 };

describe('DocumentClassifier on a real database: a model answer is paid for once per processing request', () => {
  let db: DocsTestDatabase;
  let ds: DataSource;
  let classifier: DocumentClassifier;
  const double = new OpenAiCompatibleDouble();
  let settings: AiSettings;

  beforeAll(async () => {
    await double.start();
    db = await docsTestDatabase();
    ds = db.ds;
    const calls = new AiCallsRepository(ds);
    classifier = new DocumentClassifier(calls, new SuggestionsRepository(ds), new ModelAnswersRepository(ds), new TokenBudget(ds, calls), { ai: { retry: RETRY } });
    settings = AiSettingsSchema.parse({ provider: 'lmstudio', base_url: double.url, model: 'lmstudio-test-model', categories: ['Office'] });
  });
  afterAll(async () => {
    await db?.close();
    await double.stop();
  });
  beforeEach(() => double.reset());

  const newDocument = async () => {
    const id = randomUUID();
    await ds.query(`INSERT INTO docs.documents (id, owner_id, file_name, storage_key, size_bytes, sha256) VALUES ($1, $2, 'inv-9.pdf', $3, 10, $4)`, [
      id,
      randomUUID(),
      `k/${id}`,
      id.replace(/-/g, '').padEnd(64, '0'),
    ]);
    return id;
  };
  const answers = () => double.answer(buildClassificationAnswer(TEXT, { documentType: 'invoice', categories: ['Office'] }));
  const kept = async (id: string) => (await ds.query('SELECT generation FROM docs.model_answers WHERE document_id = $1', [id])) as { generation: number }[];

  it('answers the same request again from the kept answer, without a second call or a second logged call', async () => {
    const id = await newDocument();
    answers();
    const first = await classifier.classify({ id, generation: 1 }, DOCUMENT, settings);
    expect(first.classification.document_type.value).toBe('invoice');
    expect(double.generationRequests()).toHaveLength(1);
    expect(await kept(id)).toEqual([{ generation: 1 }]);

    // The job delivered again after a crash before the results were saved: nothing queued at the double (it would answer 500).
    const again = await classifier.classify({ id, generation: 1 }, DOCUMENT, settings);
    expect(again).toEqual(first);
    expect(double.generationRequests()).toHaveLength(1);
    expect(await ds.query('SELECT count(*)::int AS n FROM docs.ai_calls WHERE document_id = $1', [id])).toEqual([{ n: 1 }]);
  });

  it('asks again for a new processing request, other settings or another text', async () => {
    const id = await newDocument();
    for (let i = 0; i < 4; i++) answers();
    await classifier.classify({ id, generation: 1 }, DOCUMENT, settings);
    await classifier.classify({ id, generation: 2 }, DOCUMENT, settings);
    expect(await kept(id)).toEqual([{ generation: 2 }]);
    await classifier.classify({ id, generation: 2 }, DOCUMENT, { ...settings, categories: ['Office', 'Travel'] });
    await classifier.classify({ id, generation: 2 }, { ...DOCUMENT, text: `${TEXT}\nPage two` }, { ...settings, categories: ['Office', 'Travel'] });
    expect(double.generationRequests()).toHaveLength(4);

    await classifier.classify({ id, generation: 2 }, { ...DOCUMENT, text: `${TEXT}\nPage two` }, { ...settings, categories: ['Office', 'Travel'] });
    expect(double.generationRequests()).toHaveLength(4);
  });

  it('keeps an answer that quotes a NUL or an unpaired surrogate from the document', async () => {
    const id = await newDocument();
    const odd = `${TEXT}\nRef\u0000 7 \ud800 end`;
    const answer = buildClassificationAnswer(TEXT, { documentType: 'invoice' });
    double.answer({ ...answer, summary: { value: 'Ref\u0000 7 \ud800', confidence: 0.5, snippet: 'Ref\u0000 7 \ud800 end' } });
    const first = await classifier.classify({ id, generation: 1 }, { ...DOCUMENT, text: odd }, settings);
    expect(await kept(id)).toEqual([{ generation: 1 }]);
    expect(await classifier.classify({ id, generation: 1 }, { ...DOCUMENT, text: odd }, settings)).toEqual(first);
    expect(double.generationRequests()).toHaveLength(1);
  });

  it('forgets the answer when the results are saved or the document fails (also as stale), not a newer request\'s', async () => {
    const processing = new ProcessingRepository(ds);
    const done = await newDocument();
    answers();
    await classifier.classify({ id: done, generation: 1 }, DOCUMENT, settings);
    await processing.claim(done, 1, false);
    expect(await processing.finish(done, 1, { pageCount: 1, pagesRead: 1, text: TEXT, textTruncated: false, note: null, ai: { fields: {}, categories: [] }, values: { document_type: null, title: null, document_date: null, amount: null, currency: null, counterparty: null, summary: null }, provider: 'lmstudio', model: 'm' }, 'simple')).toBe(true);
    expect(await kept(done)).toEqual([]);

    const failed = await newDocument();
    answers();
    await classifier.classify({ id: failed, generation: 1 }, DOCUMENT, settings);
    expect(await processing.fail(failed, 1, 'unstorable', 'no', 'simple')).not.toBeNull();
    expect(await kept(failed)).toEqual([]);

    const stale = await newDocument();
    answers();
    await classifier.classify({ id: stale, generation: 1 }, DOCUMENT, settings);
    await processing.claim(stale, 1, false);
    await ds.query(`UPDATE docs.documents SET updated_at = now() - interval '1 hour' WHERE id = $1`, [stale]);
    expect((await processing.failStaleProcessing(60_000, 'stale', 'simple')).map((d) => d.id)).toContain(stale);
    expect(await kept(stale)).toEqual([]);

    // The final write of an older request (superseded by a re-process) leaves the newer one's answer.
    const newer = await newDocument();
    await ds.query('UPDATE docs.documents SET generation = 2 WHERE id = $1', [newer]);
    answers();
    await classifier.classify({ id: newer, generation: 2 }, DOCUMENT, settings);
    expect(await processing.fail(newer, 1, 'internal', 'late', 'simple')).toBeNull();
    expect(await kept(newer)).toEqual([{ generation: 2 }]);
  });

  it('makes a call wait for one under way when together they would cross the daily budget, and refuses it once that one spent it', async () => {
    const long = { ...DOCUMENT, text: `${TEXT}\n${'Delivered to the Lisbon office. '.repeat(600)}` };
    const tight = { ...settings, max_text_chars: 20_000, daily_token_budget: { anthropic: null, ollama: null, lmstudio: 6000 } };
    await ds.query(`DELETE FROM docs.ai_calls WHERE provider = 'lmstudio'`);
    const answer = buildClassificationAnswer(TEXT, { documentType: 'invoice' });
    double.delay(500, { kind: 'answer', body: answer, usage: { input_tokens: 6000, output_tokens: 400 } });
    double.answer(answer);
    const results = await Promise.allSettled([newDocument(), newDocument()].map(async (id) => classifier.classify({ id: await id, generation: 1 }, long, tight)));
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason).toBeInstanceOf(BudgetExceededError);
    expect(double.generationRequests()).toHaveLength(1);
    expect(await ds.query('SELECT count(*)::int AS n FROM docs.ai_budget_holds')).toEqual([{ n: 0 }]);
  });

  const loggedCalls = async (id: string) =>
    ((await ds.query('SELECT outcome FROM docs.ai_calls WHERE document_id = $1 ORDER BY id', [id])) as { outcome: string }[]).map((c) => c.outcome);

  it('asks again after a rate limit and an overloaded server, as the service is configured, logging every call', async () => {
    const id = await newDocument();
    double.rateLimit('0').fail(503, 'overloaded, try later');
    answers();
    const outcome = await classifier.classify({ id, generation: 1 }, DOCUMENT, settings);
    expect(outcome.classification.document_type.value).toBe('invoice');
    expect(double.generationRequests()).toHaveLength(3);
    expect(await loggedCalls(id)).toEqual(['rate_limited', 'bad_response', 'ok']);
  });

  it('fails with the last failure once the retries are spent, saying how many calls it made; a refused key is not asked again', async () => {
    const id = await newDocument();
    double.fail(503, 'down').fail(502, 'still down').fail(500, 'broken');
    const error = await classifier.classify({ id, generation: 1 }, DOCUMENT, settings).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toMatch(/failed \(500\): broken \(3 calls over \d+ s\)$/);
    expect(await loggedCalls(id)).toEqual(['bad_response', 'bad_response', 'bad_response']);

    double.reset();
    const other = await newDocument();
    double.fail(401, 'invalid key');
    await expect(classifier.classify({ id: other, generation: 1 }, DOCUMENT, settings)).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(double.generationRequests()).toHaveLength(1);
    expect(await ds.query('SELECT count(*)::int AS n FROM docs.ai_budget_holds')).toEqual([{ n: 0 }]);
  });

  it('leaves a document to the queue when the service stops during a wait to ask again, its failed call logged and its budget hold released', async () => {
    const id = await newDocument();
    double.fail(503, 'busy');
    const stopping = new AbortController();
    const slow = new DocumentClassifier(new AiCallsRepository(ds), new SuggestionsRepository(ds), new ModelAnswersRepository(ds), new TokenBudget(ds, new AiCallsRepository(ds)), {
      ai: { retry: { retries: 2, delayMs: 30_000 } },
    });
    const budgeted = { ...settings, daily_token_budget: { anthropic: null, ollama: null, lmstudio: 10_000_000 } };
    const outcome = slow.classify({ id, generation: 1 }, DOCUMENT, budgeted, stopping.signal).catch((e: unknown) => e);
    await waitFor(async () => (await loggedCalls(id)).length === 1);
    stopping.abort();
    expect(await outcome).toBeInstanceOf(RetryAbandoned);
    expect(await loggedCalls(id)).toEqual(['bad_response']);
    expect(await ds.query('SELECT count(*)::int AS n FROM docs.ai_budget_holds')).toEqual([{ n: 0 }]);
  });

  it('keeps nothing for the offline rules, and a deleted document takes its kept answer with it', async () => {
    const ruled = await newDocument();
    await classifier.classify({ id: ruled, generation: 1 }, DOCUMENT, { ...settings, provider: 'rules' });
    expect(await kept(ruled)).toEqual([]);

    const id = await newDocument();
    answers();
    await classifier.classify({ id, generation: 1 }, DOCUMENT, settings);
    await ds.query('DELETE FROM docs.documents WHERE id = $1', [id]);
    expect(await kept(id)).toEqual([]);
  });
});
