import { blankPagesPdf, buildClassificationAnswer, OpenAiCompatibleDouble, textPdf, waitFor } from '@intake/testing';
import { Client } from 'pg';
import { DocSuite } from './doc-suite';

describe('documents: a worker killed mid-document', () => {
  let s: DocSuite;
  const lmstudio = new OpenAiCompatibleDouble();

  // A short ack wait, so JetStream hands the unfinished document on within seconds; reading is not
  // cut at its usual 60 s, which 6,000 pages can pass on a machine busy with other suites (this is about redelivery).
  beforeAll(async () => {
    await lmstudio.start();
    s = await DocSuite.start({ DOC_WORKER_ACK_WAIT_SECONDS: '2', DOC_EXTRACT_TIMEOUT_SECONDS: '140' });
  });
  afterAll(async () => {
    await s?.stop();
    await lmstudio.stop();
  });

  const restart = async () => {
    await s.suite.startService('doc-service');
    await s.suite.waitUntilHealthy();
  };

  it('is redelivered to the restarted worker, which finishes the document', async () => {
    const ana = await s.user();
    await s.settings({ max_pages: 10_000 });
    // Thousands of pages keep the worker busy long enough to be killed while it reads them.
    const [doc] = (await s.upload(ana, [{ name: 'long.pdf', bytes: await blankPagesPdf(6_000) }]).expect(201)).body.documents;
    await s.until(ana, doc.id, ['processing']);
    await s.suite.killService('doc-service');
    await restart();
    const done = await s.until(ana, doc.id, ['done', 'failed'], 90_000);
    expect(done).toMatchObject({ status: 'done', page_count: 6000, pages_read: 6000 });
    // The restarted service goes on with new work as usual.
    const [next] = (await s.upload(ana, [{ name: 'next.pdf', bytes: await textPdf(['After the restart']) }]).expect(201)).body.documents;
    expect(await s.until(ana, next.id)).toMatchObject({ status: 'done' });
    // Reading 6,000 pages twice takes 20 s here alone, and over a minute on a machine busy with other suites.
  }, 150_000);

  it("killed after the model answered and before the results were saved: the next delivery uses that answer, the model is asked once", async () => {
    const text = 'Invoice INV-300\nFrom: Acme Supplies Ltd\nDate: 2024-05-01\nTotal: €300.00';
    await s.settings({ provider: 'lmstudio', base_url: lmstudio.url, model: 'lmstudio-test-model', document_types: ['invoice', 'receipt'] });
    // Late enough for the test to hold the document's row before the worker wants to save the results.
    lmstudio.delay(1500, { kind: 'answer', body: buildClassificationAnswer(text, { documentType: 'invoice' }) });
    const ana = await s.user();
    const [doc] = (await s.upload(ana, [{ name: 'inv-300.pdf', bytes: await textPdf([text]) }]).expect(201)).body.documents;
    await s.until(ana, doc.id, ['processing']);

    const db = new Client({ connectionString: s.suite.db.url });
    await db.connect();
    try {
      // Holding the row (as a user's correction does) stops the final write, not the kept answer.
      await db.query('BEGIN');
      await db.query('SELECT 1 FROM docs.documents WHERE id = $1 FOR NO KEY UPDATE', [doc.id]);
      const waiting = async () => (await db.query('SELECT pid FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))')).rows as { pid: number }[];
      await waitFor(async () => (await waiting()).length > 0, 15_000);
      expect((await db.query('SELECT generation FROM docs.model_answers WHERE document_id = $1', [doc.id])).rows).toEqual([{ generation: 1 }]);
      await s.suite.killService('doc-service');
      // PostgreSQL would still run the dead worker's waiting write once the row is free.
      for (const { pid } of await waiting()) await db.query('SELECT pg_terminate_backend($1)', [pid]);
      await db.query('ROLLBACK');
      expect((await db.query('SELECT status FROM docs.documents WHERE id = $1', [doc.id])).rows).toEqual([{ status: 'processing' }]);
    } finally {
      await db.end();
    }

    await restart();
    const done = await s.until(ana, doc.id, ['done', 'failed'], 60_000);
    expect(done).toMatchObject({ status: 'done', provider: 'lmstudio', document_type: 'invoice', title: 'Invoice INV-300', amount: 300 });
    expect(lmstudio.generationRequests()).toHaveLength(1);
  });
});
