import { blankPagesPdf, textPdf } from '@intake/testing';
import { DocSuite } from './doc-suite';

describe('documents: a worker killed mid-document', () => {
  let s: DocSuite;

  // A short ack wait, so JetStream hands the unfinished document on within seconds.
  beforeAll(async () => (s = await DocSuite.start({ DOC_WORKER_ACK_WAIT_SECONDS: '2' })));
  afterAll(() => s?.stop());

  it('is redelivered to the restarted worker, which finishes the document', async () => {
    const ana = await s.user();
    await s.settings({ max_pages: 10_000 });
    // Thousands of pages keep the worker busy long enough to be killed while it reads them.
    const [doc] = (await s.upload(ana, [{ name: 'long.pdf', bytes: await blankPagesPdf(6_000) }]).expect(201)).body.documents;
    await s.until(ana, doc.id, ['processing']);
    await s.suite.killService('doc-service');
    await s.suite.startService('doc-service');
    await s.suite.waitUntilHealthy();
    const done = await s.until(ana, doc.id, ['done', 'failed'], 90_000);
    expect(done).toMatchObject({ status: 'done', page_count: 6000, pages_read: 6000 });
    // The restarted service goes on with new work as usual.
    const [next] = (await s.upload(ana, [{ name: 'next.pdf', bytes: await textPdf(['After the restart']) }]).expect(201)).body.documents;
    expect(await s.until(ana, next.id)).toMatchObject({ status: 'done' });
  });
});
