/**
 * The baseline: pdf-parse with its defaults, in this process, on the same files, one after another,
 * each read the way the worker reads one (a parser per document, every page's text, then destroy).
 */
import { PDFParse } from 'pdf-parse';
import type { BenchPdf } from './bench-pdfs';

export interface BareFigures {
  seconds: number;
  pages: number;
  chars: number;
}

async function parse(file: BenchPdf): Promise<{ pages: number; chars: number }> {
  // A copy: pdf.js may detach the buffer it is given.
  const parser = new PDFParse({ data: new Uint8Array(file.bytes) });
  try {
    const result = await parser.getText();
    return { pages: result.total, chars: result.pages.reduce((sum, page) => sum + page.text.length, 0) };
  } finally {
    await parser.destroy();
  }
}

/** The first documents in a process are several times slower: read some before timing anything. */
export async function warmUp(files: BenchPdf[]): Promise<void> {
  for (const file of files) await parse(file);
}

export async function bareParse(files: BenchPdf[]): Promise<BareFigures> {
  const started = process.hrtime.bigint();
  let pages = 0;
  let chars = 0;
  for (const file of files) {
    const read = await parse(file);
    pages += read.pages;
    chars += read.chars;
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, pages, chars };
}
