/** The PDFs of one run, in memory: a 200-page report-and-invoices PDF and 100 one-page documents. */
import { textPdf } from '@intake/testing';
import { PAGE_KINDS, pageText, randomFrom } from './bench-pages';

export interface BenchPdf {
  fileName: string;
  bytes: Buffer;
  pages: number;
  /** Characters of text drawn (what a reader should find, give or take spacing). */
  chars: number;
}

export interface BenchCase {
  label: string;
  files: BenchPdf[];
  pages: number;
}

async function pdf(fileName: string, pages: string[]): Promise<BenchPdf> {
  const bytes = await textPdf(pages, { title: fileName.replace(/\.pdf$/, '') });
  return { fileName, bytes, pages: pages.length, chars: pages.reduce((sum, p) => sum + p.length, 0) };
}

/**
 * `tag` goes into every page, so each run's files differ from the last run's (the same bytes
 * uploaded twice are a duplicate, not a new document).
 */
export async function makeCases(tag: string, largePages = 200, smallDocs = 100): Promise<BenchCase[]> {
  const random = randomFrom(0x1ad0c + largePages + smallDocs);
  const large = await pdf(
    `annual-report-${tag}.pdf`,
    Array.from({ length: largePages }, (_, i) => pageText(PAGE_KINDS[i % PAGE_KINDS.length], random, `${tag}-${String(i + 1).padStart(3, '0')}`)),
  );
  const small: BenchPdf[] = [];
  for (let i = 0; i < smallDocs; i++) {
    const kind = PAGE_KINDS[i % PAGE_KINDS.length];
    small.push(await pdf(`${kind}-${tag}-${String(i + 1).padStart(3, '0')}.pdf`, [pageText(kind, random, `${tag}-${i + 1}`)]));
  }
  return [
    { label: `${largePages}-page PDF`, files: [large], pages: large.pages },
    { label: `${smallDocs} one-page PDFs`, files: small, pages: small.length },
  ];
}
