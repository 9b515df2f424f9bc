import { randomUUID } from 'node:crypto';
import { docsTestDatabase, type DocsTestDatabase } from '../docs-test-database';
import { DocumentsRepository, type NewDocument } from './documents.repository';
import { ListDocumentsSchema } from './dto/list-documents.dto';
import { searchVectorSql } from './search-vector';

describe('DocumentsRepository on a real database: an upload as inserted', () => {
  let db: DocsTestDatabase;
  let repo: DocumentsRepository;

  beforeAll(async () => {
    db = await docsTestDatabase({ poolSize: 2 });
    repo = new DocumentsRepository(db.ds);
  });
  afterAll(() => db?.close());

  const upload = (ownerId: string, names: string[]): NewDocument[] =>
    names.map((fileName, i) => ({ id: randomUUID(), ownerId, fileName, storageKey: `k/${randomUUID()}`, size: 10, sha256: randomUUID().replace(/-/g, '').padEnd(64, String(i)) }));
  const names = async (ownerId: string, query: Record<string, string>) =>
    (await repo.list(ownerId, ListDocumentsSchema.parse(query), 'simple')).items.map((d) => d.file_name);

  it("lists an upload's files in the order they were sent, sorted by date either way", async () => {
    const owner = randomUUID();
    await repo.insertMany(upload(owner, ['c-first.pdf', 'a-second.pdf', 'b-third.pdf']), 'simple');
    expect(await names(owner, { sort: 'created_at' })).toEqual(['c-first.pdf', 'a-second.pdf', 'b-third.pdf']);
    expect(await names(owner, { sort: '-created_at' })).toEqual(['b-third.pdf', 'a-second.pdf', 'c-first.pdf']);
  });

  it('sorts file names as a reader expects: an accented initial beside its letter, any case, numbers by value', async () => {
    const owner = randomUUID();
    await repo.insertMany(upload(owner, ['zebra.pdf', 'Ótica.pdf', 'abc.pdf', 'Água.pdf', 'Banana.pdf', 'oficina.pdf', 'scan 10.pdf', 'scan 2.pdf']), 'simple');
    const natural = ['abc.pdf', 'Água.pdf', 'Banana.pdf', 'oficina.pdf', 'Ótica.pdf', 'scan 2.pdf', 'scan 10.pdf', 'zebra.pdf'];
    expect(await names(owner, { sort: 'file_name' })).toEqual(natural);
    expect(await names(owner, { sort: '-file_name' })).toEqual([...natural].reverse());
  });

  it('sorts by title as the list shows it: an untitled document by its file name, among the titled', async () => {
    const owner = randomUUID();
    const docs = await repo.insertMany(upload(owner, ['delta.pdf', 'x.pdf', 'beta.pdf', 'y.pdf']), 'simple');
    const titled: Record<string, string> = { 'x.pdf': 'Alpha', 'y.pdf': 'Charlie' };
    for (const doc of docs) if (titled[doc.file_name]) await db.ds.query('UPDATE docs.documents SET title = $2 WHERE id = $1', [doc.id, titled[doc.file_name]]);
    expect(await names(owner, { sort: 'title' })).toEqual(['x.pdf', 'beta.pdf', 'y.pdf', 'delta.pdf']);
    expect(await names(owner, { sort: '-title' })).toEqual(['delta.pdf', 'y.pdf', 'beta.pdf', 'x.pdf']);
  });

  it('finds a date as written (or as the document is dated) and ranks a reference held as written first', async () => {
    const owner = randomUUID();
    const texts: Record<string, [string, string | null]> = {
      'dated.pdf': ['Fatura FT 2024/117 emitida em 2024-01-10, total 250,00 EUR', null],
      'noise.pdf': ['Recibo de 2024-06-01 no valor de 100.00 EUR, referência 10', null],
      'longer-ref.pdf': ['Fatura FT 2024/1170, total 99,00 EUR', null],
      'other-format.pdf': ['Data: 10/01/2024. Fatura de manutenção', '2024-01-10'],
      'scan_2024-01-10.pdf': ['', null],
      // A long statement full of the reference's parts, never together: many partial matches outweigh one exact in ts_rank.
      'statement.pdf': [Array.from({ length: 60 }, (_, i) => `Movimento ${i + 1}: 84,25 EUR, saldo 388,25 EUR, ref. 2024 117,${10 + i}`).join('\n'), null],
      'edp.pdf': ['Fatura EDP. Total a pagar: 84,38 EUR', null],
    };
    for (const doc of await repo.insertMany(upload(owner, Object.keys(texts)), 'simple')) {
      const [text, date] = texts[doc.file_name];
      await db.ds.query(`UPDATE docs.documents SET text = $2, document_date = $3, status = 'done' WHERE id = $1`, [doc.id, text, date]);
      await db.ds.query(`UPDATE docs.documents SET search = ${searchVectorSql(2)} WHERE id = $1`, [doc.id, 'simple']);
    }
    const found = (q: string) => names(owner, { q, sort: 'relevance' });
    // The parts of "2024-01-10" alone were in the noise too ("2024", "01" of 06-01, "10" of 100.00).
    expect((await found('2024-01-10')).sort()).toEqual(['dated.pdf', 'other-format.pdf', 'scan_2024-01-10.pdf']);
    expect(await found('10/01/2024')).toEqual(['other-format.pdf']);
    expect((await found('fatura 2024-01-10')).sort()).toEqual(['dated.pdf', 'other-format.pdf']);
    const reference = await found('2024/117');
    expect([reference[0], reference.slice(1).sort()]).toEqual(['dated.pdf', ['longer-ref.pdf', 'statement.pdf']]);
    expect((await found('117')).sort()).toEqual(['dated.pdf', 'longer-ref.pdf', 'statement.pdf']);
    // An amount as written before a statement full of its parts ("84,25", "388,25").
    expect(await found('84,38')).toEqual(['edp.pdf', 'statement.pdf']);
    // A date that cannot be is still a text to look for, not an error.
    expect(await found('2024-02-30')).toEqual([]);
  });

  it('finds a quoted phrase only with its words side by side and whole, with or without its accents', async () => {
    const owner = randomUUID();
    const texts: Record<string, string> = {
      'fee.pdf': 'A late payment fee of 40 EUR applies.',
      'apart.pdf': 'Payment is late. A fee applies to late orders.',
      'longer.pdf': 'The lateness of payments is reviewed.',
      'pt.pdf': 'Relatório de março: faturação em atraso.',
      'ref.pdf': 'Fatura FT 2024/117 de EDP, S.A., total 1.258,98 EUR; 1 item, 98 kWh.',
    };
    for (const doc of await repo.insertMany(upload(owner, Object.keys(texts)), 'simple')) {
      await db.ds.query(`UPDATE docs.documents SET text = $2, status = 'done' WHERE id = $1`, [doc.id, texts[doc.file_name]]);
      await db.ds.query(`UPDATE docs.documents SET search = ${searchVectorSql(2)} WHERE id = $1`, [doc.id, 'simple']);
    }
    const found = async (q: string) => (await names(owner, { q })).sort();
    expect(await found('late payment')).toEqual(['apart.pdf', 'fee.pdf', 'longer.pdf']);
    expect(await found('"late payment"')).toEqual(['fee.pdf']);
    expect(await found('“late payment” fee')).toEqual(['fee.pdf']);
    // A prefix of a word is no whole word inside quotes.
    expect(await found('"late pay"')).toEqual([]);
    expect(await found('"relatório de março"')).toEqual(['pt.pdf']);
    expect(await found('"relatorio de marco"')).toEqual(['pt.pdf']);
    expect(await found('"relatório março"')).toEqual([]);
    // Words with punctuation inside, as the text writes them: a reference, a company, an amount.
    expect(await found('"FT 2024/117"')).toEqual(['ref.pdf']);
    expect(await found('"EDP, S.A."')).toEqual(['ref.pdf']);
    expect(await found('"total 1.258,98 eur"')).toEqual(['ref.pdf']);
    expect(await found('"FT 2024/118"')).toEqual([]);
    // A quote left open is no phrase: its words are searched as any.
    expect(await found('"late payment')).toEqual(['apart.pdf', 'fee.pdf', 'longer.pdf']);
  });

  it("finds an amount however it is written, by the document's amount as by its text, and ranks those first", async () => {
    const owner = randomUUID();
    const docs: Record<string, [string, string | null]> = {
      'pt.pdf': ['Fatura. Total: 1.258,98 EUR', '1258.98'],
      'en.pdf': ['Invoice. Total due: 1,258.98 GBP', '1258.98'],
      'credit.pdf': ['Nota de crédito: -1258,98 EUR', '-1258.98'],
      'unread.pdf': ['Total 1258,98', null],
      'loose.pdf': ['Total 98 items, code 1258', null],
      'other.pdf': ['Total: 2.258,00 EUR, ref 1258', '2258.00'],
      'whole.pdf': ['Total: 1.258,00 EUR', '1258.00'],
    };
    for (const doc of await repo.insertMany(upload(owner, Object.keys(docs)), 'simple')) {
      const [text, amount] = docs[doc.file_name];
      await db.ds.query(`UPDATE docs.documents SET text = $2, amount = $3, status = 'done' WHERE id = $1`, [doc.id, text, amount]);
      await db.ds.query(`UPDATE docs.documents SET search = ${searchVectorSql(2)} WHERE id = $1`, [doc.id, 'simple']);
    }
    const found = async (q: string) => (await names(owner, { q })).sort();
    // Its words as any group's (the unread one's text, and loosely another's), or the amount read, either sign.
    expect(await found('1258,98')).toEqual(['credit.pdf', 'en.pdf', 'loose.pdf', 'pt.pdf', 'unread.pdf']);
    expect(await found('1,258.98')).toEqual(['credit.pdf', 'en.pdf', 'pt.pdf']);
    expect(await found('1.258,98 eur')).toEqual(['credit.pdf', 'pt.pdf']);
    expect(await found('total 1258.98 gbp')).toEqual(['en.pdf']);
    // A whole number finds the amount it is, which the text writes with a separator.
    expect(await found('1258')).toEqual(['credit.pdf', 'loose.pdf', 'other.pdf', 'unread.pdf', 'whole.pdf']);
    expect((await names(owner, { q: '1258', sort: 'relevance' }))[0]).toBe('whole.pdf');
    const ranked = await names(owner, { q: 'total 1258,98', sort: 'relevance' });
    expect([ranked.slice(0, 3).sort(), ranked.slice(3)]).toEqual([['en.pdf', 'pt.pdf', 'unread.pdf'], ['loose.pdf']]);
  });

  it('finds a document by its file name before it is processed, and after the queue refused it', async () => {
    const owner = randomUUID();
    const [queued, refused] = await repo.insertMany(upload(owner, ['relatório-março 2024.pdf', 'fatura_FT-2024-117.pdf']), 'simple');
    expect(await names(owner, { q: 'relatorio marco' })).toEqual(['relatório-março 2024.pdf']);
    // As a document from before file names were indexed at upload.
    await db.ds.query('UPDATE docs.documents SET search = NULL WHERE id = $1', [refused.id]);
    expect(await names(owner, { q: '117' })).toEqual([]);
    await repo.markNotQueued(refused.id, refused.generation, 'the queue is down', 'simple');
    expect(await names(owner, { q: '117', status: 'failed' })).toEqual(['fatura_FT-2024-117.pdf']);
    expect(queued.status).toBe('queued');
  });

  it('filters by type as names compare: any case, composed or not, a Greek final sigma as σ', async () => {
    const owner = randomUUID();
    const docs = await repo.insertMany(upload(owner, ['greek.pdf', 'french.pdf', 'other.pdf']), 'simple');
    const types = ['Σίσυφος', 'Café', 'invoice'];
    for (const [i, doc] of docs.entries()) await db.ds.query('UPDATE docs.documents SET document_type = $2 WHERE id = $1', [doc.id, types[i]]);
    expect(await names(owner, { type: 'ΣΊΣΥΦΟΣ' })).toEqual(['greek.pdf']);
    expect(await names(owner, { type: 'CAFE\u0301' })).toEqual(['french.pdf']);
    expect(await names(owner, { type: ' INVOICE ' })).toEqual(['other.pdf']);
  });

  it('says a document waits in the queue only while it is queued for that very request', async () => {
    const owner = randomUUID();
    const [waiting, claimed, done, reprocessed] = await repo.insertMany(upload(owner, ['w.pdf', 'c.pdf', 'd.pdf', 'r.pdf']), 'simple');
    await db.ds.query(`UPDATE docs.documents SET status = 'processing' WHERE id = $1`, [claimed.id]);
    await db.ds.query(`UPDATE docs.documents SET status = 'done' WHERE id = $1`, [done.id]);
    await db.ds.query('UPDATE docs.documents SET generation = generation + 1 WHERE id = $1', [reprocessed.id]);
    const waits = async (doc: { id: string; generation: number }) => repo.waitsInQueue(doc.id, doc.generation);
    expect([await waits(waiting), await waits(claimed), await waits(done), await waits(reprocessed)]).toEqual([true, false, false, false]);
    expect(await waits({ id: reprocessed.id, generation: reprocessed.generation + 1 })).toBe(true);
  });
});
