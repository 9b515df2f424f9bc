import { type Actor, textPdf, waitFor } from '@intake/testing';
import { DocSuite } from './doc-suite';

interface Listed {
  id: string;
  status: string;
  processed_at: string | null;
}

/** One user's large upload must not hold up another user's single document. */
describe('documents: a large upload next to a small one', () => {
  let s: DocSuite;

  // One worker, so without the bulk queue the documents would run strictly in the order they came.
  beforeAll(async () => {
    s = await DocSuite.start({ DOC_WORKER_CONCURRENCY: '1', DOC_BULK_AFTER_WAITING: '3' });
  });
  afterAll(async () => {
    await s?.stop();
  });

  /** Once none of the user's documents waits, all of them (one list request at a time: 40 pollers would slow the worker). */
  const allDone = async (who: Actor): Promise<Listed[]> => {
    const list = async (query: string) => (await s.api().get(`/api/documents?page_size=100&${query}`).set(who.auth).expect(200)).body.items as Listed[];
    await waitFor(async () => (await list('status=queued,processing')).length === 0, 120_000, 250);
    return list('');
  };

  const pages = (tag: string) => Array.from({ length: 12 }, (_, p) => `Relatório ${tag}, página ${p + 1}\nVendas do trimestre por região e por produto, com notas.`);

  it('works another user\'s single document ahead of the bulk of a large upload, and finishes both', async () => {
    const ana = await s.user();
    const bea = await s.user();
    const files = await Promise.all(Array.from({ length: 40 }, async (_, i) => ({ name: `relatorio-${i}.pdf`, bytes: await textPdf(pages(`A${i}`)) })));
    const many = (await s.upload(ana, files).expect(201)).body.documents as Listed[];
    const [one] = (await s.upload(bea, [{ name: 'fatura.pdf', bytes: await textPdf(['Fatura FT 2024/17\nTotal 120,00 EUR']) }]).expect(201)).body.documents as Listed[];

    const beaDone = await s.until(bea, one.id, ['done'], 60_000);
    const anaDocs = await allDone(ana);
    const after = anaDocs.filter((doc) => String(doc.processed_at) > String(beaDone.processed_at));
    // In one queue it would have come after all 40; it came after a few, with most of Ana's still waiting.
    expect(after.length).toBeGreaterThanOrEqual(20);
    expect(anaDocs.map((doc) => doc.status).sort()).toEqual(many.map(() => 'done'));
  }, 150_000);

  it('sends a re-processed document of a user with nothing waiting straight to the workers', async () => {
    const ana = await s.user();
    const files = await Promise.all(Array.from({ length: 30 }, async (_, i) => ({ name: `r-${i}.pdf`, bytes: await textPdf(pages(`R${i}`)) })));
    const cyra = await s.user();
    const [own] = (await s.upload(cyra, [{ name: 'own.pdf', bytes: await textPdf(['Contrato de serviços']) }]).expect(201)).body.documents as Listed[];
    await s.until(cyra, own.id, ['done']);
    const many = (await s.upload(ana, files).expect(201)).body.documents as Listed[];
    await s.api().post(`/api/documents/${own.id}/reprocess`).set(cyra.auth).expect(202);
    const again = await s.until(cyra, own.id, ['done'], 60_000);
    expect(many).toHaveLength(30);
    const anaDocs = await allDone(ana);
    expect(anaDocs.filter((doc) => String(doc.processed_at) > String(again.processed_at)).length).toBeGreaterThanOrEqual(15);
  }, 150_000);
});
