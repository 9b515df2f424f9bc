import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  blankPagesPdf,
  corruptPdf,
  deeplyNestedPdf,
  deflateBombPdf,
  emptyFile,
  encryptedPdf,
  notPdf,
  SAMPLE_DOCUMENTS,
  sampleDocumentPdf,
} from '@intake/testing';
import { ExtractionError } from './extraction-error';
import { NO_TEXT_NOTE, PdfExtractor } from './pdf-extractor';

const limits = { maxPages: 50, timeoutMs: 20_000 };

/** Keeps this thread busy for `ms` in one turn of its event loop (the worker goes on meanwhile), then runs `then`. */
function afterBusyTurn<T>(ms: number, then: () => T): Promise<T> {
  return new Promise((resolve) =>
    setImmediate(() => {
      const end = Date.now() + ms;
      while (Date.now() < end);
      resolve(then());
    }),
  );
}

async function failureOf(promise: Promise<unknown>): Promise<ExtractionError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (error instanceof ExtractionError) return error;
  throw new Error(`expected an ExtractionError, got ${String(error)}`);
}

describe('PdfExtractor', () => {
  const extractor = new PdfExtractor();
  let dir: string;
  let tenThousandBlankPages: Buffer;
  const onDisk = (name: string, bytes: Uint8Array): string => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pdf-extractor-'));
    tenThousandBlankPages = await blankPagesPdf(10_000);
  });

  afterAll(async () => {
    await extractor.onModuleDestroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the text and page count of an English PDF from a file', async () => {
    const result = await extractor.extract(onDisk('invoice.pdf', await sampleDocumentPdf('invoiceEn')), limits);
    expect(result).toMatchObject({ pageCount: 1, pagesRead: 1, truncated: false });
    expect(result.note).toBeUndefined();
    expect(result.text).toContain('Invoice number: INV-2024-0117');
    expect(result.text).toContain('€1,452.30');
  });

  it('keeps Portuguese accents', async () => {
    const { text } = await extractor.extract(await sampleDocumentPdf('faturaPt'), limits);
    for (const phrase of ['Gonçalves & Irmão, Lda.', 'Data de emissão: 07/02/2024', 'Manutenção de equipamento informático', 'Configuração', '861,00 €']) {
      expect(text).toContain(phrase);
    }
  });

  it('reads no more than maxPages pages and says the text is truncated', async () => {
    const result = await extractor.extract(await sampleDocumentPdf('contractEn'), { ...limits, maxPages: 1 });
    expect(result).toMatchObject({ pageCount: 2, pagesRead: 1, truncated: true });
    expect(result.text).toContain('SOFTWARE SERVICES AGREEMENT');
    expect(result.text).not.toContain('Governing law');
  });

  it('reads the first maxPages of 10,000 blank pages within the time cap, as an empty text with a note', async () => {
    const started = Date.now();
    const result = await extractor.extract(onDisk('blank.pdf', tenThousandBlankPages), { maxPages: 200, timeoutMs: 30_000 });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(result).toEqual({ text: '', pageCount: 10_000, pagesRead: 200, truncated: true, note: NO_TEXT_NOTE });
  });

  it.each([
    ['encrypted', () => encryptedPdf(), "The PDF is password-protected: save a copy without the password (your PDF viewer's Print to PDF does it) and upload that"],
    ['corrupt', () => corruptPdf(), 'The PDF is damaged: Invalid PDF structure'],
    ['not_pdf', () => notPdf('zip'), 'The file is not a PDF: it is a zip archive; Word and Excel files are zips too'],
    ['empty', () => emptyFile(), 'The file is empty'],
    ['too_complex', () => deeplyNestedPdf(), 'The PDF is too complex to read (its structure is nested too deeply)'],
  ])('fails a %s file with a message for the user, read from a file or given as bytes', async (kind, bytes, message) => {
    const data = await bytes();
    for (const source of [onDisk(`${kind}.pdf`, data), data]) {
      const error = await failureOf(extractor.extract(source, limits));
      expect({ kind: error.kind, message: error.message }).toEqual({ kind, message });
    }
  });

  it('fails a file that is gone with an error of ours (to be tried again), not one about the PDF', async () => {
    const error = await extractor.extract(join(dir, 'vanished.pdf'), limits).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(ExtractionError);
    expect((error as Error).message).toMatch(/reading the PDF file failed: .*\(ENOENT\)/);
  });

  it('stops a document that takes too long, and reads the next one with a fresh worker', async () => {
    const error = await failureOf(extractor.extract(onDisk('slow.pdf', tenThousandBlankPages), { maxPages: 10_000, timeoutMs: 300 }));
    expect({ kind: error.kind, message: error.message }).toEqual({ kind: 'timeout', message: 'Reading the PDF took longer than 0.3 s; it was stopped' });
    const next = await extractor.extract(await sampleDocumentPdf('receiptEn'), limits);
    expect(next.text).toContain('TOTAL $23.85');
  });

  it('stops a decompression bomb at the memory cap, and reads the next one', async () => {
    const bomb = await deflateBombPdf(400);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const error = await failureOf(extractor.extract(onDisk('bomb.pdf', bomb), { ...limits, maxMemoryMb: 64 }));
    expect(error.kind).toBe('too_complex');
    expect(error.message).toBe('Reading the PDF needed more than 64 MB of memory; it was stopped');
    const next = await extractor.extract(await sampleDocumentPdf('receiptEn'), limits);
    expect(next.text).toContain('Blue Bottle Café');
  });

  it('serves concurrent calls one at a time, each with its own result', async () => {
    const names = ['invoiceEn', 'faturaPt', 'receiptEn', 'contractEn'] as const;
    const pdfs = await Promise.all(names.map((name) => sampleDocumentPdf(name)));
    const results = await Promise.all([...pdfs.map((pdf) => extractor.extract(pdf, limits)), failureOf(extractor.extract(corruptPdf(), limits))]);
    names.forEach((name, i) => expect((results[i] as { text: string }).text).toContain(SAMPLE_DOCUMENTS[name].counterparty));
    expect(results[names.length]).toMatchObject({ kind: 'corrupt' });
  });

  it('reads the documents handed over behind one that gets stopped with a fresh worker', async () => {
    const [receipt, invoice, bombPdf] = await Promise.all([sampleDocumentPdf('receiptEn'), sampleDocumentPdf('invoiceEn'), deflateBombPdf(400)]);
    // Bytes, not files, so that the calls reach the reader in this order (a file's header is read first).
    const [slow, next, bomb, afterBomb] = await Promise.all([
      failureOf(extractor.extract(tenThousandBlankPages, { maxPages: 10_000, timeoutMs: 300 })),
      extractor.extract(receipt, limits),
      failureOf(extractor.extract(bombPdf, { ...limits, maxMemoryMb: 64 })),
      extractor.extract(invoice, { ...limits, maxMemoryMb: 64 }),
    ]);
    expect(slow.kind).toBe('timeout');
    expect(next.text).toContain('TOTAL $23.85');
    expect(bomb.message).toBe('Reading the PDF needed more than 64 MB of memory; it was stopped');
    expect(afterBomb.text).toContain('Invoice number: INV-2024-0117');
  });

  it('does not blame a document for the memory of the one read after it while this thread is busy', async () => {
    const [receipt, bomb] = await Promise.all([sampleDocumentPdf('receiptEn'), deflateBombPdf(400)]);
    const capped = { ...limits, maxMemoryMb: 128 };
    await extractor.extract(receipt, capped); // a worker with these limits, warm
    const first = extractor.extract(receipt, capped);
    const second = failureOf(extractor.extract(bomb, capped));
    // Both are handed over; then this thread is busy for 2 s while the worker answers the first and reads the bomb.
    await afterBusyTurn(2000, () => undefined);
    expect((await first).text).toContain('TOTAL $23.85');
    expect((await second).message).toBe('Reading the PDF needed more than 128 MB of memory; it was stopped');
  });

  it('gives a document handed over while the previous answer waits unread its whole time cap', async () => {
    const receipt = await sampleDocumentPdf('receiptEn');
    await extractor.extract(receipt, limits); // a worker with these limits, warm
    const first = extractor.extract(receipt, limits);
    // This thread is busy for 2 s (the worker answers meanwhile), then asks for a second document with a 1 s cap.
    const second = afterBusyTurn(2000, () => extractor.extract(receipt, { ...limits, timeoutMs: 1000 }));
    await first;
    expect(await second).toMatchObject({ pageCount: 1, truncated: false });
  });

  it('rejects limits that make no sense before reading anything', async () => {
    await expect(extractor.extract(corruptPdf(), { maxPages: 0, timeoutMs: 1000 })).rejects.toThrow(RangeError);
    await expect(extractor.extract(corruptPdf(), { maxPages: 1, timeoutMs: 0 })).rejects.toThrow(RangeError);
  });
});
