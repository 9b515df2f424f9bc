import { textPdf } from '@intake/testing';
import { DocSuite } from './doc-suite';

/** What one user may keep (here 3 documents, 1 MB): refused by name beyond it, parallel uploads included, nothing of a refused file stored. */
describe('documents: what one user may keep', () => {
  let s: DocSuite;

  beforeAll(async () => {
    s = await DocSuite.start({ DOC_MAX_DOCUMENTS_PER_USER: '3', DOC_MAX_STORED_MB_PER_USER: '1' });
  });
  afterAll(() => s?.stop());

  const pdf = async (text: string) => ({ name: `${text}.pdf`, bytes: await textPdf([text]) });
  const ownFiles = (who: { user: { id: string } }) => s.storedFiles().filter((f) => f.includes(who.user.id));

  it('stores files while they fit, refuses the rest by name, and counts a file already kept as nothing', async () => {
    const ana = await s.user();
    // The same bytes twice (a PDF made again would differ in its creation date).
    const one = await pdf('one');
    const first = await s.upload(ana, [one, await pdf('two')]).expect(201);
    expect(first.body.documents).toHaveLength(2);
    const mixed = await s.upload(ana, [one, await pdf('three'), await pdf('four')]).expect(201);
    expect(mixed.body.duplicates.map((d: { file_name: string }) => d.file_name)).toEqual(['one.pdf']);
    expect(mixed.body.documents.map((d: { file_name: string }) => d.file_name)).toEqual(['three.pdf']);
    expect(mixed.body.rejected).toEqual([
      { file_name: 'four.pdf', code: 'QUOTA_EXCEEDED', message: expect.stringMatching(/^Not stored: your documents would pass what one user may keep \(3 documents, 1 MB; you keep 3, [\d.]+ MB\)/) },
    ]);
    const full = await s.upload(ana, [await pdf('five')]).expect(413);
    expect(full.body).toMatchObject({ error: 'QUOTA_EXCEEDED', message: expect.stringMatching(/^Not stored/) });
    expect(ownFiles(ana)).toHaveLength(3);
    // Another user keeps their own.
    const bruno = await s.user();
    await s.upload(bruno, [await pdf('five')]).expect(201);
    // A deleted document makes room.
    await s.api().delete(`/api/documents/${first.body.documents[0].id}`).set(ana.auth).expect(204);
    await s.upload(ana, [await pdf('five')]).expect(201);
  });

  it('counts bytes as well as documents', async () => {
    const carla = await s.user();
    const big = { name: 'big.pdf', bytes: Buffer.concat([await textPdf(['big']), Buffer.alloc(700 * 1024, 0x20)]) };
    await s.upload(carla, [big]).expect(201);
    const bigger = { name: 'bigger.pdf', bytes: Buffer.concat([await textPdf(['bigger']), Buffer.alloc(400 * 1024, 0x20)]) };
    expect((await s.upload(carla, [bigger]).expect(413)).body.error).toBe('QUOTA_EXCEEDED');
    expect(ownFiles(carla)).toHaveLength(1);
  });

  it('lets parallel uploads pass the quota no more than one at a time', async () => {
    const dora = await s.user();
    const answers = await Promise.all(['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].map(async (t) => s.upload(dora, [await pdf(t)])));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 201, 201, 413, 413, 413]);
    expect(ownFiles(dora)).toHaveLength(3);
    const listed = await s.api().get('/api/documents').set(dora.auth).expect(200);
    expect(listed.body.total).toBe(3);
  });
});
