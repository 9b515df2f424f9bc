import type { Actor } from '@intake/testing';
import { ImportSuite } from './import-suite';

/** One user's many imports must not hold up another user's one (one run at a time, as deployed). */
describe('imports: many of one user next to one of another', () => {
  let s: ImportSuite;

  beforeAll(async () => {
    s = await ImportSuite.start();
  });
  afterAll(() => s?.stop());

  /** A customers file of `rows` new records: big enough that its run takes a while. */
  const customers = (tag: string, rows: number) => ['email,name', ...Array.from({ length: rows }, (_, i) => `${tag}-${i}@fair.example.test,Customer ${i}`)].join('\n');

  const ready = async (who: Actor, tag: string, rows: number): Promise<string> => {
    const job = (await s.upload('customers.csv', customers(tag, rows), who).expect(201)).body as { id: string };
    await s.until(job.id, ['ready'], who, 60_000);
    return job.id;
  };
  const start = (id: string, who: Actor) => s.api().post(`/api/imports/${id}/start`).set(who.auth).expect(201);

  it("runs another user's single import before the rest of one user's queue, and finishes them all", async () => {
    const bob = await s.importer('power');
    const alice = await s.importer('power');
    const bobs = [await ready(bob, 'b1', 20_000), await ready(bob, 'b2', 20_000), await ready(bob, 'b3', 20_000)];
    const alices = await ready(alice, 'a1', 1);
    for (const id of bobs) await start(id, bob);
    await start(alices, alice);
    const done = async (id: string, who: Actor) => s.until(id, ['completed', 'failed'], who, 180_000);
    const [b1, b2, b3] = [await done(bobs[0], bob), await done(bobs[1], bob), await done(bobs[2], bob)];
    const a1 = await done(alices, alice);
    expect([b1, b2, b3, a1].map((job) => job.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    // In one queue it would have started after all three of Bob's; it started before his last.
    expect(String(a1.started_at) < String(b3.started_at)).toBe(true);
    expect(String(b1.started_at) < String(b2.started_at) && String(b2.started_at) < String(b3.started_at)).toBe(true);
  }, 240_000);
});
