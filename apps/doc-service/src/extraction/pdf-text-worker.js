'use strict';
/**
 * The worker thread that runs pdf-parse, so a hostile PDF can only hang or exhaust this thread, which
 * PdfWorkerHost then terminates. Plain CommonJS on purpose: the same file runs from src/ under jest
 * (which cannot hand a .ts file to a Worker) and from dist/, where `npm run build` (swc) compiles .js
 * files alongside the .ts ones.
 * Protocol (typed in pdf-worker-protocol.ts): 'ready' once warm, then one reply per job.
 */
const { parentPort } = require('node:worker_threads');
const { readFile } = require('node:fs/promises');
const { PDFParse } = require('pdf-parse');

/** pdf.js options: no eval'd font code, no font loading, nothing fetched; we only want text. */
const LOAD_OPTIONS = { isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 };

async function extract(job) {
  const data = job.bytes ?? toUint8Array(await readFile(job.path));
  const parser = new PDFParse({ ...LOAD_OPTIONS, data });
  try {
    const result = await parser.getText({ first: job.maxPages });
    return {
      pageCount: result.total,
      pagesRead: result.pages.length,
      pages: result.pages.map((page) => page.text),
    };
  } finally {
    await parser.destroy();
  }
}

/** A view, not a copy: pdf-parse copies a Buffer, and the file may be large. */
function toUint8Array(buffer) {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

parentPort.on('message', (job) => {
  extract(job).then(
    (result) => parentPort.postMessage({ type: 'done', id: job.id, ...result }),
    (error) =>
      parentPort.postMessage({
        type: 'failed',
        id: job.id,
        name: error?.name ?? 'Error',
        message: String(error?.message ?? error),
        code: typeof error?.code === 'string' ? error.code : undefined,
      }),
  );
});

/**
 * The first document in a thread is several times slower (module and pdf.js worker loading, cold
 * JIT), so read a tiny PDF before saying 'ready': the caller's timeout then measures the real work.
 */
function warmUpPdf() {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 50] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  const content = 'BT /F1 12 Tf 10 20 Td (warm up) Tj ET';
  objects.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const offset = pdf.length;
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(pdf, 'latin1'));
}

extract({ bytes: warmUpPdf(), maxPages: 1 })
  .catch(() => undefined) // a failed warm-up only costs speed; real jobs report their own errors
  .finally(() => parentPort.postMessage({ type: 'ready' }));
