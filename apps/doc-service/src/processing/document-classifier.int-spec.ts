import { type AiSettings, AiSettingsSchema } from '@intake/contracts';
import { buildClassificationAnswer, OpenAiCompatibleDouble } from '@intake/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { docsTestDatabase, type DocsTestDatabase } from '../docs-test-database';
import { SuggestionsRepository } from '../suggestions/suggestions.repository';
import { AiCallsRepository } from './ai-calls.repository';
import { DocumentClassifier } from './document-classifier';
import { ModelAnswersRepository } from './model-answers.repository';

const TEXT = 'Invoice INV-9\nFrom: Acme Supplies Ltd\nDate: 2024-05-01\nTotal: €90.00';
const DOCUMENT = { text: TEXT, fileName: 'inv-9.pdf', pageCount: 1 };

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
    classifier = new DocumentClassifier(new AiCallsRepository(ds), new SuggestionsRepository(ds), new ModelAnswersRepository(ds));
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

  it('asks again for a new processing request, other settings or another text, and forgets the answer once the results are saved', async () => {
    const id = await newDocument();
    for (let i = 0; i < 4; i++) answers();
    await classifier.classify({ id, generation: 1 }, DOCUMENT, settings);
    await classifier.classify({ id, generation: 2 }, DOCUMENT, settings);
    expect(await kept(id)).toEqual([{ generation: 2 }]);
    await classifier.classify({ id, generation: 2 }, DOCUMENT, { ...settings, categories: ['Office', 'Travel'] });
    await classifier.classify({ id, generation: 2 }, { ...DOCUMENT, text: `${TEXT}\nPage two` }, { ...settings, categories: ['Office', 'Travel'] });
    expect(double.generationRequests()).toHaveLength(4);

    const outcome = await classifier.classify({ id, generation: 2 }, { ...DOCUMENT, text: `${TEXT}\nPage two` }, { ...settings, categories: ['Office', 'Travel'] });
    expect(double.generationRequests()).toHaveLength(4);
    await classifier.answered(outcome, id);
    expect(await kept(id)).toEqual([]);
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
