import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, createDeflate } from 'node:zlib';
import { PDFDocument, PDFFont, StandardFonts } from 'pdf-lib';
import { WORKSPACE_ROOT } from './paths';

/**
 * PDFs for extraction and classification tests, generated with pdf-lib so no large binary is
 * committed. The only fixture on disk is the encrypted one: pdf-lib cannot encrypt (see
 * libs/testing/fixtures/pdf/README.md for how it was made with qpdf).
 */

export interface TextPdfOptions {
  /** Standard-14 font; they use WinAnsi encoding, which covers Portuguese (ç ã õ é ê á ó ú à). */
  font?: StandardFonts;
  fontSize?: number;
  title?: string;
}

const PAGE = { width: 595, height: 842, margin: 56 }; // A4 in points

/** One page per string; '\n' starts a line, long lines wrap. */
export async function textPdf(pages: string[], opts: TextPdfOptions = {}): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(opts.font ?? StandardFonts.Helvetica);
  const size = opts.fontSize ?? 11;
  if (opts.title) doc.setTitle(opts.title);
  for (const content of pages) {
    const page = doc.addPage([PAGE.width, PAGE.height]);
    let y = PAGE.height - PAGE.margin;
    for (const line of wrap(content, font, size, PAGE.width - 2 * PAGE.margin)) {
      if (y < PAGE.margin) break; // a sample page never needs more than one page of text
      if (line) page.drawText(line, { x: PAGE.margin, y, size, font });
      y -= size * 1.4;
    }
  }
  return Buffer.from(await doc.save({ useObjectStreams: true }));
}

function wrap(content: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of content.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      const candidate = line ? `${line} ${word}` : word;
      if (line && font.widthOfTextAtSize(candidate, size) > width) {
        lines.push(line);
        line = word;
      } else line = candidate;
    }
    lines.push(line);
  }
  return lines;
}

/** `n` empty pages; object streams keep 10,000 pages at a few hundred KB, built in about a second. */
export async function blankPagesPdf(n: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < n; i++) doc.addPage([PAGE.width, PAGE.height]);
  return Buffer.from(await doc.save({ useObjectStreams: true, objectsPerTick: Infinity }));
}

/** Starts like a PDF, then has no objects, cross-reference table or trailer that a reader can rebuild. */
export function corruptPdf(): Buffer {
  const junk = Buffer.alloc(4096);
  for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + 13) % 251; // deterministic noise, no 'obj'/'trailer'
  return Buffer.concat([Buffer.from('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n', 'latin1'), junk, Buffer.from('\n%%EOF\n')]);
}

/**
 * A one-page PDF whose content stream inflates to `decodedMb` MB of spaces (a "zip bomb"): small on
 * disk, large in the reader's memory, outside the JS heap that worker resource limits cap.
 */
export async function deflateBombPdf(decodedMb: number): Promise<Buffer> {
  const deflate = createDeflate({ level: constants.Z_BEST_COMPRESSION });
  const chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  const megabyte = Buffer.alloc(1024 * 1024, 0x20);
  for (let i = 0; i < decodedMb; i++) {
    if (!deflate.write(megabyte)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  return handWrittenPdf('', Buffer.concat(chunks), '/Filter /FlateDecode');
}

/** A PDF with an array nested `depth` levels deep in its page dictionary; readers parse those recursively. */
export function deeplyNestedPdf(depth = 100_000): Buffer {
  return handWrittenPdf(`/Nested ${'['.repeat(depth)}${']'.repeat(depth)}`, Buffer.from('BT ET'));
}

/** One page, written byte by byte, for shapes pdf-lib will not produce. */
function handWrittenPdf(pageExtra: string, content: Buffer, contentFilter = ''): Buffer {
  const parts: Buffer[] = [];
  let length = 0;
  const push = (part: Buffer | string): void => {
    const bytes = typeof part === 'string' ? Buffer.from(part, 'latin1') : part;
    parts.push(bytes);
    length += bytes.length;
  };
  const offsets: number[] = [];
  const object = (body: string | Array<string | Buffer>): void => {
    offsets.push(length);
    push(`${offsets.length} 0 obj\n`);
    for (const part of typeof body === 'string' ? [body] : body) push(part);
    push('\nendobj\n');
  };
  push('%PDF-1.7\n');
  object('<< /Type /Catalog /Pages 2 0 R >>');
  object('<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  object(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R ${pageExtra} >>`);
  object([`<< /Length ${content.length} ${contentFilter} >>\nstream\n`, content, '\nendstream']);
  const xref = length;
  push(`xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n`);
  push(offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join(''));
  push(`trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts);
}

/** A one-page PDF encrypted with AES-256; user password `intake-user`, owner password `intake-owner`. */
export function encryptedPdf(): Buffer {
  return readFileSync(join(WORKSPACE_ROOT, 'libs/testing/fixtures/pdf/encrypted.pdf'));
}

/** Real files someone might upload by mistake, renamed `.pdf`. */
const NOT_PDF = {
  // A zip with one stored entry, hello.txt = "hello" (what .docx/.xlsx files are underneath).
  zip: 'UEsDBBQAAAAAAAAAIQCGphA2BQAAAAUAAAAJAAAAaGVsbG8udHh0aGVsbG9QSwECFAMUAAAAAAAAACEAhqYQNgUAAAAFAAAACQAAAAAAAAAAAAAAgAEAAAAAaGVsbG8udHh0UEsFBgAAAAABAAEANwAAACwAAAAAAA==',
  // A 1×1 transparent PNG.
  png: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII=',
} as const;
export function notPdf(kind: keyof typeof NOT_PDF = 'zip'): Buffer {
  return Buffer.from(NOT_PDF[kind], 'base64');
}

export function emptyFile(): Buffer {
  return Buffer.alloc(0);
}

/** What a classifier should find in a sample document. */
export interface SampleDocument {
  type: 'invoice' | 'receipt' | 'contract';
  language: 'en' | 'pt';
  title: string;
  /** ISO date the document is dated. */
  date: string;
  amount: { value: number; currency: string } | null;
  counterparty: string;
  pages: string[];
}

export const SAMPLE_DOCUMENTS = {
  invoiceEn: {
    type: 'invoice',
    language: 'en',
    title: 'Invoice INV-2024-0117',
    date: '2024-03-15',
    amount: { value: 1452.3, currency: 'EUR' },
    counterparty: 'Northwind Office Supplies Ltd',
    pages: [
      [
        'Northwind Office Supplies Ltd',
        '12 Harbour Road, Bristol BS1 5TY, United Kingdom - VAT GB 123 4567 89',
        '',
        'INVOICE',
        'Invoice number: INV-2024-0117',
        'Invoice date: 15 March 2024',
        'Due date: 14 April 2024',
        'Bill to: Intake Demo Company, Rua Augusta 100, 1100-053 Lisboa, Portugal',
        '',
        'Description                      Qty     Unit price     Amount',
        'A4 copy paper, 80 g (box of 5)    20        €24.50      €490.00',
        'Toner cartridge TN-2420           6         €120.00     €720.00',
        'Subtotal                                                €1,210.00',
        'VAT 20%                                                 €242.30',
        'Total due                                               €1,452.30',
        '',
        'Payment by bank transfer to IBAN GB29 NWBK 6016 1331 9268 19 within 30 days.',
      ].join('\n'),
    ],
  },
  faturaPt: {
    type: 'invoice',
    language: 'pt',
    title: 'Fatura FT 2024/318',
    date: '2024-02-07',
    amount: { value: 861, currency: 'EUR' },
    counterparty: 'Gonçalves & Irmão, Lda.',
    pages: [
      [
        'Gonçalves & Irmão, Lda.',
        'Avenida da Liberdade 245, 1250-143 Lisboa - NIF 509 876 543',
        '',
        'FATURA N.º FT 2024/318',
        'Data de emissão: 07/02/2024',
        'Data de vencimento: 08/03/2024',
        'Cliente: Intake Demonstração, S.A. - NIF 501 234 567',
        '',
        'Descrição                               Qtd.    Preço unit.    Total',
        'Manutenção de equipamento informático    10       50,00 €     500,00 €',
        'Configuração de rede e instalação         1      200,00 €     200,00 €',
        'Total ilíquido                                                700,00 €',
        'IVA (23%)                                                     161,00 €',
        'Total a pagar                                                 861,00 €',
        '',
        'Pagamento por transferência bancária. Obrigado pela preferência!',
      ].join('\n'),
    ],
  },
  receiptEn: {
    type: 'receipt',
    language: 'en',
    title: 'Receipt 4471',
    date: '2024-05-02',
    amount: { value: 23.85, currency: 'USD' },
    counterparty: 'Blue Bottle Café',
    pages: [
      [
        'Blue Bottle Café',
        '300 Webster St, Oakland, CA 94607',
        '',
        'RECEIPT #4471',
        'Date: 05/02/2024  Time: 08:42',
        '2 x Cappuccino                 $9.50',
        '1 x Avocado toast             $12.00',
        'Sales tax                      $2.35',
        'TOTAL                         $23.85',
        'Paid by VISA **** 4242',
        'Thank you for your visit!',
      ].join('\n'),
    ],
  },
  contractEn: {
    type: 'contract',
    language: 'en',
    title: 'Software Services Agreement',
    date: '2024-01-10',
    amount: { value: 48000, currency: 'EUR' },
    counterparty: 'Acme Cloud Services B.V.',
    pages: [
      [
        'SOFTWARE SERVICES AGREEMENT',
        '',
        'This Agreement is entered into on 10 January 2024 (the "Effective Date") between:',
        'Acme Cloud Services B.V., Keizersgracht 1, Amsterdam ("Provider"), and',
        'Intake Demo Company, Rua Augusta 100, Lisboa ("Customer").',
        '',
        '1. Services. Provider shall host and maintain the document platform described in Schedule A.',
        '2. Term. This Agreement commences on the Effective Date and continues for twelve (12) months, renewing automatically unless either party gives sixty (60) days written notice.',
        '3. Fees. Customer shall pay an annual fee of EUR 48,000, invoiced quarterly in advance.',
      ].join('\n'),
      [
        '4. Confidentiality. Each party shall keep the other party\'s confidential information secret and use it only to perform this Agreement.',
        '5. Termination. Either party may terminate this Agreement for material breach not cured within thirty (30) days of notice.',
        '6. Governing law. This Agreement is governed by the laws of the Netherlands.',
        '',
        'Signed for Provider: ____________________    Signed for Customer: ____________________',
      ].join('\n'),
    ],
  },
} satisfies Record<string, SampleDocument>;

export type SampleDocumentName = keyof typeof SAMPLE_DOCUMENTS;

export function sampleDocumentPdf(name: SampleDocumentName): Promise<Buffer> {
  const sample: SampleDocument = SAMPLE_DOCUMENTS[name];
  return textPdf(sample.pages, { title: sample.title });
}
